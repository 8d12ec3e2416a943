// Request logging for plain node:http servers (and any connect-style stack):
//   const handle = createRequestHandler({ logger });
//   http.createServer((req, res) => handle(req, res, () => app(req, res)));
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLoggingOptions } from './options.js';
import { createRequestLogging } from './request-logging.js';
import type { RequestScope } from './request-scope.js';

/** Logs one request and runs `next` inside its context; `next` gets the scope (its `log`, `id`). */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (scope: RequestScope | undefined) => unknown,
) => void;

/**
 * A handler for plain node:http: starts logging the request, then calls `next` with the request
 * context active, so `getLogger()` anywhere below carries the request's fields. If `next` throws,
 * the error is recorded on the access line and thrown on. If it returns a promise that rejects,
 * the error is recorded and, as a framework would, the response is ended with a 500 (or the
 * connection closed when the headers were already sent), so the request never hangs.
 */
export function createRequestHandler(options?: HttpLoggingOptions): RequestHandler {
  const engine = createRequestLogging(options);
  return (req, res, next) => {
    const scope = engine.begin(req, res);
    if (scope === undefined) {
      settle(next(undefined), undefined, res);
      return;
    }
    let result: unknown;
    try {
      result = scope.run(() => next(scope));
    } catch (error) {
      scope.recordError(error);
      throw error;
    }
    scope.observeResponse();
    settle(result, scope, res);
  };
}

/** Wraps a `request` listener: `http.createServer(withRequestLogging((req, res) => …, options))`. */
export function withRequestLogging(
  listener: (req: IncomingMessage, res: ServerResponse) => unknown,
  options?: HttpLoggingOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof listener !== 'function')
    throw new TypeError('cloudlog: withRequestLogging(listener) takes a request listener');
  const handle = createRequestHandler(options);
  return (req, res) => handle(req, res, () => listener(req, res));
}

function settle(result: unknown, scope: RequestScope | undefined, res: ServerResponse): void {
  if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') return;
  (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
    scope?.recordError(error);
    if (res.writableEnded) return;
    if (res.headersSent) res.destroy();
    else {
      res.statusCode = 500;
      res.end();
    }
  });
}
