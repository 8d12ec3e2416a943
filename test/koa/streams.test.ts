import { once } from 'node:events';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, accessLines, closed, openRequest, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: stream bodies (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('a stream set as ctx.body: the duration covers the whole stream, the first byte is its start, every byte is counted', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger: logs.logger }));
      const chunk = 'y'.repeat(10_000);
      app.use((ctx) => {
        ctx.type = 'text/plain';
        ctx.body = Readable.from(
          (async function* () {
            for (let i = 0; i < 5; i++) {
              yield chunk;
              await delay(20);
            }
          })(),
        );
      });
      served = await serve(app.callback());
      // Act
      const started = performance.now();
      const res = await request(served.server).get('/chunks');
      const elapsed = performance.now() - started;
      const line = await accessLineFor(logs.mem, '/chunks');
      // Assess
      expect(res.text).to.have.length(50_000);
      expect(line).to.include({ level: 'info', status: 200, outcome: 'completed' });
      expect(line.durationMs)
        .to.be.at.least(80)
        .and.at.most(elapsed + 1);
      // Koa starts sending once the middleware chain settles, long before the stream's end.
      expect(line.ttfbMs).to.be.a('number').lessThan(40);
      expect(line.bytesOut).to.be.greaterThan(50_000);
    });

    it('a stream body failing mid-way: one error line with the status sent and the stream error', async () => {
      // Prepare
      const logs = memoryLogger();
      const app = quietKoa(Koa);
      const reported: unknown[] = [];
      app.on('error', (error) => reported.push(error));
      app.use(loggingMiddleware({ logger: logs.logger }));
      const failure = new Error('disk read failed');
      app.use((ctx) => {
        let sent = 0;
        ctx.body = new Readable({
          read() {
            if (sent++ < 2) this.push('part ');
            else setImmediate(() => this.destroy(failure));
          },
        });
      });
      served = await serve(app.callback());
      // Act: Koa 3 destroys the response; Koa 2 leaves it open, so the client gives up once Koa reported the error
      const socket = openRequest(served.port, '/broken');
      await once(app, 'error');
      if (label === 'koa 2') socket.destroy();
      await closed(socket);
      const line = await accessLineFor(logs.mem, '/broken');
      // Assess
      expect(reported[0]).to.equal(failure);
      expect(line).to.include({ level: 'error', outcome: 'errored', status: 200 });
      expect(line.err).to.include({ type: 'Error', message: 'disk read failed' });
      expect(accessLines(logs.mem)).to.have.length(1);
    });
  });
}
