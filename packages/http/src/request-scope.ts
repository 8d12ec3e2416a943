import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type LogContext, type Logger, runWithContext } from '@cloudlog/core';
import type { CompiledOverride, CompiledRule } from './route-rules.js';

/** What adapters (and plain node:http handlers) do with a request being logged. */
export interface RequestScope {
  /** The request id: the incoming safe one, or a generated one. */
  readonly id: string;
  /** The request's logger (`req.log`): carries the request id, trace ids, method and path. */
  readonly log: Logger;
  /** The request context: its fields reach every line of the request, `getLogger()` included. */
  readonly context: LogContext;
  /** Runs `fn` with the request context active (AsyncLocalStorage), so code below it carries the request's fields. */
  run<R>(fn: () => R): R;
  /** A point where the response may have started (after the synchronous part of the handlers): times the first byte. */
  observeResponse(): void;
  /** The matched route template, when the adapter knows it before the line is written (the first one set wins). */
  setRoute(template: string | undefined): void;
  /** The error that made the request fail (the first one recorded wins); it goes on the access line as `err`. */
  recordError(error: unknown): void;
  /** Applies a route's override (from `compileRouteOverride`): from now on `log` follows its level. */
  applyOverride(override: CompiledOverride): void;
}

/**
 * @internal Everything known about one request, in one private object (kept in a WeakMap, never
 * spread over `req`/`res`). The access record is built from it only when the line is written.
 */
export class RequestState implements RequestScope {
  /** Milliseconds from start to the first observation of the response headers having gone out; -1 unknown. */
  ttfb = -1;
  route: string | undefined = undefined;
  error: unknown = undefined;
  hasError = false;
  override: CompiledOverride | undefined = undefined;
  done = false;

  constructor(
    /** The engine that writes the access line. */
    readonly engine: { end(state: RequestState): void },
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly socket: Socket | undefined,
    readonly start: number,
    readonly id: string,
    readonly method: string,
    readonly url: string,
    readonly path: string,
    /** Logs the access line: bound to the request context, at the engine logger's threshold. */
    readonly accessLog: Logger,
    public log: Logger,
    readonly context: LogContext,
    readonly rule: CompiledRule | undefined,
    /** The socket peer, read at the start: it is gone once the socket is destroyed. */
    readonly peer: string | undefined,
    /** `socket.bytesWritten` at the start; bytes out are the difference at the end. */
    readonly bytesWrittenAtStart: number,
  ) {}

  run<R>(fn: () => R): R {
    return runWithContext(this.context, fn);
  }

  observeResponse(): void {
    if (this.ttfb < 0 && this.res.headersSent) this.ttfb = performance.now() - this.start;
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

// One registry per process, even if both the ESM and the CommonJS build are loaded, so that a
// request passing two logging middlewares (mounted twice, or two copies) is logged once.
const KEY = Symbol.for('cloudlog.http.requests.v1');
const holder = globalThis as unknown as Record<symbol, WeakMap<IncomingMessage, RequestState> | undefined>;
holder[KEY] ??= new WeakMap();
/** @internal */
export const requestStates: WeakMap<IncomingMessage, RequestState> = holder[KEY];

/** The scope of a request being logged (from any middleware or handler that has `req`). */
export function requestScopeOf(req: IncomingMessage): RequestScope | undefined {
  return requestStates.get(req);
}
