// How the engine learns that a request is over, without patching anything and without a
// listener on each response (an Express `res` has a hidden class of its own, so every listener
// added to it is a slow store; measured ~0.7 µs per request):
// - a response that ends: Node's own `http.server.response.finish` diagnostics channel, published
//   from the server's 'finish' handler for every HTTP/1 response; one subscriber per process;
// - a connection that closes first (client abort, server destroying the socket): one 'close'
//   listener per connection, which ends every request still in flight on it.
// HTTP/2 (and anything that is not an HTTP/1 socket) falls back to the response's 'close' event.
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type RequestState, stateOf } from './request-scope.js';

/** On a socket: the newest request in flight on it (older pipelined ones are chained behind it). */
const IN_FLIGHT = Symbol.for('cloudlog.http.in-flight.v1');
/** On a socket: its `bytesWritten` when its last response ended (responses end in order). */
const BYTES_AT_LAST_END = Symbol.for('cloudlog.http.bytes-at-last-end.v1');
const SUBSCRIBED = Symbol.for('cloudlog.http.finish-subscriber.v1');

interface Connection extends Socket {
  /** undefined: not watched yet; null: watched, nothing in flight. */
  [IN_FLIGHT]?: RequestState | null;
  [BYTES_AT_LAST_END]?: number;
}

interface FinishMessage {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly socket: Socket;
}

/** Arranges for `state.engine.end(state)` once the request is over, whichever way. */
export function watchEnd(state: RequestState, http1: boolean): void {
  const socket = state.socket as Connection | undefined;
  if (!http1 || socket === undefined || !subscribeOnce()) {
    state.res.on('close', () => state.engine.end(state));
    return;
  }
  const current = socket[IN_FLIGHT];
  if (current === undefined) socket.once('close', onConnectionClose);
  state.nextOnSocket = current ?? undefined;
  socket[IN_FLIGHT] = state;
}

/**
 * Called once a request is over: takes it off its connection's in-flight chain and settles its
 * byte count. Bytes out are what the socket was handed from the later of the request's start
 * and the end of the previous response on the connection (so a pipelined response is not charged
 * for the one before it), to the end of this one.
 */
export function settle(state: RequestState): void {
  const socket = state.socket as Connection | undefined;
  if (socket === undefined) return;
  if (state.bytesWrittenAtStart >= 0) {
    const now = socket.bytesWritten;
    if (typeof now === 'number') {
      const previousEnd = socket[BYTES_AT_LAST_END];
      const from =
        previousEnd !== undefined && previousEnd > state.bytesWrittenAtStart ? previousEnd : state.bytesWrittenAtStart;
      state.bytesOut = now - from;
      socket[BYTES_AT_LAST_END] = now;
    }
  }
  let current = socket[IN_FLIGHT];
  if (current === state) {
    socket[IN_FLIGHT] = state.nextOnSocket ?? null;
    return;
  }
  while (current != null) {
    if (current.nextOnSocket === state) {
      current.nextOnSocket = state.nextOnSocket;
      return;
    }
    current = current.nextOnSocket;
  }
}

function onFinish(message: unknown): void {
  const state = stateOf((message as FinishMessage).request);
  if (state !== undefined) state.engine.end(state);
}

function onConnectionClose(this: Connection): void {
  let state = this[IN_FLIGHT];
  this[IN_FLIGHT] = null;
  while (state != null) {
    const next = state.nextOnSocket;
    state.engine.end(state);
    state = next;
  }
}

// One subscriber per process, even when both the ESM and the CommonJS build are loaded.
const holder = globalThis as unknown as Record<symbol, boolean | undefined>;

function subscribeOnce(): boolean {
  if (holder[SUBSCRIBED] === true) return true;
  try {
    subscribe('http.server.response.finish', onFinish);
    holder[SUBSCRIBED] = true;
    return true;
  } catch {
    return false;
  }
}
