// Type test: this file is type-checked with the rest of the tests (tsconfig.check.json), with
// no cast anywhere. It proves the `req.log` / `req.id` declaration merging shipped in
// @cloudlog/express works for Express 4 and Express 5 typings, and that misuse is rejected
// (`@ts-expect-error` fails the type-check when the line below it compiles). The runtime part
// makes the apps serve real requests, so the test can fail.
import type { Logger } from '@cloudlog/core';
import { createLogger, memory } from '@cloudlog/core';
import { errorLogger, loggingMiddleware, routeLevel } from '@cloudlog/express';
import { expect } from 'chai';
import express5 from 'express';
import express4 from 'express4';
import request from 'supertest';

function express5App(logger: Logger): express5.Express {
  const app = express5();
  app.set('env', 'test');
  app.use(
    loggingMiddleware({
      logger,
      customFields: (req, res) => ({ agent: req.get('user-agent'), type: res.get('content-type') }),
      skip: (req, res) => req.path === '/metrics' && res.statusCode < 400,
    }),
  );
  app.get('/users/:id', routeLevel('debug'), (req, res) => {
    req.log.warn('x');
    req.log.debug({ userId: req.params.id }, 'loading %s', req.params.id);
    req.log.assign({ userId: req.params.id });
    const id: string = req.id;
    const log: Logger = req.log.child({ part: 'users' });
    // @ts-expect-error: a log call takes a message or fields, not a number
    req.log.warn(42);
    // @ts-expect-error: req.id is a string
    const wrong: number = req.id;
    res.json({ id, level: log.level, wrong });
  });
  app.get('/fail', routeLevel({ level: 'warn', accessLog: 'errors', sampleRate: 0.5 }), async () => {
    throw new Error('typed failure');
  });
  app.use(errorLogger());
  return app;
}

function express4App(logger: Logger): express4.Express {
  const app = express4();
  app.set('env', 'test');
  app.use(
    loggingMiddleware({
      logger,
      routes: [{ match: 'GET /health', accessLog: 'off' }],
      accessFormat: 'tiny',
      skip: (req) => req.path === '/metrics',
    }),
  );
  app.get('/users/:id', routeLevel('debug'), (req, res) => {
    req.log.warn('x');
    req.log.assign({ userId: req.params.id });
    const id: string = req.id;
    if (req.params.id === 'never') {
      // @ts-expect-error: Logger has no method 'verbose'
      req.log.verbose('nope');
    }
    res.json({ id });
  });
  app.get('/fail', (_req, _res, next) => next(new Error('typed failure')));
  app.use(errorLogger());
  return app;
}

describe('express: typings for req.log and req.id (type-checked, Express 4 and 5)', () => {
  it('misuse is rejected by the types and, at run time, by a TypeError', () => {
    // @ts-expect-error: not a level
    expect(() => routeLevel('loud')).to.throw(TypeError);
    // @ts-expect-error: a rule needs match
    expect(() => loggingMiddleware({ routes: [{ level: 'debug' }] })).to.throw(TypeError, /match/);
    // @ts-expect-error: accessLog takes 'on' | 'off' | 'errors' or a level
    expect(() => loggingMiddleware({ accessLog: 'sometimes' })).to.throw(TypeError, /accessLog/);
    // @ts-expect-error: Express decides the client address (app.set('trust proxy', …))
    expect(() => loggingMiddleware({ trustProxy: true })).to.throw(TypeError, /trust proxy/);
    // @ts-expect-error: accessFormat is one of morgan's five named formats
    expect(() => loggingMiddleware({ accessFormat: 'apache' })).to.throw(TypeError, /accessFormat/);
    // @ts-expect-error: skip is a predicate (req, res) => boolean
    expect(() => loggingMiddleware({ skip: '/health' })).to.throw(TypeError, /skip must be a function/);
  });

  for (const [label, build] of [
    ['express 4', express4App],
    ['express 5', express5App],
  ] as const) {
    it(`${label}: the typed app logs through req.log with the request id`, async () => {
      const mem = memory();
      const app = build(createLogger({ level: 'trace', transports: [mem] }));
      const res = await request(app).get('/users/7');
      await request(app).get('/fail').expect(500);
      await mem.waitFor((r) => r.outcome === 'errored');
      expect(res.body.id).to.be.a('string');
      expect(mem.records.find((r) => r.msg === 'x')).to.include({ requestId: res.body.id, level: 'warn' });
      expect(mem.records.find((r) => r.path === '/users/7' && r.outcome !== undefined)).to.include({ userId: '7' });
      expect(mem.records.find((r) => r.outcome === 'errored')?.err).to.include({ message: 'typed failure' });
    });
  }
});
