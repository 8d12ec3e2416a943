// End to end: a Koa app with the real @cloudlog/koa loggingMiddleware whose request lines
// (ctx.log, getLogger() below the handler, the access line) land in the local CloudWatch Logs
// server as JSON, in order, the thrown error on its one access line.
import { configure, getLogger } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { GROUP, until, useCloudWatch } from './helpers.js';

describe('cloudwatch: a Koa app with loggingMiddleware, end to end', () => {
  const cw = useCloudWatch();

  afterEach(() => configure({ transports: [] }));

  function app(): Koa {
    const app = new Koa();
    app.silent = true; // Koa would print the thrown error to stderr
    app.use(loggingMiddleware());
    const router = new Router();
    router.get('/users/:id', (ctx) => {
      ctx.log.info({ userId: ctx.params.id }, 'loading user');
      getLogger('users-service').info('deep in a service');
      ctx.body = { id: ctx.params.id };
    });
    router.get('/fail', () => {
      throw Object.assign(new Error('database down'), { status: 503 });
    });
    app.use(router.routes());
    return app;
  }

  it('ships the handler lines and the access lines as JSON, in order, the error on its access line', async () => {
    // Prepare
    const transport = cw.make({ flushIntervalMs: 60_000 });
    configure({ level: 'info', transports: [transport] });
    const server = app().callback();
    // Act
    const first = await request(server).get('/users/1').expect(200);
    const second = await request(server).get('/fail').expect(503);
    await until(() => transport.stats().enqueued === 4, 2_000, 'four lines logged');
    await getLogger().flush();
    // Assess
    const lines = cw.server.messages(GROUP).map((message) => JSON.parse(message));
    const firstId = first.headers['x-request-id'];
    const secondId = second.headers['x-request-id'];
    expect(secondId).to.be.a('string');
    expect(lines.map((line) => [line.level, line.name, line.requestId, line.outcome ?? line.msg])).to.deep.equal([
      ['info', undefined, firstId, 'loading user'],
      ['info', 'users-service', firstId, 'deep in a service'],
      ['info', undefined, firstId, 'completed'],
      ['error', undefined, secondId, 'errored'],
    ]);
    expect(lines[2]).to.include({ method: 'GET', route: '/users/:id', path: '/users/1', status: 200 });
    expect(lines[0]).to.include({ userId: '1' });
    expect(lines[3]).to.include({ status: 503, path: '/fail', route: '/fail' });
    expect(lines[3].err).to.include({ type: 'Error', message: 'database down' });
    expect(transport.stats()).to.include({ sent: 4, droppedTotal: 0 });
  });
});
