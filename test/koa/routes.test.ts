import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { koaRoutes, koaVersions, quietKoa, Router } from '../support/koa-apps.js';
import { optionValidationSuite, routeRulesSuite } from '../support/route-rules-suite.js';

for (const [label, Koa] of koaVersions) {
  routeRulesSuite(`koa: per-route overrides (${label})`, koaRoutes(Koa));

  describe(`koa: @koa/router specifics (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

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
  });
}

optionValidationSuite('koa: options are validated at construction', loggingMiddleware, routeLevel, [
  [{ trustProxy: 'loopback' }, /trustProxy is not an option here.*app\.proxy/],
]);
