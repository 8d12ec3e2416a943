import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { expectFullFieldSet, fieldSetLogger } from '../support/field-set.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa, Router } from '../support/koa-apps.js';

for (const [label, Koa] of koaVersions) {
  describe(`koa: the access line (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('has the field set: route template, status, timing, bytes, client, ids; and the access facts', async () => {
      // Prepare
      const subject = fieldSetLogger();
      const app = quietKoa(Koa, { proxy: true });
      app.use(loggingMiddleware({ logger: subject.logger }));
      const users = new Router({ prefix: '/users' });
      users.get('/:id', (ctx) => {
        ctx.log.info('loading user');
        ctx.body = { id: ctx.params.id };
      });
      app.use(users.routes());
      served = await serve(app.callback());
      // Act, Assess
      await expectFullFieldSet(served.server, subject);
    });

    it('without app.proxy, X-Forwarded-For is ignored: the client is the socket peer', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      served = await serve(app.callback());
      await request(served.server).get('/peer').set('x-forwarded-for', '198.51.100.4');
      expect((await accessLineFor(mem, '/peer')).remoteIp).to.equal('127.0.0.1');
    });

    it('levels follow the status: 2xx/3xx info, 4xx warn, 5xx error', async () => {
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(loggingMiddleware({ logger }));
      app.use((ctx) => {
        ctx.status = Number(ctx.path.split('/')[2]);
        if (ctx.status === 302) ctx.redirect('/elsewhere');
      });
      served = await serve(app.callback());
      for (const code of [200, 302, 404, 503]) await request(served.server).get(`/s/${code}`);
      const lines = await Promise.all([200, 302, 404, 503].map((c) => accessLineFor(mem, `/s/${c}`)));
      expect(lines.map((l) => [l.status, l.level])).to.deep.equal([
        [200, 'info'],
        [302, 'info'],
        [404, 'warn'],
        [503, 'error'],
      ]);
      expect(lines[3]?.outcome).to.equal('errored');
    });

    it("fieldNames renames the engine fields; message and customFields get Koa's ctx", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const app = quietKoa(Koa);
      app.use(
        loggingMiddleware({
          logger,
          fieldNames: { durationMs: 'latency_ms', requestId: 'reqId', status: 'statusCode' },
          message: (access, ctx) => `${access.method} ${access.path} -> ${access.status} for ${ctx.state.tenant}`,
          customFields: (ctx) => ({ tenant: ctx.state.tenant, cache: ctx.response.get('x-cache') }),
        }),
      );
      app.use((ctx) => {
        ctx.state.tenant = ctx.get('x-tenant');
        ctx.set('x-cache', 'HIT');
        ctx.body = 'ok';
      });
      served = await serve(app.callback());
      // Act
      await request(served.server).get('/r').set('x-tenant', 'acme');
      const line = await mem.waitFor((r) => r.outcome !== undefined);
      // Assess
      expect(line).to.include({ msg: 'GET /r -> 200 for acme', statusCode: 200, tenant: 'acme', cache: 'HIT' });
      expect(line.reqId).to.be.a('string');
      expect(line.latency_ms).to.be.a('number');
      expect(line).not.to.have.any.keys('durationMs', 'requestId', 'status');
    });

    it('the query string is left out unless asked for', async () => {
      const { mem, logger } = memoryLogger();
      const withQuery = memoryLogger();
      const plainApp = quietKoa(Koa);
      plainApp.use(loggingMiddleware({ logger }));
      plainApp.use((ctx) => {
        ctx.body = 'p';
      });
      const queryApp = quietKoa(Koa);
      queryApp.use(loggingMiddleware({ logger: withQuery.logger, query: true }));
      queryApp.use((ctx) => {
        ctx.body = 'q';
      });
      await request(plainApp.callback()).get('/p?session=abc');
      await request(queryApp.callback()).get('/q?page=2');
      const plain = await accessLineFor(mem, '/p');
      const queried = await accessLineFor(withQuery.mem, '/q');
      expect(JSON.stringify(plain)).not.to.include('session');
      expect(queried).to.include({ path: '/q', query: 'page=2' });
    });
  });
}
