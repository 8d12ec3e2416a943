import { loggingMiddleware, routeLevel } from '@cloudlog/express';
import { expect } from 'chai';
import { expressRoutes, expressVersions } from '../support/express-apps.js';
import { routeRulesSuite } from '../support/route-rules-suite.js';

for (const [label, express] of expressVersions) {
  routeRulesSuite(`express: per-route overrides (${label})`, expressRoutes(express));
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
