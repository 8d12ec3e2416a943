import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { requestContextSuite } from '../support/context-suite.js';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { koaRoutes, koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  requestContextSuite(`koa: request context (${label})`, koaRoutes(Koa));

  describe(`koa: mounting and ctx (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
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
