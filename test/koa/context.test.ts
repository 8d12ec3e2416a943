import { setTimeout as delay } from 'node:timers/promises';
import { configure, getLogger, memory } from '@cloudlog/core';
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, accessLines, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

/** A service module: it knows nothing of requests, yet its lines carry the request's fields. */
async function loadOrders(userId: string): Promise<number> {
  await delay(1);
  getLogger('orders').info({ userId }, 'orders loaded');
  return 3;
}

for (const [label, Koa] of koaVersions) {
  describe(`koa: request context (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('ctx.log.assign() after auth reaches every later line, getLogger() lines and the access line', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const app = quietKoa(Koa);
      app.use(loggingMiddleware());
      app.use(async (ctx, next) => {
        ctx.log.info('before auth');
        ctx.log.assign({ userId: 'u-7' });
        await next();
      });
      const router = new Router();
      router.get('/orders', async (ctx) => {
        const count = await loadOrders('u-7');
        ctx.log.info('handled');
        ctx.body = { count };
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      const res = await request(served.server).get('/orders');
      const line = await accessLineFor(mem, '/orders');
      // Assess
      const rows = mem.records.map((r) => [r.msg, r.name, r.userId, r.requestId === res.headers['x-request-id']]);
      expect(rows).to.deep.equal([
        ['before auth', undefined, undefined, true],
        ['orders loaded', 'orders', 'u-7', true],
        ['handled', undefined, 'u-7', true],
        [line.msg, undefined, 'u-7', true],
      ]);
    });

    it('200 concurrent requests: each line carries only its own request id, user and path', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const app = quietKoa(Koa);
      app.use(loggingMiddleware());
      const router = new Router();
      router.get('/work/:n', async (ctx) => {
        const n = Number(ctx.params.n);
        await delay(n % 7);
        ctx.log.assign({ userId: `u${n}` });
        await delay(n % 5);
        getLogger('worker').info({ n }, 'working');
        await delay(n % 3);
        ctx.body = { id: ctx.id };
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      const ids = await Promise.all(
        Array.from({ length: 200 }, async (_, n) => {
          const res = await fetch(`${(served as Served).url}/work/${n}`, { headers: { 'x-request-id': `req-${n}` } });
          return ((await res.json()) as { id: string }).id;
        }),
      );
      await mem.waitFor(() => accessLines(mem).length === 200);
      // Assess
      expect(ids).to.deep.equal(Array.from({ length: 200 }, (_, n) => `req-${n}`));
      const working = mem.records.filter((r) => r.msg === 'working');
      expect(working).to.have.length(200);
      for (const r of working)
        expect([r.requestId, r.userId, r.path]).to.deep.equal([`req-${r.n}`, `u${r.n}`, `/work/${r.n}`]);
      for (const r of accessLines(mem)) {
        const n = Number(String(r.path).split('/')[2]);
        expect([r.requestId, r.userId, r.route]).to.deep.equal([`req-${n}`, `u${n}`, '/work/:n']);
      }
    });

    it('mounted twice (or two instances, or on a router), a request is logged once and keeps its first id', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const other = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      app.use(loggingMiddleware({ logger }));
      const router = new Router({ prefix: '/nested' });
      router.use(loggingMiddleware({ logger: other.logger }));
      router.get('/twice', (ctx) => {
        ctx.log.info('inside');
        ctx.body = { id: ctx.id };
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      const res = await request(served.server).get('/nested/twice');
      await request(served.server).get('/marker');
      await accessLineFor(mem, '/marker');
      // Assess
      expect(res.headers['x-request-id']).to.equal(res.body.id);
      expect(
        mem.records.filter((r) => r.path === '/nested/twice').map((r) => [r.msg === 'inside', r.requestId]),
      ).to.deep.equal([
        [true, res.body.id],
        [false, res.body.id],
      ]);
      expect(other.mem.records).to.have.length(0);
    });

    it('logs through getLogger() by default, following a later configure()', async () => {
      const app = quietKoa(Koa);
      app.use(loggingMiddleware());
      app.use((ctx) => {
        ctx.body = '';
      });
      served = await serve(app.callback());
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      await request(served.server).get('/configured');
      expect((await accessLineFor(mem, '/configured')).level).to.equal('info');
    });

    it('adds ctx.log and ctx.id only: ctx.state, ctx.request and ctx.response keep their own keys', async () => {
      // Prepare
      const snapshot = (value: object): string[] => Reflect.ownKeys(value).map(String).sort();
      const keys: Record<string, string[][]> = {};
      for (const name of ['bare', 'logged']) {
        const app = quietKoa(Koa);
        if (name === 'logged') app.use(loggingMiddleware({ logger: memoryLogger().logger }));
        const router = new Router();
        router.get('/users/:id', routeLevel('debug'), (ctx) => {
          ctx.body = 'ok';
          keys[name] = [snapshot(ctx), snapshot(ctx.state), snapshot(ctx.request), snapshot(ctx.response)];
        });
        app.use(router.routes());
        // Act
        await request(app.callback()).get('/users/1');
      }
      // Assess
      const [ctx, state, req, res] = keys.logged as string[][];
      expect(ctx).to.deep.equal([...(keys.bare?.[0] ?? []), 'id', 'log'].sort());
      expect([state, req, res]).to.deep.equal(keys.bare?.slice(1));
      expect(state).to.deep.equal([]);
    });
  });
}
