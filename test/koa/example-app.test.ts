import { configure, getLogger, memory } from '@cloudlog/core';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../examples/koa-app/src/app.js';
import { accessLineFor, accessLines, firstBytes, openRequest, type Served, serve } from '../support/http-server.js';

describe('koa: the example app (examples/koa-app)', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('serves every route with the lines its README promises', async () => {
    // Prepare
    const mem = memory();
    configure({ level: 'info', transports: [mem] });
    const app = createApp({ logger: getLogger(), slowMs: 40, slowRouteDelayMs: 50, streamIntervalMs: 20 });
    (app as { silent?: boolean }).silent = true;
    served = await serve(app.callback());
    const client = () => request((served as Served).server);
    // Act
    const statuses = [
      (await client().get('/users/42')).status,
      (await client().get('/users/0')).status,
      (await client().get('/missing')).status,
      (await client().get('/boom')).status,
      (await client().get('/me')).status,
      (await client().get('/me').set('authorization', 'Bearer u-7')).status,
      (await client().get('/slow')).status,
      (await client().get('/payments')).status,
      (await client().get('/health')).status,
    ];
    const socket = openRequest(served.port, '/stream');
    await firstBytes(socket);
    socket.destroy();
    await accessLineFor(mem, '/stream');
    await client().get('/users/1');
    await accessLineFor(mem, '/users/1');
    // Assess
    expect(statuses).to.deep.equal([200, 404, 404, 500, 401, 200, 200, 200, 200]);
    const lines = accessLines(mem).map((r) => [r.path, r.route, r.status, r.level, r.outcome, r.userId]);
    expect(lines).to.deep.equal([
      ['/users/42', '/users/:id', 200, 'info', 'completed', undefined],
      ['/users/0', '/users/:id', 404, 'warn', 'completed', undefined],
      ['/missing', undefined, 404, 'warn', 'completed', undefined],
      ['/boom', '/boom', 500, 'error', 'errored', undefined],
      ['/me', '/me', 401, 'warn', 'completed', undefined],
      ['/me', '/me', 200, 'info', 'completed', 'u-7'],
      ['/slow', '/slow', 200, 'warn', 'completed', undefined],
      ['/payments', '/payments', 200, 'info', 'completed', undefined],
      ['/stream', '/stream', undefined, 'warn', 'aborted', undefined],
      ['/users/1', '/users/:id', 200, 'info', 'completed', undefined],
    ]);
    const boom = accessLines(mem).find((r) => r.path === '/boom');
    expect(boom?.err).to.include({ message: 'the database is on fire' });
    const debug = mem.records.filter((r) => r.level === 'debug').map((r) => [r.name, r.msg, r.path]);
    expect(debug).to.deep.equal([
      [undefined, 'listing payments', '/payments'],
      ['payments', 'querying the ledger', '/payments'],
      ['payments', 'ledger answered', '/payments'],
    ]);
    const profile = mem.records.filter((r) => r.path === '/me' && r.outcome === undefined);
    expect(profile.map((r) => [r.name, r.msg, r.userId])).to.deep.equal([
      [undefined, 'profile requested', 'u-7'],
      ['users', 'user loaded', 'u-7'],
    ]);
  });
});
