// Errors that reach the app without passing through the logging middleware: a stream body that
// fails while Koa sends it, or an error the app's own error middleware handles and reports with
// `ctx.app.emit('error', err, ctx)`, as Koa's docs advise. Koa reports every error it handles
// the same way (`ctx.onerror` emits it), so listening to the app's 'error' event puts each one
// on its request's access line, the same object the app's own listeners receive.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { requestScopeOf } from '@cloudlog/http';

const WATCHED = Symbol.for('cloudlog.koa.app-errors.v1');

/**
 * Errors Node and Koa report when the client closed the connection: the request's outcome is
 * `aborted`, which its access line says without an error.
 */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Listens (once per app) to the app's 'error' event. It is called from a request, after Koa's
 * `callback()` added its default listener when the app had none, so the app keeps its own
 * reporting (Koa checks for listeners only in `callback()`).
 */
export function watchAppErrors(app: EventEmitter): void {
  if ((app as { [WATCHED]?: true })[WATCHED] === true) return;
  Object.defineProperty(app, WATCHED, { value: true, enumerable: false, configurable: true });
  app.on('error', recordAppError);
}

function recordAppError(error: unknown, ctx: unknown): void {
  const req = (ctx as { req?: IncomingMessage } | null | undefined)?.req;
  if (req === undefined) return;
  const scope = requestScopeOf(req);
  if (scope === undefined) return;
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === 'string' && CLIENT_GONE.has(code)) return;
  scope.recordError(error);
}
