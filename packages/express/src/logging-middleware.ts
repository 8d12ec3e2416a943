import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestLogging, type HttpLoggingOptions } from '@cloudlog/http';
import type { Request, Response } from 'express';
import { expressBinding } from './express-binding.js';
import type { ExpressRequestLike } from './express-request.js';
import { ensureRequestAccessors } from './request-accessors.js';

/**
 * Options of `loggingMiddleware()`: those of the engine (`@cloudlog/http`), with Express's
 * request and response in `customFields` and `message`. The client address is `req.ip`, so the
 * app's `trust proxy` setting decides it (there is no `trustProxy` option here).
 */
export type ExpressLoggingOptions = Omit<HttpLoggingOptions<Request, Response>, 'trustProxy'>;

/** An Express middleware (assignable to Express 4 and 5 `RequestHandler`). */
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Request logging for Express 4 and 5: `app.use(loggingMiddleware())`, first, before routes.
 * Each request gets `req.log` and `req.id`, runs in its own logging context (so `getLogger()`
 * below a handler carries its fields), and produces exactly one access line. Options are
 * validated here: a mistake is a TypeError. Mounted twice, a request is still logged once.
 */
export function loggingMiddleware(options?: ExpressLoggingOptions): ExpressMiddleware {
  const engine = createRequestLogging<ExpressRequestLike, ServerResponse>(
    options as HttpLoggingOptions<ExpressRequestLike, ServerResponse>,
    expressBinding,
  );
  return function cloudlogLogging(req: ExpressRequestLike, res: ServerResponse, next: (error?: unknown) => void): void {
    const scope = engine.begin(req, res);
    if (scope === undefined) {
      // Already logged by an earlier mount, or logging could not start: the request goes on.
      if (req.log === undefined) req.log = engine.logger;
      next();
      return;
    }
    if (!ensureRequestAccessors(req)) {
      req.log = scope.log;
      req.id = scope.id;
    }
    scope.run(next);
    scope.observeResponse();
  } as ExpressMiddleware;
}
