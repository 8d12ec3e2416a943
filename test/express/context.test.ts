import { loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { requestContextSuite } from '../support/context-suite.js';
import { expressRoutes, expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { accessLineFor, accessLines, type Served, serve } from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  requestContextSuite(`express: request context (${label})`, expressRoutes(express));

  describe(`express: mounting (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
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
  });
}
