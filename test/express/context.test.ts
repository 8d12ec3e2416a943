import { setTimeout as delay } from 'node:timers/promises';
import { configure, getLogger, memory } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { accessLineFor, accessLines, type Served, serve } from '../support/http-server.js';

/** A service module: it knows nothing of requests, yet its lines carry the request's fields. */
async function loadOrders(userId: string): Promise<number> {
  await delay(1);
  getLogger('orders').info({ userId }, 'orders loaded');
  return 3;
}

for (const [label, express] of expressVersions) {
  describe(`express: request context (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('req.log.assign() after auth reaches every later line, getLogger() lines and the access line', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const app = quietApp(express);
      app.use(loggingMiddleware());
      app.use((req, _res, next) => {
        req.log.info('before auth');
        req.log.assign({ userId: 'u-7' });
        next();
      });
      app.get('/orders', async (req, res) => {
        const count = await loadOrders('u-7');
        req.log.info('handled');
        res.json({ count });
      });
      served = await serve(app);
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
      const app = quietApp(express);
      app.use(loggingMiddleware());
      app.get('/work/:n', async (req, res) => {
        const n = Number(req.params.n);
        await delay(n % 7);
        req.log.assign({ userId: `u${n}` });
        await delay(n % 5);
        getLogger('worker').info({ n }, 'working');
        await delay(n % 3);
        res.json({ id: req.id });
      });
      served = await serve(app);
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
        expect([r.requestId, r.userId]).to.deep.equal([`req-${n}`, `u${n}`]);
      }
    });

    it('mounted twice (or two instances), a request is logged once and keeps its first id', async () => {
      const { mem, logger } = memoryLogger();
      const other = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      app.use(loggingMiddleware({ logger }));
      const router = express.Router();
      router.use(loggingMiddleware({ logger: other.logger }));
      router.get('/twice', (req, res) => {
        res.json({ id: req.id });
      });
      app.use('/nested', router);
      app.get('/marker', (_req, res) => {
        res.end();
      });
      served = await serve(app);
      const res = await request(served.server).get('/nested/twice');
      await request(served.server).get('/marker');
      await accessLineFor(mem, '/marker');
      expect(
        accessLines(mem)
          .filter((r) => r.path === '/nested/twice')
          .map((r) => r.requestId),
      ).to.deep.equal([res.body.id]);
      expect(other.mem.records).to.have.length(0);
    });

    it('logs through getLogger() by default, following a later configure()', async () => {
      const app = quietApp(express);
      app.use(loggingMiddleware());
      app.get('/configured', (_req, res) => {
        res.end();
      });
      served = await serve(app);
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      await request(served.server).get('/configured');
      expect((await accessLineFor(mem, '/configured')).level).to.equal('info');
    });
  });
}
