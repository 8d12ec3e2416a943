// A Koa app typed with no cast anywhere: this file is type-checked by the root type-check
// (tsconfig.check.json, Koa 3 typings) and by test/koa/koa2-types.tsconfig.json (the same
// source against Koa 2 typings). `@ts-expect-error` fails the check when the line below it
// compiles, which it would if `ctx.log` were the `any` of Koa's DefaultContext index signature.
import type { Logger } from '@cloudlog/core';
import { type ContextLogFields, loggingMiddleware, routeLevel } from '@cloudlog/koa';
import Router from '@koa/router';
import Koa from 'koa';

interface AppState {
  userId?: string;
}

export function typedApp(logger: Logger): Koa<AppState> {
  const app = new Koa<AppState>();
  app.use(
    loggingMiddleware({
      logger,
      routes: [{ match: 'GET /health', accessLog: 'off' }],
      customFields: (ctx) => ({ agent: ctx.get('user-agent') }),
      message: (access, ctx) => `${access.method} ${ctx.path} ${access.status ?? access.outcome}`,
      skip: (ctx) => ctx.path === '/metrics' && ctx.status < 400,
    }),
  );
  app.use(async (ctx, next) => {
    ctx.log.warn('x');
    const id: string = ctx.id;
    ctx.state.userId = id;
    ctx.log.assign({ userId: id });
    if (ctx.path === '/never') {
      // @ts-expect-error: Logger has no method 'verbose'
      ctx.log.verbose('nope');
      // @ts-expect-error: a log call takes a message or fields, not a number
      ctx.log.warn(42);
    }
    // @ts-expect-error: ctx.id is a string
    const wrong: number = ctx.id;
    void wrong;
    await next();
  });
  const router = new Router<AppState>();
  router.get('/users/:id', routeLevel('debug'), (ctx) => {
    ctx.log.debug({ userId: ctx.params.id }, 'loading %s', ctx.params.id);
    const child: Logger = ctx.log.child({ part: 'users' });
    const fields: ContextLogFields = ctx;
    ctx.body = { id: fields.id, level: child.level };
  });
  router.get('/fail', routeLevel({ level: 'warn', accessLog: 'errors', sampleRate: 0.5 }), () => {
    throw new Error('typed failure');
  });
  app.use(router.routes());
  app.on('error', (error: unknown, ctx: Koa.Context) => {
    ctx.log.error({ err: error }, 'reported by the app');
  });
  return app;
}
