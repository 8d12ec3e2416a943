// End to end: an Express app whose logs land in the local CloudWatch Logs server as JSON, in order.
// @cloudlog/express's loggingMiddleware is written on another branch; until it is merged, this app
// builds the request logger and the access line by hand, as the middleware will. The test with the
// real loggingMiddleware (req.log, one access line per request) is pending on that merge.
import { randomUUID } from 'node:crypto';
import { createLogger, type Logger } from '@cloudlog/core';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { GROUP, until, useCloudWatch } from './helpers.js';

describe('cloudwatch: an Express app end to end', () => {
  const cw = useCloudWatch();

  function appLoggingTo(logger: Logger): express.Express {
    const app = express();
    app.use((req, res, next) => {
      const started = performance.now();
      const requestId = randomUUID();
      const log = logger.child({ requestId });
      res.locals.log = log;
      res.setHeader('x-request-id', requestId);
      res.on('finish', () => {
        const durationMs = Math.round((performance.now() - started) * 1_000) / 1_000;
        const fields = { method: req.method, path: req.path, status: res.statusCode, durationMs };
        log[res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'](fields, 'request completed');
      });
      next();
    });
    app.get('/users/:id', (req, res) => {
      (res.locals.log as Logger).info({ userId: req.params.id }, 'loading user');
      res.json({ id: req.params.id });
    });
    app.get('/fail', (_req, res) => {
      (res.locals.log as Logger).error({ err: new Error('database down') }, 'query failed');
      res.status(503).end();
    });
    return app;
  }

  it('ships the handler lines and the access lines as JSON, in order, one request after another', async () => {
    // Prepare
    const transport = cw.make({ flushIntervalMs: 60_000 });
    const logger = createLogger({ level: 'info', transports: [transport] });
    const app = appLoggingTo(logger);
    // Act
    const first = await request(app).get('/users/1').expect(200);
    const second = await request(app).get('/fail').expect(503);
    const third = await request(app).get('/users/3').expect(200);
    await until(() => transport.stats().enqueued === 6, 2_000, 'six lines logged');
    await logger.flush();
    // Assess
    const lines = cw.server.messages(GROUP).map((message) => JSON.parse(message));
    expect(lines.map((line) => [line.level, line.msg, line.requestId])).to.deep.equal([
      ['info', 'loading user', first.headers['x-request-id']],
      ['info', 'request completed', first.headers['x-request-id']],
      ['error', 'query failed', second.headers['x-request-id']],
      ['error', 'request completed', second.headers['x-request-id']],
      ['info', 'loading user', third.headers['x-request-id']],
      ['info', 'request completed', third.headers['x-request-id']],
    ]);
    expect(lines[1]).to.include({ method: 'GET', path: '/users/1', status: 200 });
    expect(lines[0]).to.include({ userId: '1' });
    expect(lines[2].err).to.include({ message: 'database down' });
    expect(transport.stats()).to.include({ sent: 6, droppedTotal: 0 });
  });

  it('keeps up with concurrent requests: one access line per request, each after its handler line', async () => {
    // Prepare
    const transport = cw.make({ flushIntervalMs: 50 });
    const logger = createLogger({ level: 'info', transports: [transport] });
    const app = appLoggingTo(logger);
    // Act
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => request(app).get(`/users/${i}`)));
    await until(() => transport.stats().enqueued === 100, 2_000, 'a hundred lines logged');
    await logger.flush();
    // Assess
    const lines = cw.server.messages(GROUP).map((message) => JSON.parse(message));
    expect(lines).to.have.length(100);
    for (const response of responses) {
      const id = response.headers['x-request-id'];
      const own = lines.filter((line) => line.requestId === id).map((line) => line.msg);
      expect(own).to.deep.equal(['loading user', 'request completed']);
    }
  });
});
