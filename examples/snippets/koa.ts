// @cloudlog/koa: one access line per request, ctx.log, per-route levels, the real error.
import { configure } from '@cloudlog/core';
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import Router from '@koa/router';
import Koa from 'koa';

configure({ level: 'info' }); // JSON lines on stdout; or transports for CloudWatch / Cloud Logging

const app = new Koa();
app.use(
  // First, so it sees every error thrown below it (and throws it on to Koa).
  loggingMiddleware({
    slowMs: 1000,
    routes: [{ match: 'GET,HEAD /health', accessLog: 'off' }], // no line unless it fails or is slow
  }),
);
app.use(async (ctx, next) => {
  ctx.log.assign({ userId: 'u-42' }); // after auth: on every later line and on the access line
  await next();
});

const router = new Router();
router.get('/users/:id', async (ctx) => {
  ctx.log.info('loading user'); // carries requestId, traceId, method, path, userId
  ctx.body = { id: ctx.params.id, requestId: ctx.id };
});
router.post('/payments', routeLevel('debug'), (ctx) => {
  ctx.log.debug('charging'); // logged: this route's threshold is debug
  ctx.status = 201;
});
router.get('/boom', () => {
  throw new Error('database unreachable'); // one error line: status 500, the error, its stack
});
router.get('/health', (ctx) => {
  ctx.body = 'ok';
});
app.use(router.routes());
app.listen(3000);
