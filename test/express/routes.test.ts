import { setTimeout as delay } from 'node:timers/promises';
import { configure, createLogger, getLogger, memory } from '@cloudlog/core';
import { errorLogger, loggingMiddleware, routeLevel } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { accessLineFor, accessLines, type Served, serve } from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  describe(`express: per-route overrides (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    it('routeLevel(level) sets the threshold of req.log, and of getLogger() below the handler, for that route only', async () => {
      // Prepare
      const mem = memory();
      const logger = createLogger({ level: 'info', transports: [mem] });
      const service = createLogger({ level: 'info', transports: [mem] }).child({ part: 'payments-service' });
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      const handler = (req: { log: { debug(m: string): void } }, res: { end(): void }): void => {
        req.log.debug('handler detail');
        service.debug('service detail');
        res.end();
      };
      app.get('/payments', routeLevel('debug'), handler);
      app.get('/orders', handler);
      served = await serve(app);
      // Act
      await client().get('/payments');
      await client().get('/orders');
      await accessLineFor(mem, '/orders');
      // Assess
      const details = mem.records.filter((r) => r.msg.endsWith('detail')).map((r) => [r.msg, r.path]);
      expect(details).to.deep.equal([
        ['handler detail', '/payments'],
        ['service detail', '/payments'],
      ]);
      expect((await accessLineFor(mem, '/payments')).level).to.equal('info');
    });

    it('a route level can also quiet req.log without touching the access line', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      app.get('/noisy', routeLevel('error'), (req, res) => {
        req.log.warn('not wanted');
        req.log.error('still wanted');
        res.end();
      });
      served = await serve(app);
      await client().get('/noisy');
      const line = await accessLineFor(mem, '/noisy');
      expect(mem.records.map((r) => r.msg)).to.deep.equal(['still wanted', line.msg]);
      expect(line.level).to.equal('info');
    });

    it("routes rules: 'off' drops successful lines but keeps server errors and slow requests", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger, routes: [{ match: 'GET /health', accessLog: 'off', slowMs: 40 }] }));
      app.get('/health', async (req, res) => {
        if (req.query.slow) await delay(60);
        res.status(req.query.fail ? 503 : 200).end();
      });
      app.get('/after', (_req, res) => {
        res.end();
      });
      served = await serve(app);
      // Act
      await client().get('/health');
      await client().get('/health?fail=1');
      await client().get('/health?slow=1');
      await client().get('/after');
      await accessLineFor(mem, '/after');
      // Assess
      const health = accessLines(mem).filter((r) => r.path === '/health');
      expect(health.map((r) => [r.status, r.level, r.slow])).to.deep.equal([
        [503, 'error', undefined],
        [200, 'warn', true],
      ]);
    });

    it("rules match the route template or the path, never the query; 'errors' keeps only failures", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(
        loggingMiddleware({
          logger,
          routes: [
            { match: 'GET /users/:id', accessLog: 'errors' },
            { match: '/admin/*', accessLog: 'debug' },
          ],
        }),
      );
      const users = express.Router();
      users.get('/:id', (req, res) => {
        res.status(req.params.id === 'missing' ? 404 : 200).end();
      });
      app.use('/users', users);
      app.get('/admin/:page', (_req, res) => {
        res.end();
      });
      app.get('/search', (_req, res) => {
        res.end();
      });
      served = await serve(app);
      // Act
      await client().get('/users/1');
      await client().get('/users/missing');
      await client().get('/admin/stats');
      await client().get('/search?q=/admin/x');
      await accessLineFor(mem, '/search');
      // Assess
      const lines = accessLines(mem).map((r) => [r.path, r.status, r.level]);
      expect(lines).to.deep.equal([
        ['/users/missing', 404, 'warn'],
        ['/admin/stats', 200, 'debug'],
        ['/search', 200, 'info'],
      ]);
    });

    it('sampleRate 0 keeps no successful line but every failure; sampleRate 1 keeps them all', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(
        loggingMiddleware({
          logger,
          routes: [
            { match: '/sampled/none', sampleRate: 0 },
            { match: '/sampled/all', sampleRate: 1 },
          ],
        }),
      );
      app.get('/sampled/:which', (req, res) => {
        res.status(req.query.fail ? 500 : 200).end();
      });
      served = await serve(app);
      for (let i = 0; i < 10; i++) {
        await client().get('/sampled/none');
        await client().get('/sampled/all');
      }
      await client().get('/sampled/none?fail=1');
      await accessLineFor(mem, '/sampled/none');
      const count = (path: string) => accessLines(mem).filter((r) => r.path === path).length;
      expect(count('/sampled/all')).to.equal(10);
      expect(
        accessLines(mem)
          .filter((r) => r.path === '/sampled/none')
          .map((r) => r.status),
      ).to.deep.equal([500]);
    });

    it('slowMs raises the level and marks the line; a routeLevel rule object wins over routes rules', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger, slowMs: 30, routes: [{ match: '/report', accessLog: 'off' }] }));
      app.get('/report', routeLevel({ accessLog: 'on', slowMs: 1_000 }), async (_req, res) => {
        await delay(40);
        res.end();
      });
      app.get('/export', async (_req, res) => {
        await delay(40);
        res.end();
      });
      served = await serve(app);
      // Act
      await client().get('/report');
      await client().get('/export');
      const report = await accessLineFor(mem, '/report');
      const exported = await accessLineFor(mem, '/export');
      // Assess
      expect(report).to.include({ level: 'info', status: 200 });
      expect(report).not.to.have.property('slow');
      expect(exported).to.include({ level: 'warn', slow: true });
    });

    it('errors on a route whose access log is off are still logged, with the error', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger }));
      app.get('/quiet', routeLevel({ accessLog: 'off' }), () => {
        throw new Error('quiet route failed');
      });
      app.use(errorLogger());
      served = await serve(app);
      await client().get('/quiet').expect(500);
      const line = await accessLineFor(mem, '/quiet');
      expect(line).to.include({ level: 'error', route: '/quiet' });
      expect(line.err).to.include({ message: 'quiet route failed' });
    });

    it('getLogger() loggers follow a route level through the request context', async () => {
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const logger = createLogger({ level: 'info', transports: [mem] });
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger, routes: [{ match: '/debugged', level: 'debug' }] }));
      app.get('/debugged', (_req, res) => {
        getLogger('some-module').debug('module detail');
        res.json({ debug: getLogger().isLevelEnabled('debug') });
      });
      app.get('/plain', (_req, res) => {
        res.json({ debug: getLogger().isLevelEnabled('debug') });
      });
      served = await serve(app);
      const debugged = await client().get('/debugged');
      const plain = await client().get('/plain');
      expect([debugged.body.debug, plain.body.debug]).to.deep.equal([true, false]);
      expect(mem.records.find((r) => r.msg === 'module detail')).to.include({ name: 'some-module', path: '/debugged' });
    });
  });
}

describe('express: rules are validated at construction', () => {
  it('rejects unknown levels, bad sample rates, bad matches and unknown settings with a TypeError', () => {
    const cases: [unknown, RegExp][] = [
      [{ routes: [{ match: '/x', level: 'loud' }] }, /routes\[0\]\.level.*expected one of/],
      [{ routes: [{ match: '/x', sampleRate: 2 }] }, /routes\[0\]\.sampleRate must be a number from 0 to 1/],
      [{ routes: [{ match: '/x', sampleRate: Number.NaN }] }, /sampleRate/],
      [{ routes: [{ match: 'users' }] }, /routes\[0\]\.match "users" is not 'METHOD \/path'/],
      [{ routes: [{ match: 'GET  ' }] }, /match/],
      [{ routes: [{ match: 42 }] }, /routes\[0\]\.match must be/],
      [{ routes: [{ match: /x/g }] }, /g or y flag/],
      [{ routes: [{ match: '/x', acessLog: 'off' }] }, /unknown setting "acessLog"/],
      [{ routes: [{ match: '/x', accessLog: 'loud' }] }, /accessLog must be 'on', 'off', 'errors' or a level/],
      [{ routes: [{ match: '/x', slowMs: -1 }] }, /slowMs/],
      [{ routes: { match: '/x' } }, /routes must be an array/],
      [{ accessLevels: { success: 'silent' } }, /cannot be 'silent'/],
      [{ fieldNames: { durationMs: 'status' } }, /same name "status"/],
      [{ fieldNames: { latency: 'x' } }, /unknown field "latency"/],
      [{ headers: { request: ['bad header'] } }, /invalid header name/],
      [{ requestIdHeader: 'x id' }, /requestIdHeader must be a header name or false/],
      [{ trustProxy: 'loopback' }, /trustProxy is not an option here.*trust proxy/],
      [{ sampleRate: -0.5 }, /options\.sampleRate/],
      [{ logger: {} }, /logger must be a cloudlog Logger/],
      [{ levle: 'debug' }, /unknown request logging option "levle"/],
    ];
    for (const [options, message] of cases) {
      expect(() => loggingMiddleware(options as never), JSON.stringify(options)).to.throw(TypeError, message);
    }
  });

  it('routeLevel() takes a level or a rule without match', () => {
    expect(() => routeLevel('loud' as never)).to.throw(TypeError, /expected one of trace, debug/);
    expect(() => routeLevel({ match: '/x' } as never)).to.throw(TypeError, /remove match/);
    expect(() => routeLevel({ sampleRate: 3 })).to.throw(TypeError, /sampleRate/);
    expect(() => routeLevel(null as never)).to.throw(TypeError, /takes a level or/);
    expect(routeLevel('DEBUG')).to.be.a('function');
    expect(routeLevel({ level: 'warning', accessLog: 'errors' })).to.be.a('function');
  });
});
