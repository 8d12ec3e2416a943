// Per-route overrides, the same for every framework adapter: `routeLevel()` on a route, the
// `routes` rules of the middleware, sampling, slow requests, errors on quiet routes. Apps are
// described in the neutral form of neutral-app.ts; each adapter's test file registers the suite
// with its framework's builder.
import { setTimeout as delay } from 'node:timers/promises';
import { configure, createLogger, getLogger, memory } from '@cloudlog/core';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from './express-apps.js';
import { accessLineFor, accessLines, type Served } from './http-server.js';
import type { RouteRequest, ServeRoutes } from './neutral-app.js';

export function routeRulesSuite(title: string, serveRoutes: ServeRoutes): void {
  describe(title, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    it('routeLevel(level) sets the threshold of the request logger, and of getLogger() below, for that route only', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      const logger = createLogger({ level: 'info', transports: [mem] });
      const handle = ({ log }: RouteRequest): void => {
        log.debug('handler detail');
        getLogger('payments-service').debug('service detail');
      };
      served = await serveRoutes({ logger }, [
        { path: '/payments/:id', override: 'debug', handle },
        { path: '/orders/:id', handle },
      ]);
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
      expect(await accessLineFor(mem, '/payments/1')).to.include({ level: 'info', route: '/payments/:id' });
    });

    it('a route level can also quiet the request logger without touching the access line', async () => {
      const { mem, logger } = memoryLogger();
      served = await serveRoutes({ logger }, [
        {
          path: '/noisy',
          override: 'error',
          handle: ({ log }) => {
            log.warn('not wanted');
            log.error('still wanted');
          },
        },
      ]);
      await client().get('/noisy');
      const line = await accessLineFor(mem, '/noisy');
      expect(mem.records.map((r) => r.msg)).to.deep.equal(['still wanted', line.msg]);
      expect(line.level).to.equal('info');
    });

    it("routes rules: 'off' drops successful lines but keeps server errors and slow requests", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      served = await serveRoutes({ logger, routes: [{ match: 'GET /health', accessLog: 'off', slowMs: 40 }] }, [
        {
          path: '/health',
          handle: async ({ query }) => {
            if (query.slow) await delay(60);
            if (query.fail) throw new Error('probe failed');
          },
        },
        { path: '/after' },
      ]);
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

    it("rules match the route template (nested routers included) or the path, never the query; 'errors' keeps only failures", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      served = await serveRoutes(
        {
          logger,
          routes: [
            { match: 'GET /api/users/:id', accessLog: 'errors' },
            { match: '/api/admin/*', accessLog: 'debug' },
          ],
        },
        [
          {
            mount: '/api/users',
            path: '/:id',
            handle: ({ params }) => ({ status: params.id === 'missing' ? 404 : 200 }),
          },
          { mount: '/api', path: '/admin/:page' },
          { mount: '/api', path: '/search' },
        ],
      );
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

    it('sampleRate 0 keeps no successful line but every failure; sampleRate 1 keeps them all', async () => {
      const { mem, logger } = memoryLogger();
      served = await serveRoutes(
        {
          logger,
          routes: [
            { match: '/sampled/none', sampleRate: 0 },
            { match: '/sampled/all', sampleRate: 1 },
          ],
        },
        [{ path: '/sampled/:which', handle: ({ query }) => ({ status: query.fail ? 500 : 200 }) }],
      );
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
      const slow = async (): Promise<void> => {
        await delay(40);
      };
      served = await serveRoutes({ logger, slowMs: 30, routes: [{ match: '/report', accessLog: 'off' }] }, [
        { path: '/report', override: { accessLog: 'on', slowMs: 1_000 }, handle: slow },
        { path: '/export', handle: slow },
      ]);
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
      served = await serveRoutes({ logger }, [
        {
          path: '/quiet',
          override: { accessLog: 'off', slowMs: 30 },
          handle: async ({ query }) => {
            if (query.slow) await delay(40);
            if (query.fail) throw new Error('quiet route failed');
          },
        },
        { path: '/after' },
      ]);
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
      const debugState = (): { body: unknown } => ({ body: { debug: getLogger().isLevelEnabled('debug') } });
      served = await serveRoutes({ logger, routes: [{ match: '/debugged', level: 'debug' }] }, [
        {
          path: '/debugged',
          handle: () => {
            getLogger('some-module').debug('module detail');
            return debugState();
          },
        },
        { path: '/plain', handle: debugState },
      ]);
      const debugged = await client().get('/debugged');
      const plain = await client().get('/plain');
      expect([debugged.body.debug, plain.body.debug]).to.deep.equal([true, false]);
      expect(mem.records.find((r) => r.msg === 'module detail')).to.include({ name: 'some-module', path: '/debugged' });
    });
  });
}

/**
 * Configuration mistakes every adapter rejects with a TypeError naming them, plus the adapter's
 * own (`ownCases`: how it words the client-address setting it defers to, say).
 */
export function optionValidationSuite(
  title: string,
  loggingMiddleware: (options?: never) => unknown,
  routeLevel: (levelOrRule: never) => unknown,
  ownCases: readonly (readonly [unknown, RegExp])[],
): void {
  describe(title, () => {
    it('rejects unknown levels, bad sample rates, bad matches and unknown settings with a TypeError', () => {
      const cases: (readonly [unknown, RegExp])[] = [
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
        [{ sampleRate: -0.5 }, /options\.sampleRate/],
        [{ customFields: 'tenant' }, /customFields must be a function/],
        [{ message: 42 }, /message must be a string or a function/],
        [{ logger: {} }, /logger must be a cloudlog Logger/],
        [{ levle: 'debug' }, /unknown request logging option "levle"/],
        ['debug', /options must be an object/],
        ...ownCases,
      ];
      for (const [options, message] of cases) {
        expect(() => loggingMiddleware(options as never), JSON.stringify(options)).to.throw(TypeError, message);
      }
    });

    it('routeLevel() takes a level or a rule without match', () => {
      expect(() => routeLevel('loud' as never)).to.throw(TypeError, /expected one of trace, debug/);
      expect(() => routeLevel({ match: '/x' } as never)).to.throw(TypeError, /remove match/);
      expect(() => routeLevel({ sampleRate: 3 } as never)).to.throw(TypeError, /sampleRate/);
      expect(() => routeLevel(null as never)).to.throw(TypeError, /takes a level or/);
      expect(routeLevel('DEBUG' as never)).to.be.a('function');
      expect(routeLevel({ level: 'warning', accessLog: 'errors' } as never)).to.be.a('function');
    });
  });
}
