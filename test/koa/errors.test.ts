import { setTimeout as delay } from 'node:timers/promises';
import type { MemoryTransport } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: errors thrown below the middleware (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    /** Lines of `path` once the request after it was logged too: none is still to come. */
    async function linesOf(
      mem: MemoryTransport,
      path: string,
    ): Promise<ReturnType<MemoryTransport['records']['filter']>> {
      await client().get('/__settle');
      await accessLineFor(mem, '/__settle');
      return mem.records.filter((r) => r.path === path);
    }

    async function start(
      logs: ReturnType<typeof memoryLogger>,
      router: Router,
      app: Koa = quietKoa(Koa),
    ): Promise<Koa> {
      app.use(loggingMiddleware({ logger: logs.logger }));
      router.get('/__settle', (ctx) => {
        ctx.body = '';
      });
      app.use(router.routes());
      served = await serve(app.callback());
      return app;
    }

    it('ctx.throw(401): one warn line with status 401, never an error line nor a second line', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      router.get('/private', (ctx) => ctx.throw(401, 'token expired'));
      await start(logs, router);
      // Act
      const res = await client().get('/private');
      const lines = await linesOf(logs.mem, '/private');
      // Assess
      expect(res.status).to.equal(401);
      expect(res.text).to.equal('token expired');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({ level: 'warn', status: 401, outcome: 'completed', route: '/private' });
      expect(lines[0]?.err).to.include({ type: 'UnauthorizedError', message: 'token expired' });
    });

    it('a plain Error thrown (sync or after an await): one error line, status 500, the error itself', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      router.get('/sync', () => {
        throw new TypeError('sync failure');
      });
      router.get('/async', async () => {
        await delay(1);
        throw new RangeError('async failure');
      });
      await start(logs, router);
      // Act
      const sync = await client().get('/sync');
      const later = await client().get('/async');
      const syncLines = await linesOf(logs.mem, '/sync');
      const asyncLines = await linesOf(logs.mem, '/async');
      // Assess
      expect([sync.status, later.status]).to.deep.equal([500, 500]);
      expect(sync.text).to.equal('Internal Server Error');
      expect(syncLines).to.have.length(1);
      expect(asyncLines).to.have.length(1);
      expect(syncLines[0]).to.include({ level: 'error', status: 500, outcome: 'errored', route: '/sync' });
      expect(syncLines[0]?.err).to.include({ type: 'TypeError', message: 'sync failure' });
      expect(syncLines[0]?.err).to.have.property('stack').that.includes('sync failure');
      expect(asyncLines[0]).to.include({ level: 'error', status: 500, outcome: 'errored' });
      expect(asyncLines[0]?.err).to.include({ type: 'RangeError', message: 'async failure' });
    });

    it('err.status / err.statusCode give the status Koa sends; err.expose decides what the client reads, not the line', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      router.get('/conflict', () => {
        throw Object.assign(new Error('version 3 is stale'), { status: 409, expose: true });
      });
      router.get('/unavailable', () => {
        throw Object.assign(new Error('pool exhausted: 50/50'), { statusCode: 503 });
      });
      router.get('/bogus', () => {
        throw Object.assign(new Error('status out of range'), { status: 999 });
      });
      await start(logs, router);
      // Act
      const conflict = await client().get('/conflict');
      const unavailable = await client().get('/unavailable');
      const bogus = await client().get('/bogus');
      const lines = [
        ...(await linesOf(logs.mem, '/conflict')),
        ...(await linesOf(logs.mem, '/unavailable')),
        ...(await linesOf(logs.mem, '/bogus')),
      ];
      // Assess
      expect([conflict.status, unavailable.status, bogus.status]).to.deep.equal([409, 503, 500]);
      expect([conflict.text, unavailable.text]).to.deep.equal(['version 3 is stale', 'Service Unavailable']);
      expect(lines.map((l) => [l.status, l.level, l.outcome, (l.err as { message: string }).message])).to.deep.equal([
        [409, 'warn', 'completed', 'version 3 is stale'],
        [503, 'error', 'errored', 'pool exhausted: 50/50'],
        [500, 'error', 'errored', 'status out of range'],
      ]);
    });

    it("Koa's error handling and app.on('error') still run, with the same error; ctx.log works there", async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      const seen: [unknown, string][] = [];
      const failure = new Error('database down');
      app.on('error', (error: unknown, ctx: Koa.Context) => {
        seen.push([error, ctx.id]);
        ctx.log.error('reported by the app');
      });
      const router = new Router();
      router.get('/down', () => {
        throw failure;
      });
      await start(logs, router, app);
      // Act
      const res = await client().get('/down');
      const lines = await linesOf(logs.mem, '/down');
      // Assess
      expect(res.status).to.equal(500);
      expect(seen).to.deep.equal([[failure, res.headers['x-request-id']]]);
      expect(lines.map((l) => [l.msg, l.level, l.requestId])).to.deep.equal([
        ['reported by the app', 'error', res.headers['x-request-id']],
        [lines[1]?.msg, 'error', res.headers['x-request-id']],
      ]);
      expect(lines[1]?.err).to.include({ message: 'database down' });
    });

    it("an error the app's own error middleware handles and emits, as Koa advises, is on the access line", async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger: logs.logger }));
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = 502;
          ctx.body = { error: 'upstream failed' };
          ctx.app.emit('error', error, ctx);
        }
      });
      app.use(() => {
        throw new Error('upstream timed out');
      });
      served = await serve(app.callback());
      // Act
      const res = await client().get('/handled');
      const line = await accessLineFor(logs.mem, '/handled');
      // Assess
      expect(res.status).to.equal(502);
      expect(res.body).to.deep.equal({ error: 'upstream failed' });
      expect(line).to.include({ level: 'error', status: 502, outcome: 'errored' });
      expect(line.err).to.include({ message: 'upstream timed out' });
    });

    it('the request id is echoed on error responses too (Koa clears headers before answering an error)', async () => {
      const logs = memoryLogger();
      const router = new Router();
      router.get('/forbidden', (ctx) => ctx.throw(403, { headers: { 'x-reason': 'policy' } }));
      router.get('/broken', () => {
        throw new Error('broken');
      });
      await start(logs, router);
      const forbidden = await client().get('/forbidden').set('x-request-id', 'req-403');
      const broken = await client().get('/broken').set('x-request-id', 'req-500');
      const lines = [...(await linesOf(logs.mem, '/forbidden')), ...(await linesOf(logs.mem, '/broken'))];
      expect([forbidden.headers['x-request-id'], forbidden.headers['x-reason']]).to.deep.equal(['req-403', 'policy']);
      expect(broken.headers['x-request-id']).to.equal('req-500');
      expect(lines.map((l) => l.requestId)).to.deep.equal(['req-403', 'req-500']);
      expect(lines[1]?.err).not.to.have.property('headers');
    });

    it("on error responses the id goes under the engine's requestIdHeader, and not at all when echoing is off", async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      const custom = loggingMiddleware({ logger: logs.logger, requestIdHeader: 'X-Correlation-Id' });
      const silent = loggingMiddleware({ logger: logs.logger, echoRequestId: false });
      app.use((ctx, next) => (ctx.path === '/custom' ? custom(ctx, next) : silent(ctx, next)));
      app.use(() => {
        throw new Error('broken');
      });
      served = await serve(app.callback());
      // Act
      const customRes = await client().get('/custom').set('x-correlation-id', 'corr-500');
      const silentRes = await client().get('/silent').set('x-request-id', 'req-500');
      const lines = [await accessLineFor(logs.mem, '/custom'), await accessLineFor(logs.mem, '/silent')];
      // Assess
      expect([
        customRes.status,
        customRes.headers['x-correlation-id'],
        customRes.headers['x-request-id'],
      ]).to.deep.equal([500, 'corr-500', undefined]);
      expect([silentRes.status, silentRes.headers['x-request-id']]).to.deep.equal([500, undefined]);
      expect(lines.map((l) => l.requestId)).to.deep.equal(['corr-500', 'req-500']);
    });

    it("a thrown non-Error value: the line has the Error Koa makes of it, the one app.on('error') receives", async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      const reported: unknown[] = [];
      app.on('error', (error) => reported.push(error));
      const router = new Router();
      router.get('/string', () => {
        throw 'plain string failure';
      });
      await start(logs, router, app);
      // Act
      await client().get('/string').expect(500);
      const lines = await linesOf(logs.mem, '/string');
      // Assess
      expect(lines).to.have.length(1);
      expect(reported).to.have.length(1);
      expect(lines[0]).to.include({ level: 'error', status: 500, outcome: 'errored' });
      expect(lines[0]?.err).to.include({ type: 'Error', message: (reported[0] as Error).message });
      expect((reported[0] as Error).message).to.include('plain string failure');
    });

    it('an error from below with a client-gone code (an upstream reset) is on the line while the client is still there', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      router.get('/upstream', async () => {
        await delay(1);
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      });
      await start(logs, router);
      // Act
      const res = await client().get('/upstream').set('x-request-id', 'req-reset');
      const lines = await linesOf(logs.mem, '/upstream');
      // Assess
      expect([res.status, res.headers['x-request-id']]).to.deep.equal([500, 'req-reset']);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({ level: 'error', status: 500, outcome: 'errored' });
      expect(lines[0]?.err).to.include({ message: 'socket hang up', code: 'ECONNRESET' });
    });
  });

  describe(`koa: the middleware below an error middleware of the app's (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('an error the outer middleware handles without reporting it is still on the access line, as thrown', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      const reported: unknown[] = [];
      app.on('error', (error) => reported.push(error));
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = 503;
          ctx.body = { error: String(error instanceof Error ? error.message : error) };
        }
      });
      app.use(loggingMiddleware({ logger: logs.logger }));
      app.use(async (ctx) => {
        await delay(1);
        if (ctx.path === '/string') throw 'plain string failure';
        throw new Error('cache cluster unreachable');
      });
      served = await serve(app.callback());
      // Act
      const res = await request(served.server).get('/error').set('x-request-id', 'req-outer');
      const stringRes = await request(served.server).get('/string');
      const line = await accessLineFor(logs.mem, '/error');
      const stringLine = await accessLineFor(logs.mem, '/string');
      // Assess
      expect(reported).to.deep.equal([]);
      expect([res.status, res.body]).to.deep.equal([503, { error: 'cache cluster unreachable' }]);
      expect(res.headers['x-request-id']).to.equal('req-outer');
      expect(line).to.include({ level: 'error', status: 503, outcome: 'errored', requestId: 'req-outer' });
      expect(line.err).to.include({ type: 'Error', message: 'cache cluster unreachable' });
      expect(line.ttfbMs)
        .to.be.a('number')
        .at.most(line.durationMs as number);
      expect(stringRes.body).to.deep.equal({ error: 'plain string failure' });
      expect(stringLine).to.include({ status: 503, err: 'plain string failure' });
    });

    it('an app whose own ctx.onerror does not report errors: they are still on the access line', async () => {
      // Prepare: an error handler in the style of koa-onerror, replacing ctx.onerror, emitting nothing.
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      app.context.onerror = function onerror(this: Koa.Context, error: unknown) {
        if (error == null) return;
        this.res.statusCode = 500;
        this.res.setHeader('content-type', 'text/plain');
        this.res.end('custom failure page');
      };
      app.use(loggingMiddleware({ logger: logs.logger }));
      app.use(() => {
        throw new Error('template missing');
      });
      served = await serve(app.callback());
      // Act
      const res = await request(served.server).get('/page');
      const line = await accessLineFor(logs.mem, '/page');
      // Assess
      expect([res.status, res.text]).to.deep.equal([500, 'custom failure page']);
      expect(line).to.include({ level: 'error', status: 500, outcome: 'errored' });
      expect(line.err).to.include({ message: 'template missing' });
    });
  });
}
