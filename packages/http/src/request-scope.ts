import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  type ContextFieldsSource,
  type LogContext,
  type Logger,
  runWithContext,
  type TraceContext,
} from '@cloudlog/core';
import type { CompiledOverride, CompiledRule } from './route-rules.js';

/** What adapters (and plain node:http handlers) do with a request being logged. */
export interface RequestScope {
  /** The request id: the incoming safe one, or a generated one. */
  readonly id: string;
  /** The request's logger (`req.log`): carries the request id, trace ids, method and path. */
  readonly log: Logger;
  /** The request context: its fields reach every line of the request, `getLogger()` included. */
  readonly context: LogContext;
  /** The (lower-case) response header the request id is echoed under, or undefined when it is not echoed. */
  readonly echoHeader: string | undefined;
  /** Runs `fn` with the request context active (AsyncLocalStorage), so code below it carries the request's fields. */
  run<R>(fn: () => R): R;
  /**
   * Call once the synchronous part of the handler chain has returned: if the response headers
   * went out already, that is the time to first byte; otherwise it is taken when the response
   * ends ('prefinish'), the first patch-free signal Node gives.
   */
  observeResponse(): void;
  /**
   * For frameworks that send the response themselves once the app's code is done (Koa, after
   * its middleware chain settles): the response starts now, so the time to first byte is taken
   * now, unless known already. Costs no listener.
   */
  responseStarts(): void;
  /** The matched route template, when the adapter knows it before the line is written (the first one set wins). */
  setRoute(template: string | undefined): void;
  /** The error that made the request fail (the first one recorded wins); it goes on the access line as `err`. */
  recordError(error: unknown): void;
  /** Applies a route's override (from `compileRouteOverride`): from now on `log` follows its level. */
  applyOverride(override: CompiledOverride): void;
  /**
   * For adapters whose router records the matched route on the request as it dispatches
   * (Express's `req.route`): the last route object set, kept here instead of on `req`.
   */
  frameworkRoute: unknown;
  /** The base path the router had when `frameworkRoute` was set (Express's `req.baseUrl` then). */
  frameworkRouteBase: string | undefined;
}

/**
 * @internal Everything known about one request, in one private object (never spread over
 * `req`/`res`). The access record is built from it only when the line is written.
 */
export class RequestState implements RequestScope, ContextFieldsSource {
  /** Milliseconds from start to the first observation of the response headers having gone out; -1 unknown. */
  ttfb = -1;
  route: string | undefined = undefined;
  error: unknown = undefined;
  hasError = false;
  override: CompiledOverride | undefined = undefined;
  done = false;
  /** A 'prefinish' listener is attached (only when the headers were not out after the synchronous chain). */
  watchingEnd = false;
  /** The method, and the path, are known to need no JSON escaping (so a default message made of them needs none). */
  plainMethod = false;
  plainPath = false;
  frameworkRoute: unknown = undefined;
  frameworkRouteBase: string | undefined = undefined;

  constructor(
    /** The engine that writes the access line. */
    readonly engine: {
      readonly echoHeader: string | undefined;
      end(state: RequestState): void;
      contextFields(state: RequestState): Record<string, unknown>;
    },
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly socket: Socket | undefined,
    readonly start: number,
    readonly id: string,
    readonly method: string,
    readonly url: string,
    readonly path: string,
    readonly trace: TraceContext | undefined,
    readonly rule: CompiledRule | undefined,
    /** The socket peer, read at the start: it is gone once the socket is destroyed. */
    readonly peer: string | undefined,
    /** `socket.bytesWritten` at the start; bytes out are the difference at the end. */
    readonly bytesWrittenAtStart: number,
    /** The request headers and HTTP version, read once: every read of an Express `req` is a slow, megamorphic one. */
    readonly headers: IncomingHttpHeaders,
    readonly httpVersion: string | undefined,
    /** The framework's own per-request object (Koa's `ctx`), for the binding. */
    readonly frame: unknown,
    /** HTTP/1 over a socket of its own (HTTP/2 streams share a session's socket). */
    readonly http1: boolean,
  ) {}

  /** Logs the access line: bound to the request context, at the engine logger's threshold. Set by the engine right after construction. */
  accessLog!: Logger;
  log!: Logger;
  context!: LogContext;

  /** The next older request in flight on the same connection (HTTP/1.1 pipelining). */
  nextOnSocket: RequestState | undefined = undefined;
  /** Bytes of the response as the socket counted them, settled when the request is over; -1 unknown. */
  bytesOut = -1;

  contextFields(): Record<string, unknown> {
    return this.engine.contextFields(this);
  }

  get echoHeader(): string | undefined {
    return this.engine.echoHeader;
  }

  run<R>(fn: () => R): R {
    return runWithContext(this.context, fn);
  }

  observeResponse(): void {
    if (this.ttfb >= 0 || this.watchingEnd) return;
    if (this.res.headersSent) this.ttfb = performance.now() - this.start;
    else {
      this.watchingEnd = true;
      this.res.on('prefinish', onResponsePrefinish);
    }
  }

  responseStarts(): void {
    if (this.ttfb < 0) this.ttfb = performance.now() - this.start;
  }

  setRoute(template: string | undefined): void {
    if (this.route === undefined && typeof template === 'string') this.route = template;
  }

  recordError(error: unknown): void {
    if (this.hasError) return;
    this.hasError = true;
    this.error = error;
  }

  applyOverride(override: CompiledOverride): void {
    this.override = override;
    if (override.levelName !== undefined) {
      this.context.level = override.level;
      this.log = this.accessLog.child({}, { level: override.levelName as never });
    }
  }
}

// The state rides on the request under one symbol-keyed property: one private object, not
// many fields on `req`. Not a WeakMap: V8's minor GC keeps WeakMap entries alive, so every
// request's req, res and state would survive into the old generation (measured: +2 µs of GC
// per request). Symbol.for: both the ESM and the CommonJS build see it, so a request passing
// two logging middlewares (mounted twice, or two copies) is logged once.
const STATE = Symbol.for('cloudlog.http.request-state.v1');

interface Carrier {
  [STATE]?: RequestState;
}

/** @internal */
export function stateOf(req: IncomingMessage | undefined): RequestState | undefined {
  return req === undefined ? undefined : (req as Carrier)[STATE];
}

/** @internal */
export function attachState(req: IncomingMessage, state: RequestState): void {
  (req as Carrier)[STATE] = state;
}

function onResponsePrefinish(this: ServerResponse): void {
  // 'prefinish': end() was called and the whole response handed to Node; the headers are out.
  const state = stateOf(this.req);
  if (state !== undefined && state.ttfb < 0) state.ttfb = performance.now() - state.start;
}

/** The scope of a request being logged (from any middleware or handler that has `req`). */
export function requestScopeOf(req: IncomingMessage): RequestScope | undefined {
  return stateOf(req);
}
