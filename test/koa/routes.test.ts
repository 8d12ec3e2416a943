import { setTimeout as delay } from 'node:timers/promises';
import { configure, createLogger, getLogger, memory } from '@cloudlog/core';
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, accessLines, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: per-route overrides (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    it('routeLevel(level) on a @koa/router route sets the threshold of ctx.log, and of getLogger() below, for that route only', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const logger = createLogger({ level: 'info', transports: [mem] });
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      const router = new Router();
      const handler = (ctx: { log: { debug(m: string): void }; body: unknown }): void => {
        ctx.log.debug('handler detail');
        getLogger('payments-service').debug('service detail');
        ctx.body = 'ok';
      };
      router.get('/payments/:id', routeLevel('debug'), handler);
      router.get('/orders/:id', handler);
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      await client().get('/payments/1');
      await client().get('/orders/1');
      await accessLineFor(mem, '/orders/1');
      // Assess
      const details = mem.records.filter((r) => r.msg.endsWith('detail')).map((r) => [r.msg, r.path]);
      expect(details).to.deep.equal([
        ['handler detail', '/payments/1'],
        ['service detail', '/payments/1'],
      ]);
      const payments = await accessLineFor(mem, '/payments/1');
      expect(payments).to.include({ level: 'info', route: '/payments/:id' });
    });

    it('a route level can also quiet ctx.log without touching the access line', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      const router = new Router();
      router.get('/noisy', routeLevel('error'), (ctx) => {
        ctx.log.warn('not wanted');
        ctx.log.error('still wanted');
        ctx.body = 'ok';
      });
      app.use(router.routes());
      served = await serve(app.callback());
      await client().get('/noisy');
      const line = await accessLineFor(mem, '/noisy');
      expect(mem.records.map((r) => r.msg)).to.deep.equal(['still wanted', line.msg]);
      expect(line.level).to.equal('info');
    });

    it("routes rules: 'off' drops successful lines but keeps server errors and slow requests", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger, routes: [{ match: 'GET /health', accessLog: 'off', slowMs: 40 }] }));
      const router = new Router();
      router.get('/health', async (ctx) => {
        if (ctx.query.slow) await delay(60);
        if (ctx.query.fail) throw new Error('probe failed');
        ctx.body = 'ok';
      });
      router.get('/after', (ctx) => {
        ctx.body = '';
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      await client().get('/health');
      await client().get('/health?fail=1');
      await client().get('/health?slow=1');
      await client().get('/after');
      await accessLineFor(mem, '/after');
      // Assess
      const health = accessLines(mem).filter((r) => r.path === '/health');
      expect(
        health.map((r) => [r.status, r.level, r.slow, (r.err as { message?: string } | undefined)?.message]),
      ).to.deep.equal([
        [500, 'error', undefined, 'probe failed'],
        [200, 'warn', true, undefined],
      ]);
    });

    it("rules match @koa/router's route template (prefixes and nested routers included) or the path, never the query", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(
        loggingMiddleware({
          logger,
          routes: [
            { match: 'GET /api/users/:id', accessLog: 'errors' },
            { match: '/api/admin/*', accessLog: 'debug' },
          ],
        }),
      );
      const api = new Router({ prefix: '/api' });
      const users = new Router();
      users.get('/:id', (ctx) => {
        ctx.status = ctx.params.id === 'missing' ? 404 : 200;
        ctx.body = ctx.params.id;
      });
      api.use('/users', users.routes());
      api.get('/admin/:page', (ctx) => {
        ctx.body = 'stats';
      });
      api.get('/search', (ctx) => {
        ctx.body = 'results';
      });
      app.use(api.routes());
      served = await serve(app.callback());
      // Act
      await client().get('/api/users/1');
      await client().get('/api/users/missing');
      await client().get('/api/admin/stats');
      await client().get('/api/search?q=/api/admin/x');
      await accessLineFor(mem, '/api/search');
      // Assess
      const lines = accessLines(mem).map((r) => [r.path, r.route, r.status, r.level]);
      expect(lines).to.deep.equal([
        ['/api/users/missing', '/api/users/:id', 404, 'warn'],
        ['/api/admin/stats', '/api/admin/:page', 200, 'debug'],
        ['/api/search', '/api/search', 200, 'info'],
      ]);
    });

    it('a router middleware that rejects the request still logs the route template, not its use() pattern', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      const api = new Router({ prefix: '/api' });
      api.use(async (ctx, next) => {
        if (ctx.get('authorization') === '') ctx.throw(401);
        await next();
      });
      api.get('/orders/:id', (ctx) => {
        ctx.body = 'order';
      });
      app.use(api.routes());
      served = await serve(app.callback());
      await client().get('/api/orders/9').expect(401);
      const line = await accessLineFor(mem, '/api/orders/9');
      expect(line).to.include({ level: 'warn', status: 401, route: '/api/orders/:id' });
    });

    it('sampleRate 0 keeps no successful line but every failure; sampleRate 1 keeps them all', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(
        loggingMiddleware({
          logger,
          routes: [
            { match: '/sampled/none', sampleRate: 0 },
            { match: '/sampled/all', sampleRate: 1 },
          ],
        }),
      );
      app.use((ctx) => {
        ctx.status = ctx.query.fail ? 500 : 200;
        ctx.body = '';
      });
      served = await serve(app.callback());
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
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger, slowMs: 30, routes: [{ match: '/report', accessLog: 'off' }] }));
      const router = new Router();
      router.get('/report', routeLevel({ accessLog: 'on', slowMs: 1_000 }), async (ctx) => {
        await delay(40);
        ctx.body = 'report';
      });
      router.get('/export', async (ctx) => {
        await delay(40);
        ctx.body = 'export';
      });
      app.use(router.routes());
      served = await serve(app.callback());
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

    it('routeLevel({ accessLog: off }): errors and slow requests of the route are still logged, with the error', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      const router = new Router();
      router.get('/quiet', routeLevel({ accessLog: 'off', slowMs: 30 }), async (ctx) => {
        if (ctx.query.slow) await delay(40);
        if (ctx.query.fail) throw new Error('quiet route failed');
        ctx.body = 'fine';
      });
      router.get('/after', (ctx) => {
        ctx.body = '';
      });
      app.use(router.routes());
      served = await serve(app.callback());
      // Act
      await client().get('/quiet');
      await client().get('/quiet?fail=1').expect(500);
      await client().get('/quiet?slow=1');
      await client().get('/after');
      await accessLineFor(mem, '/after');
      // Assess
      const quiet = accessLines(mem).filter((r) => r.path === '/quiet');
      expect(quiet.map((r) => [r.status, r.level, r.route, r.slow])).to.deep.equal([
        [500, 'error', '/quiet', undefined],
        [200, 'warn', '/quiet', true],
      ]);
      expect(quiet[0]?.err).to.include({ message: 'quiet route failed' });
    });

    it('getLogger() loggers follow a rule level through the request context', async () => {
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const logger = createLogger({ level: 'info', transports: [mem] });
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger, routes: [{ match: '/debugged', level: 'debug' }] }));
      app.use((ctx) => {
        if (ctx.path === '/debugged') getLogger('some-module').debug('module detail');
        ctx.body = { debug: getLogger().isLevelEnabled('debug') };
      });
      served = await serve(app.callback());
      const debugged = await client().get('/debugged');
      const plain = await client().get('/plain');
      expect([debugged.body.debug, plain.body.debug]).to.deep.equal([true, false]);
      expect(mem.records.find((r) => r.msg === 'module detail')).to.include({ name: 'some-module', path: '/debugged' });
    });
  });
}

