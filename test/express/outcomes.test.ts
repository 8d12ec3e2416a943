import { get } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { MemoryTransport } from '@cloudlog/core';
import { errorLogger, loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import {
  accessLineFor,
  accessLines,
  closed,
  firstBytes,
  openRequest,
  type Served,
  serve,
  signal,
} from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  describe(`express: outcomes (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    /** Serves `app` with a /__settle route, whose access line shows the event loop moved on. */
    async function start(app: ReturnType<typeof quietApp>): Promise<Served> {
      served = await serve(app);
      return served;
    }

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    async function settle(mem: MemoryTransport): Promise<void> {
      await client().get('/__settle');
      await accessLineFor(mem, '/__settle');
    }

    function appWith(mem: ReturnType<typeof memoryLogger>): ReturnType<typeof quietApp> {
      const app = quietApp(express);
      app.use(loggingMiddleware({ logger: mem.logger }));
      app.get('/__settle', (_req, res) => {
        res.end();
      });
      return app;
    }

    it('a client closing the connection mid-stream: aborted, no status, warn, exactly one line', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      const stop = signal();
      app.get('/stream', (_req, res) => {
        res.write('first chunk');
        const timer = setInterval(() => res.write('more'), 5);
        stop.promise.then(() => clearInterval(timer));
      });
      const { port } = await start(app);
      // Act
      const socket = openRequest(port, '/stream');
      await firstBytes(socket);
      socket.destroy();
      const line = await accessLineFor(logs.mem, '/stream');
      stop.resolve();
      await settle(logs.mem);
      // Assess
      expect(line).to.include({ level: 'warn', outcome: 'aborted', route: '/stream' });
      expect(line).not.to.have.property('status');
      expect(line.msg).to.match(/^GET \/stream aborted /);
      expect(line.bytesOut).to.be.greaterThan(0);
      expect(accessLines(logs.mem).filter((r) => r.path === '/stream')).to.have.length(1);
    });

    it('a client giving up while the handler still waits: aborted, never a 200, even when it answers later', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      const entered = signal();
      const release = signal();
      app.get('/slow', async (_req, res) => {
        entered.resolve();
        await release.promise;
        res.send('too late');
      });
      const { port } = await start(app);
      // Act
      const socket = openRequest(port, '/slow');
      await entered.promise;
      socket.destroy();
      const line = await accessLineFor(logs.mem, '/slow');
      release.resolve();
      await settle(logs.mem);
      // Assess
      expect(line).to.include({ level: 'warn', outcome: 'aborted' });
      expect(line).not.to.have.property('status');
      expect(accessLines(logs.mem).filter((r) => r.path === '/slow')).to.have.length(1);
    });

    it('errors thrown in a handler, or passed to next(err), are captured by errorLogger()', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      const seenByApp: string[] = [];
      app.get('/sync', () => {
        throw new TypeError('sync failure');
      });
      app.get('/next', (_req, _res, next) => {
        setImmediate(() => next(new RangeError('passed to next')));
      });
      app.use(errorLogger());
      app.use((err: Error, _req: unknown, _res: unknown, next: (e: unknown) => void) => {
        seenByApp.push(err.message);
        next(err);
      });
      await start(app);
      // Act
      await client().get('/sync').expect(500);
      await client().get('/next').expect(500);
      const sync = await accessLineFor(logs.mem, '/sync');
      const next = await accessLineFor(logs.mem, '/next');
      // Assess
      expect(seenByApp).to.deep.equal(['sync failure', 'passed to next']);
      expect(sync).to.include({ level: 'error', outcome: 'errored', status: 500, route: '/sync' });
      expect(sync.err).to.include({ type: 'TypeError', message: 'sync failure' });
      expect(sync.err).to.have.property('stack').that.includes('sync failure');
      expect(next.err).to.include({ type: 'RangeError', message: 'passed to next' });
    });

    it('an async handler failure: a rejected promise (Express 5) or next(err) from a catch (Express 4)', async () => {
      const logs = memoryLogger();
      const app = appWith(logs);
      app.get('/async', async (_req, _res, next) => {
        await delay(1);
        const error = new Error('async failure');
        if (label === 'express 4') next(error);
        else throw error;
      });
      app.use(errorLogger());
      await start(app);
      await client().get('/async').expect(500);
      const line = await accessLineFor(logs.mem, '/async');
      expect(line).to.include({ level: 'error', outcome: 'errored', status: 500 });
      expect(line.err).to.include({ message: 'async failure' });
    });

    it('an error after the headers went out: errored with the status that was sent, the error, one line', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      app.get('/late', (_req, res) => {
        res.write('partial');
        throw new Error('failed mid-response');
      });
      app.use(errorLogger());
      const { port } = await start(app);
      // Act
      await closed(openRequest(port, '/late'));
      const line = await accessLineFor(logs.mem, '/late');
      await settle(logs.mem);
      // Assess
      expect(line).to.include({ level: 'error', outcome: 'errored', status: 200 });
      expect(line.err).to.include({ message: 'failed mid-response' });
      expect(accessLines(logs.mem).filter((r) => r.path === '/late')).to.have.length(1);
    });

    it('without errorLogger(), a 500 still gives an error line (without the error object)', async () => {
      const logs = memoryLogger();
      const app = appWith(logs);
      app.get('/boom', () => {
        throw new Error('hidden');
      });
      await start(app);
      await client().get('/boom').expect(500);
      const line = await accessLineFor(logs.mem, '/boom');
      expect(line).to.include({ level: 'error', outcome: 'errored', status: 500 });
      expect(line).not.to.have.property('err');
    });

    it('a streamed response: the duration covers the whole stream and every byte is counted', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      const chunk = 'y'.repeat(10_000);
      app.get('/chunks', async (_req, res) => {
        res.type('text/plain');
        for (let i = 0; i < 5; i++) {
          res.write(chunk);
          await delay(20);
        }
        res.end();
      });
      await start(app);
      // Act
      const started = performance.now();
      const res = await client().get('/chunks');
      const elapsed = performance.now() - started;
      const line = await accessLineFor(logs.mem, '/chunks');
      // Assess
      expect(res.text).to.have.length(50_000);
      expect(line).to.include({ status: 200, outcome: 'completed' });
      expect(line.durationMs)
        .to.be.at.least(80)
        .and.at.most(elapsed + 1);
      expect(line.bytesOut).to.be.greaterThan(50_000);
    });

    it('server-sent events: the first byte is timed when the handler opens the stream, the line when it ends', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = appWith(logs);
      app.get('/events', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.flushHeaders();
        let n = 0;
        const timer = setInterval(() => {
          res.write(`data: ${++n}\n\n`);
          if (n === 5) {
            clearInterval(timer);
            res.end();
          }
        }, 15);
      });
      const { port } = await start(app);
      // Act
      const body = await new Promise<string>((resolve) => {
        get({ host: '127.0.0.1', port, path: '/events' }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            text += d;
          });
          res.on('end', () => resolve(text));
        });
      });
      const line = await accessLineFor(logs.mem, '/events');
      // Assess
      expect(body).to.include('data: 5');
      expect(line).to.include({ status: 200, outcome: 'completed', level: 'info' });
      expect(line.durationMs).to.be.at.least(60);
      expect(line.ttfbMs).to.be.lessThan(line.durationMs as number);
      expect(line.ttfbMs).to.be.lessThan(30);
      expect(line.bytesOut).to.be.greaterThan(body.length);
    });
  });
}
