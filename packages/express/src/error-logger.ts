import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestScopeOf } from '@cloudlog/http';
import { routeTemplateOf } from './express-binding.js';
import type { ExpressRequestLike } from './express-request.js';

/** An Express error middleware (four parameters; assignable to `ErrorRequestHandler`). */
export type ExpressErrorMiddleware = (
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Records the real error of a failing request (one passed to `next(err)`, thrown in a handler,
 * or an Express 5 handler's rejected promise) for its access line, then calls `next(err)` so the
 * app's error handlers and Express's own still run. Place it after the routes, before your error
 * handlers: `app.use(errorLogger())`. Without it a 500 still gives an error-level access line,
 * without the error object.
 */
export function errorLogger(): ExpressErrorMiddleware {
  return function cloudlogErrorLogger(error, req, _res, next) {
    const scope = requestScopeOf(req);
    if (scope !== undefined) {
      // Placed inside a router, this sees the router's req.baseUrl, which Express restores on the way out.
      scope.setRoute(routeTemplateOf(req as ExpressRequestLike));
      scope.recordError(error);
    }
    next(error);
  };
}