describe('koa: options are validated at construction', () => {
  it('rejects unknown levels, bad sample rates, bad matches and unknown settings with a TypeError', () => {
    const cases: [unknown, RegExp][] = [
      [{ routes: [{ match: '/x', level: 'loud' }] }, /routes\[0\]\.level.*expected one of/],
      [{ routes: [{ match: '/x', sampleRate: 2 }] }, /routes\[0\]\.sampleRate must be a number from 0 to 1/],
      [{ routes: [{ match: 'users' }] }, /routes\[0\]\.match "users" is not 'METHOD \/path'/],
      [{ routes: [{ match: /x/g }] }, /g or y flag/],
      [{ routes: [{ match: '/x', acessLog: 'off' }] }, /unknown setting "acessLog"/],
      [{ routes: [{ match: '/x', accessLog: 'loud' }] }, /accessLog must be 'on', 'off', 'errors' or a level/],
      [{ accessLevels: { success: 'silent' } }, /cannot be 'silent'/],
      [{ fieldNames: { durationMs: 'status' } }, /same name "status"/],
      [{ requestIdHeader: 'x id' }, /requestIdHeader must be a header name or false/],
      [{ trustProxy: 'loopback' }, /trustProxy is not an option here.*app\.proxy/],
      [{ customFields: 'tenant' }, /customFields must be a function/],
      [{ message: 42 }, /message must be a string or a function/],
      [{ logger: {} }, /logger must be a cloudlog Logger/],
      [{ levle: 'debug' }, /unknown request logging option "levle"/],
      ['debug', /options must be an object/],
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
