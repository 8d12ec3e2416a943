import type { LevelInput } from '@cloudlog/core';
import { compileRouteOverride, type RouteOverride, requestScopeOf } from '@cloudlog/http';
import { routeTemplateOf } from './koa-binding.js';
import type { KoaContextLike } from './koa-context.js';
import type { KoaMiddleware } from './logging-middleware.js';

/**
 * A per-route override, placed on the route: `router.get('/payments', routeLevel('debug'), handler)`.
 * A level sets the threshold of `ctx.log` for the route (and of `getLogger()` loggers below the
 * handler); a rule object can also set the access line (`accessLog`, `sampleRate`, `slowMs`).
 * It wins over the `routes` rules of `loggingMiddleware()`. Validated here (a TypeError).
 */
export function routeLevel(levelOrRule: LevelInput | RouteOverride): KoaMiddleware {
  const override = compileRouteOverride(levelOrRule);
  return function cloudlogRouteLevel(ctx, next) {
    const scope = requestScopeOf(ctx.req);
    if (scope !== undefined) {
      scope.setRoute(routeTemplateOf(ctx as unknown as KoaContextLike));
      scope.applyOverride(override);
      ctx.log = scope.log;
    }
    return next();
  };
}
