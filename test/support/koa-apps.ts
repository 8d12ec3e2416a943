// Koa 2 and 3, for tests that run against both. Koa 2's constructor is typed as Koa 3's so the
// same test code compiles; test/koa/types.test.ts checks both typings for real.
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import Router from '@koa/router';
import Koa from 'koa';
import Koa2 from 'koa2';
import { serve } from './http-server.js';
import { answerOf, type RouteRequest, type ServeRoutes } from './neutral-app.js';

export type KoaFactory = typeof Koa;

export const koaVersions: readonly (readonly [string, KoaFactory])[] = [
  ['koa 2', Koa2 as unknown as KoaFactory],
  ['koa 3', Koa],
];

/** An app whose default error listener does not print stacks to the test output. */
export function quietKoa(K: KoaFactory, options?: { proxy?: boolean }): Koa {
  const app: Koa = new K(options);
  (app as { silent?: boolean }).silent = true;
  return app;
}

export { Router };

/** Builds neutral apps (neutral-app.ts) with Koa and @koa/router: mounts are nested routers (`root.use(mount, nested.routes())`). */
export function koaRoutes(K: KoaFactory): ServeRoutes {
  return (options, routes, before) => {
    const app = quietKoa(K);
    app.use(loggingMiddleware(options as Parameters<typeof loggingMiddleware>[0]));
    if (before !== undefined) {
      app.use(async (ctx, next) => {
        before(requestOf(ctx));
        await next();
      });
    }
    const root = new Router();
    const nested = new Map<string, Router>();
    for (const spec of routes) {
      let router = spec.mount === undefined ? root : nested.get(spec.mount);
      if (router === undefined) {
        router = new Router();
        nested.set(spec.mount as string, router);
      }
      const handler: Koa.Middleware = async (ctx) => {
        const { status, body } = answerOf(await spec.handle?.(requestOf(ctx)));
        ctx.status = status;
        ctx.body = body;
      };
      if (spec.override === undefined) router.get(spec.path, handler);
      else router.get(spec.path, routeLevel(spec.override) as Koa.Middleware, handler);
    }
    for (const [mount, router] of nested) root.use(mount, router.routes());
    app.use(root.routes());
    return serve(app.callback());
  };
}

function requestOf(ctx: Koa.Context): RouteRequest {
  const params = (ctx as { params?: Record<string, string> }).params ?? {};
  return { log: ctx.log, id: ctx.id, query: ctx.query, params };
}
