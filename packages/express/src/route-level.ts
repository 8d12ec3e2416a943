import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelInput } from '@cloudlog/core';
import { compileRouteOverride, type RouteOverride, requestScopeOf } from '@cloudlog/http';
import { routeTemplateOf } from './express-binding.js';
import type { ExpressRequestLike } from './express-request.js';
import type { ExpressMiddleware } from './logging-middleware.js';

/**
 * A per-route override, placed on the route: `app.get('/payments', routeLevel('debug'), handler)`.
 * A level sets the threshold of `req.log` for the route (and of `getLogger()` loggers below the
 * handler); a rule object can also set the access line (`accessLog`, `sampleRate`, `slowMs`).
 * It wins over the `routes` rules of `loggingMiddleware()`. Validated here (a TypeError).
 */
export function routeLevel(levelOrRule: LevelInput | RouteOverride): ExpressMiddleware {
  const override = compileRouteOverride(levelOrRule);
  return function cloudlogRouteLevel(req: ExpressRequestLike, _res: ServerResponse, next: () => void): void {
    const scope = requestScopeOf(req);
    if (scope !== undefined) {
      // Exact here: Express has not restored req.baseUrl yet, as it does when an error leaves a router.
      scope.setRoute(routeTemplateOf(req));
      scope.applyOverride(override);
      // Only when req.log is an own property (the accessor fallback); the accessor follows the scope.
      if (Object.hasOwn(req, 'log')) req.log = scope.log;
    }
    next();
  } as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
