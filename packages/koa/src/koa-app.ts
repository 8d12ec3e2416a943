// What the middleware arranges once per Koa app: it listens to the app's 'error' event, and,
// when it is the app's outermost middleware, learns when Koa starts responding from Koa itself
// instead of from a promise of its own.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { type RequestScope, requestScopeOf } from '@cloudlog/http';
import { echoIdOnError } from './request-id-on-error.js';

const WATCHED = Symbol.for('cloudlog.koa.app-errors.v1');
const HOOKED = Symbol.for('cloudlog.koa.respond-hook.v1');
/** Where a `ctx.respond` assigned by the app is kept once the hook is on the app's context. */
const RESPOND = Symbol.for('cloudlog.koa.respond.v1');

/** The parts of a Koa app the middleware reads (the same in Koa 2 and 3). */
export interface KoaAppLike extends EventEmitter {
  readonly middleware?: readonly unknown[];
  readonly context?: object;
}

/**
 * Errors Node and Koa report when the client closed the connection while the response was being
 * sent: the request's outcome is `aborted`, which its access line says without an error.
 */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Prepares `app` for requests logged by `middleware`, and says whether its requests may skip
 * the middleware's own promise: true when `middleware` is the app's outermost one (so every
 * error from below reaches Koa's `ctx.onerror`, which reports it through the app's 'error'
 * event) and Koa's own `ctx.onerror` and `ctx.respond` are in place, so the time Koa starts
 * responding can be read when Koa reads `ctx.respond`.
 */
export function prepareApp(app: KoaAppLike, middleware: unknown): boolean {
  watchAppErrors(app);
  const context = app.context;
  return (
    Array.isArray(app.middleware) &&
    app.middleware[0] === middleware &&
    typeof context === 'object' &&
    context !== null &&
    hookRespond(context)
  );
}

/**
 * Listens (once per app) to the app's 'error' event. It is called from a request, after Koa's
 * `callback()` added its default listener when the app had none, so the app keeps its own
 * reporting (Koa checks for listeners only in `callback()`). Errors that reach the app without
 * passing through the middleware's promise come here: every error from below when the
 * middleware is outermost, a stream body failing while Koa sends it, an error the app's own
 * error middleware handles and reports with `ctx.app.emit('error', err, ctx)`, as Koa's docs
 * advise. Koa emits before it clears the headers of the error response, so the request id is
 * put back here (through `err.headers`, which Koa then sets).
 */
function watchAppErrors(app: EventEmitter): void {
  if ((app as { [WATCHED]?: true })[WATCHED] === true) return;
  Object.defineProperty(app, WATCHED, { value: true, enumerable: false, configurable: true });
  app.on('error', recordAppError);
}

function recordAppError(error: unknown, ctx: unknown): void {
  const req = (ctx as { req?: IncomingMessage } | null | undefined)?.req;
  if (req === undefined) return;
  const scope = requestScopeOf(req);
  if (scope === undefined) return;
  const failure = error as { code?: unknown; headerSent?: unknown } | null | undefined;
  // Koa marks `headerSent` when the response had started or the connection was no longer
  // writable: a client-gone error then means the client left, not that the request failed.
  if (failure?.headerSent === true && typeof failure.code === 'string' && CLIENT_GONE.has(failure.code)) return;
  recordFailure(scope, error, failure?.headerSent !== true);
}

/**
 * Records an error for the request's access line (the first one wins), puts the request id back
 * on the error response Koa is about to send (unless its headers are out already), and takes the
 * time to first byte: Koa answers the error now.
 */
export function recordFailure(scope: RequestScope, error: unknown, headersPending: boolean): void {
  scope.recordError(error);
  const header = scope.echoHeader;
  if (header !== undefined && headersPending) echoIdOnError(error, header, scope.id);
  scope.responseStarts();
}

/**
 * Puts `ctx.respond` on the app's context prototype (`app.context`, Koa's documented place to
 * extend every `ctx`) as an accessor: Koa's `respond()` reads it first thing, once the middleware
 * chain has settled, which is the moment the response starts. Assigning `ctx.respond` (false, to
 * bypass Koa) works as before. Not done when the app already defines `respond` or its own
 * `onerror` (which might not report errors through the 'error' event).
 */
function hookRespond(context: object): boolean {
  const holder = context as { [HOOKED]?: true };
  if (holder[HOOKED] === true) return true;
  if ('respond' in context || Object.hasOwn(context, 'onerror')) return false;
  try {
    Object.defineProperty(context, 'respond', {
      get: readRespond,
      set: assignRespond,
      enumerable: false,
      configurable: true,
    });
    Object.defineProperty(context, HOOKED, { value: true, enumerable: false, configurable: true });
    return true;
  } catch {
    return false; // a frozen context
  }
}

interface RespondCarrier {
  readonly req?: IncomingMessage;
  [RESPOND]?: unknown;
}

function readRespond(this: RespondCarrier): unknown {
  const value = this[RESPOND];
  const req = this.req;
  if (value !== false && req !== undefined) requestScopeOf(req)?.responseStarts();
  return value;
}

function assignRespond(this: RespondCarrier, value: unknown): void {
  this[RESPOND] = value;
}
