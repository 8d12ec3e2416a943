// Express 4 and 5, for tests that run against both. Express 4's app type is cast to Express 5's
// so the same test code compiles; test/express/types.test.ts checks both typings for real.
import { createLogger, type Logger, type MemoryTransport, memory } from '@cloudlog/core';
import { errorLogger, loggingMiddleware, routeLevel } from '@cloudlog/express';
import type { NextFunction, Request, Response } from 'express';
import express5 from 'express';
import express4 from 'express4';
import { serve } from './http-server.js';
import { answerOf, type RouteRequest, type RouteSpec, type ServeRoutes } from './neutral-app.js';

export type ExpressFactory = typeof express5;

export const expressVersions: readonly (readonly [string, ExpressFactory])[] = [
  ['express 4', express4 as unknown as ExpressFactory],
  ['express 5', express5],
];

/** A logger at trace level writing to a memory transport. */
export function memoryLogger(level: 'trace' | 'info' = 'trace'): { mem: MemoryTransport; logger: Logger } {
  const mem = memory();
  return { mem, logger: createLogger({ level, transports: [mem] }) };
}

/** An app whose Express error handler does not print stacks to the test output. */
export function quietApp(express: ExpressFactory): ReturnType<ExpressFactory> {
  const app = express();
  app.set('env', 'test');
  return app;
}

/** Builds neutral apps (neutral-app.ts) with `express`: nested routers for mounts, `errorLogger()` last. */
export function expressRoutes(express: ExpressFactory): ServeRoutes {
  return (options, routes, before) => {
    const app = quietApp(express);
    app.use(loggingMiddleware(options as Parameters<typeof loggingMiddleware>[0]));
    if (before !== undefined) {
      app.use((req, _res, next) => {
        before(requestOf(req));
        next();
      });
    }
    const routers = new Map<string, ReturnType<typeof express.Router>>();
    for (const spec of routes) {
      let router = spec.mount === undefined ? undefined : routers.get(spec.mount);
      if (spec.mount !== undefined && router === undefined) {
        router = express.Router({ mergeParams: true });
        routers.set(spec.mount, router);
        app.use(spec.mount, router);
      }
      const handlers = [(req: Request, res: Response, next: NextFunction) => answer(spec, req, res, next)];
      if (spec.override !== undefined) handlers.unshift(routeLevel(spec.override) as never);
      (router ?? app).get(spec.path, ...handlers);
    }
    app.use(errorLogger());
    return serve(app);
  };
}

function requestOf(req: Request): RouteRequest {
  return { log: req.log, id: req.id, query: req.query, params: req.params as Record<string, string> };
}

/** Runs a neutral handler; Express 4 does not catch a rejected handler, so errors go to next(). */
function answer(spec: RouteSpec, req: Request, res: Response, next: NextFunction): void {
  Promise.resolve()
    .then(() => spec.handle?.(requestOf(req)))
    .then((result) => {
      const { status, body } = answerOf(result);
      res.status(status).send(body);
    }, next);
}
