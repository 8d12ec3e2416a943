// End to end through real Express and Koa apps with the request-logging middleware: in the local
// Cloud Logging server, each request's access entry is the request log (httpRequest) and carries
// the same trace as the request's other entries.
import { configure, getLogger } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import { loggingMiddleware as koaLogging } from '@cloudlog/koa';
import type { LocalCloudLogging } from '@cloudlog/testing';
import Router from '@koa/router';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import request from 'supertest';
import { apiTransport, PROJECT, startServer } from './helpers.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;

describe('googleCloudTransport end to end with the request-logging middleware', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  beforeEach(() => server.reset());
  // The root logger is process-wide: leave it writing nowhere for the tests that follow.
  afterEach(() => configure({ transports: [] }));
  after(() => server.close());

  function expectGroupedUnderTheRequest(path: string, status: number): void {
    const [requestLog] = server.entries({ logName: 'cloudlog_reqlog' });
    const lines = server.entries({ logName: 'cloudlog' });
    const trace = `projects/${PROJECT}/traces/${TRACE_ID}`;
    expect(requestLog?.httpRequest).to.deep.include({ requestMethod: 'GET', requestUrl: path, status });
    expect(requestLog?.httpRequest?.latency?.seconds).to.equal(0);
    expect(requestLog).to.deep.include({ trace, spanId: 'b7ad6b7169203331', traceSampled: true });
    expect(lines.map((e) => [e.jsonPayload?.message, e.trace, e.jsonPayload?.requestId])).to.deep.equal([
      ['loading user', trace, requestLog?.jsonPayload?.requestId],
      ['deep in a service', trace, requestLog?.jsonPayload?.requestId],
    ]);
  }

  /** Code below the handler that logs through getLogger(): it carries the request's context. */
  function userService(): void {
    getLogger('users').info('deep in a service');
  }

  it('Express: the access line is the request log, the handler lines share its trace', async () => {
    // Prepare
    const transport = apiTransport(server);
    configure({ transports: [transport] });
    const app = express();
    app.use(loggingMiddleware());
    app.get('/users/:id', (req, res) => {
      req.log.info('loading user');
      userService();
      res.status(200).json({ id: 1 });
    });

    // Act
    await request(app).get('/users/1').set('traceparent', TRACEPARENT).expect(200);
    await transport.flush(5_000);

    // Assess
    expectGroupedUnderTheRequest('/users/1', 200);
    const [requestLog] = server.entries({ logName: 'cloudlog_reqlog' });
    expect(requestLog?.jsonPayload).to.include({ route: '/users/:id', outcome: 'completed' });
    expect(requestLog?.severity).to.equal('INFO');
    await transport.close();
  });

  it('Express: x-cloud-trace-context gives the trace and its decimal span id as 16 hex digits', async () => {
    // Prepare
    const transport = apiTransport(server);
    configure({ transports: [transport] });
    const app = express();
    app.use(loggingMiddleware());
    app.get('/orders', (req, res) => {
      req.log.warn('slow inventory');
      res.status(503).end();
    });

    // Act
    await request(app)
      .get('/orders?page=2')
      .set('x-cloud-trace-context', `${TRACE_ID}/12345678901234567890;o=1`)
      .expect(503);
    await transport.flush(5_000);

    // Assess
    const trace = `projects/${PROJECT}/traces/${TRACE_ID}`;
    const [requestLog] = server.entries({ logName: 'cloudlog_reqlog' });
    const [line] = server.entries({ logName: 'cloudlog' });
    expect(requestLog).to.deep.include({ trace, spanId: 'ab54a98ceb1f0ad2', traceSampled: true, severity: 'ERROR' });
    expect(requestLog?.httpRequest).to.deep.include({ requestMethod: 'GET', status: 503 });
    expect(line).to.deep.include({ trace, spanId: 'ab54a98ceb1f0ad2', severity: 'WARNING' });
    await transport.close();
  });

  it('Koa: the access line is the request log, the handler lines share its trace', async () => {
    // Prepare
    const transport = apiTransport(server);
    configure({ transports: [transport] });
    const app = new Koa();
    app.use(koaLogging());
    const router = new Router();
    router.get('/users/:id', (ctx) => {
      ctx.log.info('loading user');
      userService();
      ctx.status = 404;
      ctx.body = { error: 'no such user' };
    });
    app.use(router.routes());

    // Act
    await request(app.callback()).get('/users/2').set('traceparent', TRACEPARENT).expect(404);
    await transport.flush(5_000);

    // Assess
    expectGroupedUnderTheRequest('/users/2', 404);
    const [requestLog] = server.entries({ logName: 'cloudlog_reqlog' });
    expect(requestLog?.jsonPayload).to.include({ route: '/users/:id', outcome: 'completed' });
    expect(requestLog?.severity).to.equal('WARNING');
    await transport.close();
  });
});
