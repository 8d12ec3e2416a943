import type { MemoryTransport } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: HEAD and 304 (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('HEAD sends headers only, and a 304 for a fresh ETag (ctx.fresh) sends no body', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      const router = new Router();
      router.get('/doc', (ctx) => {
        ctx.etag = '"v1"';
        ctx.status = 200;
        if (ctx.fresh) ctx.status = 304;
        else ctx.body = 'x'.repeat(5000);
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      const full = await request(served.server).get('/doc');
      const head = await request(served.server).head('/doc');
      const notModified = await request(served.server).get('/doc').set('if-none-match', '"v1"');
      const lines = await waitForLines(mem, '/doc', 3);
      // Assess
      expect([full.status, head.status, notModified.status]).to.deep.equal([200, 200, 304]);
      expect(head.headers['content-length']).to.equal('5000');
      const [get, headLine, cached] = lines;
      expect(get).to.include({ method: 'GET', status: 200, level: 'info', route: '/doc' });
      expect(headLine).to.include({ method: 'HEAD', status: 200, level: 'info', route: '/doc' });
      expect(cached).to.include({ method: 'GET', status: 304, level: 'info', outcome: 'completed' });
      expect(get?.bytesOut).to.be.greaterThan(5000);
      expect(headLine?.bytesOut).to.be.lessThan(1000);
      expect(cached?.bytesOut).to.be.lessThan(1000);
    });
  });
}

async function waitForLines(mem: MemoryTransport, path: string, count: number) {
  await mem.waitFor(() => mem.records.filter((r) => r.outcome !== undefined && r.path === path).length >= count);
  return mem.records.filter((r) => r.outcome !== undefined && r.path === path);
}
