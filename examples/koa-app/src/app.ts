// The example app: every feature of @cloudlog/koa on a handful of routes.
//   GET /users/:id  200 (404 for id 0 via ctx.throw), a service logging through getLogger()
//   GET /missing    no route: Koa's default 404
//   GET /boom       a thrown Error: 500, one error line with the error
//   GET /me         fake auth then ctx.log.assign({ userId }); 401 via ctx.throw when signed out
//   GET /stream     a slow stream body (abort it with the client to see an 'aborted' line)
//   GET /slow       slower than slowMs: a warn line marked slow
//   GET /payments   routeLevel('debug'): ctx.log.debug and the service's debug lines show
//   GET /health     access log off by a route rule (errors and slow probes would still show)
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { getLogger, type Logger } from '@cloudlog/core';
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import Router from '@koa/router';
import Koa from 'koa';
import { type AuthState, fakeAuth } from './auth.js';
import { listPayments } from './payments.js';
import { findUser } from './users.js';

export interface AppOptions {
  /**
   * Logger of the access lines and of `ctx.log`. Services log through `getLogger()`: call
   * `configure()` to choose where their lines go. @default getLogger()
   */
  readonly logger?: Logger;
  /** Requests taking at least this long are logged as slow (warn). @default 500 */
  readonly slowMs?: number;
  /** How long GET /slow takes. @default slowMs + 250 */
  readonly slowRouteDelayMs?: number;
  /** Chunks GET /stream sends. @default 20 */
  readonly streamChunks?: number;
  /** Pause between two chunks of GET /stream. @default 200 */
  readonly streamIntervalMs?: number;
}

export function createApp(options: AppOptions = {}): Koa<AuthState> {
  const slowMs = options.slowMs ?? 500;
  const app = new Koa<AuthState>();
  app.use(
    loggingMiddleware({
      logger: options.logger ?? getLogger(),
      slowMs,
      routes: [{ match: 'GET /health', accessLog: 'off' }],
    }),
  );
  app.use(fakeAuth());

  const router = new Router<AuthState>();
  router.get('/users/:id', async (ctx) => {
    const user = await findUser(ctx.params.id ?? '');
    if (user === undefined) return ctx.throw(404, 'no such user');
    ctx.body = user;
  });
  router.get('/boom', () => {
    throw new Error('the database is on fire');
  });
  router.get('/me', async (ctx) => {
    const userId = ctx.state.userId;
    if (userId === undefined) return ctx.throw(401, 'sign in first');
    ctx.log.info('profile requested');
    ctx.body = await findUser(userId);
  });
  router.get('/stream', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = slowStream(options.streamChunks ?? 20, options.streamIntervalMs ?? 200);
  });
  router.get('/slow', async (ctx) => {
    await delay(options.slowRouteDelayMs ?? slowMs + 250);
    ctx.body = { done: true };
  });
  router.get('/payments', routeLevel('debug'), (ctx) => {
    ctx.log.debug('listing payments');
    ctx.body = listPayments(ctx.state.userId);
  });
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** A body that trickles out, so a client can hang up halfway. */
function slowStream(chunks: number, intervalMs: number): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 1; i <= chunks; i++) {
        yield `chunk ${i} of ${chunks}\n`;
        if (i < chunks) await delay(intervalMs);
      }
    })(),
  );
}
