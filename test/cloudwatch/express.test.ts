// End to end: an Express app with the real loggingMiddleware whose request lines (req.log and the
// access line) land in the local CloudWatch Logs server as JSON, in order.
import { configure, getLogger } from '@cloudlog/core';
import { errorLogger, loggingMiddleware } from '@cloudlog/express';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { GROUP, until, useCloudWatch } from './helpers.js';

describe('cloudwatch: an Express app with loggingMiddleware, end to end', () => {
  const cw = useCloudWatch();

  // The way users set it up: the root logger ships to CloudWatch, the middleware and the
  // services below the handlers log through it.
  afterEach(() => configure({ transports: [] }));

  function app(): express.Express {
    const app = express();
    app.use(loggingMiddleware());
    app.get('/users/:id', (req, res) => {
      req.log.info({ userId: req.params.id }, 'loading user');
      getLogger('users-service').info('deep in a service');
      res.json({ id: req.params.id });
    });
    app.get('/fail', () => {
      throw new Error('database down');
    });
    app.use(errorLogger());
    app.use((_err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(503).end();
    });
    return app;
  }

  it('ships the handler lines and the access lines as JSON, in order, one request after another', async () => {
    // Prepare
    const transport = cw.make({ flushIntervalMs: 60_000 });
    configure({ level: 'info', transports: [transport] });
    const server = app();
    // Act
    const first = await request(server).get('/users/1').expect(200);
    const second = await request(server).get('/fail').expect(503);
    await until(() => transport.stats().enqueued === 4, 2_000, 'four lines logged');
    await getLogger().flush();
    // Assess
    const lines = cw.server.messages(GROUP).map((message) => JSON.parse(message));
    const firstId = first.headers['x-request-id'];
    const secondId = second.headers['x-request-id'];
    expect(lines.map((line) => [line.level, line.name, line.requestId, line.outcome ?? line.msg])).to.deep.equal([
      ['info', undefined, firstId, 'loading user'],
      ['info', 'users-service', firstId, 'deep in a service'],
      ['info', undefined, firstId, 'completed'],
      ['error', undefined, secondId, 'errored'],
    ]);
    expect(lines[2].msg).to.match(/^GET \/users\/:id 200 [\d.]+ms$/);
    expect(lines[2]).to.include({ method: 'GET', route: '/users/:id', path: '/users/1', status: 200 });
    expect(lines[0]).to.include({ userId: '1' });
    expect(lines[3]).to.include({ status: 503, path: '/fail' });
    expect(lines[3].err).to.include({ type: 'Error', message: 'database down' });
    expect(transport.stats()).to.include({ sent: 4, droppedTotal: 0 });
  });

  it('keeps up with concurrent requests: one access line per request, after its handler line', async () => {
    // Prepare
    const transport = cw.make({ flushIntervalMs: 50 });
    configure({ level: 'info', transports: [transport] });
    const server = app();
    // Act
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => request(server).get(`/users/${i}`)));
    await until(() => transport.stats().enqueued === 150, 2_000, 'three lines per request logged');
    await getLogger().flush();
    // Assess
    const lines = cw.server.messages(GROUP).map((message) => JSON.parse(message));
    expect(lines).to.have.length(150);
    for (const response of responses) {
      const id = response.headers['x-request-id'];
      const own = lines.filter((line) => line.requestId === id);
      expect(own.map((line) => line.outcome ?? line.msg)).to.deep.equal([
        'loading user',
        'deep in a service',
        'completed',
      ]);
    }
  });
});
