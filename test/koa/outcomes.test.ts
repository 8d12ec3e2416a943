import { Readable } from 'node:stream';
import type { MemoryTransport } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import {
  accessLineFor,
  accessLines,
  firstBytes,
  openRequest,
  type Served,
  serve,
  signal,
} from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: outcomes (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    /** A request after the one under test, whose line proves the event loop moved on. */
    async function settle(mem: MemoryTransport): Promise<void> {
      await client().get('/__settle');
      await accessLineFor(mem, '/__settle');
    }

    function appWith(logs: ReturnType<typeof memoryLogger>, router: Router): Koa {
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger: logs.logger }));
      router.get('/__settle', (ctx) => {
        ctx.body = '';
      });
      app.use(router.routes());
      return app;
    }

    it('a client closing the connection while a stream body is sent: aborted, no status, warn, exactly one line', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      router.get('/stream', (ctx) => {
        const timers = new Set<NodeJS.Timeout>();
        ctx.type = 'text/plain';
        ctx.body = new Readable({
          read() {
            timers.add(setTimeout(() => this.push('more '), 5));
          },
          destroy(error, callback) {
            for (const timer of timers) clearTimeout(timer);
            callback(error);
          },
        });
      });
      served = await serve(appWith(logs, router).callback());
      // Act
      const socket = openRequest(served.port, '/stream');
      await firstBytes(socket);
      socket.destroy();
      const line = await accessLineFor(logs.mem, '/stream');
      await settle(logs.mem);
      // Assess
      expect(line).to.include({ level: 'warn', outcome: 'aborted', route: '/stream' });
      expect(line).not.to.have.any.keys('status', 'err');
      expect(line.msg).to.match(/^GET \/stream aborted /);
      expect(line.bytesOut).to.be.greaterThan(0);
      expect(accessLines(logs.mem).filter((r) => r.path === '/stream')).to.have.length(1);
    });

    it('a client giving up while the handler still waits: aborted, never a 200, even when it answers later', async () => {
      // Prepare
      const logs = memoryLogger();
      const router = new Router();
      const entered = signal();
      const release = signal();
      const answered = signal();
      router.get('/slow', async (ctx) => {
        entered.resolve();
        await release.promise;
        ctx.body = 'too late';
        answered.resolve();
      });
      served = await serve(appWith(logs, router).callback());
      // Act
      const socket = openRequest(served.port, '/slow');
      await entered.promise;
      socket.destroy();
      const line = await accessLineFor(logs.mem, '/slow');
      release.resolve();
      await answered.promise;
      await settle(logs.mem);
      // Assess
      expect(line).to.include({ level: 'warn', outcome: 'aborted' });
      expect(line).not.to.have.any.keys('status', 'err');
      expect(accessLines(logs.mem).filter((r) => r.path === '/slow')).to.have.length(1);
    });

    it("nothing responded: Koa's default 404, one warn line without a route", async () => {
      const logs = memoryLogger();
      const router = new Router();
      router.get('/exists', (ctx) => {
        ctx.body = 'here';
      });
      served = await serve(appWith(logs, router).callback());
      const res = await client().get('/nowhere');
      const line = await accessLineFor(logs.mem, '/nowhere');
      await settle(logs.mem);
      expect(res.status).to.equal(404);
      expect(line).to.include({ level: 'warn', status: 404, outcome: 'completed', msg: line.msg });
      expect(line.msg).to.match(/^GET \/nowhere 404 /);
      expect(line).not.to.have.any.keys('route', 'err');
      expect(accessLines(logs.mem).filter((r) => r.path === '/nowhere')).to.have.length(1);
    });

    it('a response written straight to ctx.res (ctx.respond = false) is logged once, as sent', async () => {
      const logs = memoryLogger();
      const router = new Router();
      router.get('/raw', (ctx) => {
        ctx.respond = false;
        ctx.res.writeHead(202, { 'content-type': 'text/plain' });
        ctx.res.end('accepted');
      });
      served = await serve(appWith(logs, router).callback());
      await client().get('/raw').expect(202);
      const line = await accessLineFor(logs.mem, '/raw');
      await settle(logs.mem);
      expect(line).to.include({ level: 'info', status: 202, outcome: 'completed', route: '/raw' });
      expect(accessLines(logs.mem).filter((r) => r.path === '/raw')).to.have.length(1);
    });
  });
}
