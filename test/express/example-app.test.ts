import { configure, createLogger, memory } from '@cloudlog/core';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../examples/express-app/src/app.js';
import { accessLineFor, accessLines } from '../support/http-server.js';

describe('example: examples/express-app', () => {
  it('logs what its README promises: rules, late user id, service lines, errors, slow and streamed requests', async () => {
    // Prepare
    const mem = memory();
    configure({ level: 'info', transports: [mem] }); // the service module logs through getLogger()
    const app = createApp({ logger: createLogger({ level: 'info', transports: [mem] }), slowMs: 50, slowRouteMs: 60 });
    app.set('env', 'test');
    const agent = request(app);
    // Act
    await agent.get('/health').expect(200);
    await agent.get('/users/1').set('authorization', 'Bearer ada').set('x-tenant', 'acme').expect(200);
    await agent.get('/users/9').expect(404);
    await agent.post('/payments').send({ amount: 12 }).expect(201);
    await agent.get('/admin/stats').expect(200);
    await agent.get('/boom').expect(500);
    await agent.get('/slow').expect(200);
    await agent.get('/stream').expect(200);
    await accessLineFor(mem, '/stream');
    // Assess
    const access = accessLines(mem).map((r) => [r.path, r.status, r.level]);
    expect(access).to.deep.equal([
      ['/users/1', 200, 'info'],
      ['/users/9', 404, 'warn'],
      ['/payments', 201, 'info'],
      ['/boom', 500, 'error'],
      ['/slow', 200, 'warn'],
      ['/stream', 200, 'info'],
    ]);
    const user = await accessLineFor(mem, '/users/1');
    expect(user).to.include({ userId: 'ada', tenant: 'acme', route: '/users/:id' });
    expect(mem.records.find((r) => r.msg === 'user served')).to.include({ userId: 'ada', requestId: user.requestId });
    expect(mem.records.find((r) => r.msg === 'no such user')).to.include({ name: 'users-service', path: '/users/9' });
    expect(mem.records.find((r) => r.msg === 'charging')).to.include({ level: 'debug', amount: 12 });
    expect(mem.records.some((r) => r.msg === 'computing stats')).to.equal(true);
    expect((await accessLineFor(mem, '/boom')).err).to.include({ message: 'something broke' });
    expect(await accessLineFor(mem, '/slow')).to.include({ slow: true });
    expect((await accessLineFor(mem, '/stream')).durationMs).to.be.at.least(400);
  });
});
