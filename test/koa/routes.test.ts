import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { koaRoutes, koaVersions, quietKoa, Router } from '../support/koa-apps.js';
import { routeRulesSuite } from '../support/route-rules-suite.js';

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
