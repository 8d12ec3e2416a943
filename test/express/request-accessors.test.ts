import { configure, getLogger, memory } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { accessLineFor } from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  describe(`express: req.log and req.id (${label})`, () => {
    it('reach the handlers of a mounted sub-app, and follow a nested router', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      const admin = quietApp(express);
      admin.get('/stats', (req, res) => {
        req.log.info('in sub-app');
        res.json({ id: req.id });
      });
      app.use('/admin', admin);
      // Act
      const res = await request(app).get('/admin/stats');
      await accessLineFor(mem, '/admin/stats');
      // Assess
      expect(res.body.id).to.be.a('string');
      expect(mem.records.find((r) => r.msg === 'in sub-app')).to.include({ requestId: res.body.id });
    });

    it('can be reassigned by the app (an own property then wins), and read undefined before the middleware', async () => {
      const { logger } = memoryLogger();
      const app = quietApp(express);
      const seen: unknown[] = [];
      app.get('/early', (req, res) => {
        seen.push(req.log, req.id);
        res.end();
      });
      app.use(loggingMiddleware({ logger }));
      app.get('/late', (req, res) => {
        const replacement = req.log.child({ part: 'custom' });
        req.log = replacement;
        req.id = 'custom-id';
        seen.push(req.log === replacement, req.id);
        res.end();
      });
      await request(app).get('/early');
      await request(app).get('/late');
      expect(seen).to.deep.equal([undefined, undefined, true, 'custom-id']);
    });

    it('fall back to own properties when another library owns req.log on the prototype', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      Object.defineProperty(app.request, 'log', { value: 'theirs', writable: true, configurable: true });
      app.use(loggingMiddleware({ logger }));
      app.get('/mine', (req, res) => {
        req.log.info('still ours');
        res.json({ id: req.id });
      });
      const res = await request(app).get('/mine');
      expect(mem.records.find((r) => r.msg === 'still ours')).to.include({ requestId: res.body.id });
    });

    it('the request context survives body parsing: getLogger() after express.json() carries the request fields', async () => {
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const app = quietApp(express);
      app.use(loggingMiddleware());
      app.use(express.json());
      app.post('/orders', (req, res) => {
        getLogger('orders').info({ items: req.body.items }, 'order received');
        res.status(201).json({ id: req.id });
      });
      const res = await request(app).post('/orders').send({ items: 3 });
      const line = await mem.waitFor((r) => r.msg === 'order received');
      expect(line).to.include({ requestId: res.body.id, path: '/orders', items: 3 });
    });
  });
}
