import { loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { expectFullFieldSet, fieldSetLogger } from '../support/field-set.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  describe(`express: the access line (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('has the field set: route template, status, timing, bytes, client, ids; and the access facts', async () => {
      // Prepare
      const subject = fieldSetLogger();
      const app = quietApp(express);
      app.set('trust proxy', 'loopback');
      app.use(loggingMiddleware({ logger: subject.logger }));
      const users = express.Router();
      users.get('/:id', (req, res) => {
        req.log.info('loading user');
        res.json({ id: req.params.id });
      });
      app.use('/users', users);
      served = await serve(app);
      // Act, Assess
      await expectFullFieldSet(served.server, subject);
    });

    it('the route template stays whole when an error leaves a nested router (Express restores an outer baseUrl)', async () => {
      // Prepare: two levels of routers, errors handled at the top only.
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      const seen: unknown[] = [];
      const items = express.Router({ mergeParams: true });
      items.get('/:item/throw', () => {
        throw new Error('sync');
      });
      items.get('/:item/next', (_req, _res, next) => next(new Error('passed on')));
      items.get('/:item/ok', (req, res) => {
        seen.push((req.route as { path?: unknown } | undefined)?.path);
        res.send('ok');
      });
      const orgs = express.Router();
      orgs.use('/items', items);
      app.use('/orgs', orgs);
      app.use(
        (
          error: Error,
          req: { baseUrl: string },
          res: { status(n: number): { send(b: string): void } },
          _next: unknown,
        ) => {
          seen.push(req.baseUrl);
          res.status(500).send(error.message);
        },
      );
      served = await serve(app);
      // Act
      for (const path of ['/orgs/items/7/throw', '/orgs/items/7/next', '/orgs/items/7/ok'])
        await request(served.server).get(path);
      const lines = await Promise.all(
        ['/orgs/items/7/throw', '/orgs/items/7/next', '/orgs/items/7/ok'].map((path) => accessLineFor(mem, path)),
      );
      // Assess: the outer error handler saw the restored baseUrl, the line has the full template.
      expect(seen).to.deep.equal(['', '', '/:item/ok']);
      expect(lines.map((l) => [l.status, l.route])).to.deep.equal([
        [500, '/orgs/items/:item/throw'],
        [500, '/orgs/items/:item/next'],
        [200, '/orgs/items/:item/ok'],
      ]);
      expect(lines[0]?.msg).to.match(/^GET \/orgs\/items\/:item\/throw 500 /);
    });

    it('a mounted sub-app, and requests the middleware does not log, still see req.route as Express set it', async () => {
      // Prepare: logging only under /logged; the same app serves /other unlogged.
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use('/logged', loggingMiddleware({ logger }));
      const sub = quietApp(express);
      sub.get('/things/:id', (req, res) => {
        res.json({ route: (req.route as { path?: unknown } | undefined)?.path });
      });
      app.use('/logged/sub', sub);
      app.get('/other/:id', (req, res) => {
        res.json({ route: (req.route as { path?: unknown } | undefined)?.path, own: Object.hasOwn(req, 'route') });
      });
      served = await serve(app);
      // Act
      const fromSub = await request(served.server).get('/logged/sub/things/1');
      const line = await accessLineFor(mem, '/logged/sub/things/1');
      const unlogged = await request(served.server).get('/other/2');
      // Assess
      expect(fromSub.body).to.deep.equal({ route: '/things/:id' });
      expect(line.route).to.equal('/logged/sub/things/:id');
      expect(unlogged.body).to.deep.equal({ route: '/other/:id', own: true });
      expect(mem.records.filter((r) => r.path === '/other/2')).to.have.length(0);
    });

    it('levels follow the status: 2xx/3xx info, 4xx warn, 5xx error', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      app.get('/s/:code', (req, res) => {
        res.status(Number(req.params.code)).end();
      });
      served = await serve(app);
      for (const code of [200, 302, 404, 503]) await request(served.server).get(`/s/${code}`);
      const levels = await Promise.all(
        [200, 302, 404, 503].map(async (c) => (await accessLineFor(mem, `/s/${c}`)).level),
      );
      expect(levels).to.deep.equal(['info', 'info', 'warn', 'error']);
      expect((await accessLineFor(mem, '/s/503')).outcome).to.equal('errored');
    });

    it('HEAD sends headers only, and a 304 for a matching ETag sends no body', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      app.get('/doc', (_req, res) => {
        res.send('x'.repeat(5000));
      });
      served = await serve(app);
      // Act
      const full = await request(served.server).get('/doc');
      await request(served.server).head('/doc');
      const notModified = await request(served.server)
        .get('/doc')
        .set('if-none-match', full.headers.etag as string);
      await new Promise((resolve) => setImmediate(resolve));
      const lines = await waitForLines(mem, '/doc', 3);
      // Assess
      expect(notModified.status).to.equal(304);
      const [get, head, cached] = lines;
      expect(get).to.include({ method: 'GET', status: 200, level: 'info' });
      expect(head).to.include({ method: 'HEAD', status: 200, level: 'info' });
      expect(cached).to.include({ method: 'GET', status: 304, level: 'info' });
      expect(get?.bytesOut).to.be.greaterThan(5000);
      expect(head?.bytesOut).to.be.lessThan(1000);
      expect(cached?.bytesOut).to.be.lessThan(1000);
    });

    it('fieldNames renames the engine fields; message and customFields shape the line', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(
        loggingMiddleware({
          logger,
          fieldNames: { durationMs: 'latency_ms', requestId: 'reqId', status: 'statusCode' },
          message: (access) => `${access.method} ${access.path} -> ${access.status}`,
          customFields: (req, res) => ({ tenant: req.get('x-tenant'), cache: res.get('x-cache') }),
        }),
      );
      app.get('/r', (_req, res) => {
        res.set('x-cache', 'HIT').end();
      });
      served = await serve(app);
      // Act
      await request(served.server).get('/r').set('x-tenant', 'acme');
      const line = await mem.waitFor((r) => r.outcome !== undefined);
      // Assess
      expect(line).to.include({ msg: 'GET /r -> 200', statusCode: 200, tenant: 'acme', cache: 'HIT' });
      expect(line.reqId).to.be.a('string');
      expect(line.latency_ms).to.be.a('number');
      expect(line).not.to.have.any.keys('durationMs', 'requestId', 'status');
    });

    it('accessLevels, a fixed message and a custom request id header', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(
        loggingMiddleware({
          logger,
          accessLevels: { success: 'debug', clientError: 'info', serverError: 'fatal' },
          message: 'request done',
          requestIdHeader: 'X-Correlation-Id',
        }),
      );
      app.get('/lv/:code', (req, res) => {
        res.status(Number(req.params.code)).end();
      });
      served = await serve(app);
      // Act
      const ok = await request(served.server).get('/lv/200').set('x-correlation-id', 'corr-1');
      await request(served.server).get('/lv/404');
      await request(served.server).get('/lv/500');
      const lines = await Promise.all([200, 404, 500].map((c) => accessLineFor(mem, `/lv/${c}`)));
      // Assess
      expect(lines.map((r) => [r.level, r.msg])).to.deep.equal([
        ['debug', 'request done'],
        ['info', 'request done'],
        ['fatal', 'request done'],
      ]);
      expect(ok.headers['x-correlation-id']).to.equal('corr-1');
      expect(ok.headers).not.to.have.property('x-request-id');
      expect(lines[0]?.requestId).to.equal('corr-1');
    });

    it('echoRequestId: false keeps the id off the response', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger, echoRequestId: false }));
      app.get('/quiet-id', (_req, res) => {
        res.end();
      });
      served = await serve(app);
      const res = await request(served.server).get('/quiet-id');
      expect(res.headers).not.to.have.property('x-request-id');
      expect((await accessLineFor(mem, '/quiet-id')).requestId).to.be.a('string');
    });

    it('the query string is left out unless asked for', async () => {
      const { mem, logger } = memoryLogger();
      const withQuery = memoryLogger();
      const app = quietApp(express);
      app.use('/q', loggingMiddleware({ logger: withQuery.logger, query: true }));
      app.use(loggingMiddleware({ logger }));
      app.get(['/p', '/q'], (_req, res) => {
        res.end();
      });
      served = await serve(app);
      await request(served.server).get('/p?session=abc');
      await request(served.server).get('/q?page=2');
      const plain = await accessLineFor(mem, '/p');
      const queried = await withQuery.mem.waitFor((r) => r.outcome !== undefined);
      expect(JSON.stringify(plain)).not.to.include('session');
      expect(queried).to.include({ path: '/q', query: 'page=2' });
    });
  });
}

async function waitForLines(mem: ReturnType<typeof memoryLogger>['mem'], path: string, count: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = mem.records.filter((r) => r.outcome !== undefined && r.path === path);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
