// Type test: test/koa/typed-app.ts proves `ctx.log` / `ctx.id` compile with no cast, and that
// misuse is rejected. The root type-check covers Koa 3 typings; the Koa 2 test below runs the
// compiler on the same file with `koa` mapped to @types/koa 2. The runtime part makes the app
// serve real requests, so the test can fail.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createLogger, memory } from '@cloudlog/core';
import { loggingMiddleware, routeLevel } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { typedApp } from './typed-app.js';

describe('koa: typings for ctx.log and ctx.id (type-checked, Koa 2 and 3)', () => {
  it('misuse is rejected by the types and, at run time, by a TypeError', () => {
    // @ts-expect-error: not a level
    expect(() => routeLevel('loud')).to.throw(TypeError);
    // @ts-expect-error: a rule needs match
    expect(() => loggingMiddleware({ routes: [{ level: 'debug' }] })).to.throw(TypeError, /match/);
    // @ts-expect-error: accessLog takes 'on' | 'off' | 'errors' or a level
    expect(() => loggingMiddleware({ accessLog: 'sometimes' })).to.throw(TypeError, /accessLog/);
    // @ts-expect-error: Koa decides the client address (app.proxy)
    expect(() => loggingMiddleware({ trustProxy: true })).to.throw(TypeError, /app\.proxy/);
    // @ts-expect-error: accessFormat is one of morgan's five named formats
    expect(() => loggingMiddleware({ accessFormat: 'apache' })).to.throw(TypeError, /accessFormat/);
    // @ts-expect-error: skip is a predicate (ctx) => boolean
    expect(() => loggingMiddleware({ skip: true })).to.throw(TypeError, /skip must be a function/);
  });

  it('the typed app logs through ctx.log with the request id (Koa 3 at run time)', async () => {
    const mem = memory();
    const app = typedApp(createLogger({ level: 'trace', transports: [mem] }));
    (app as { silent?: boolean }).silent = true;
    const res = await request(app.callback()).get('/users/7').set('user-agent', 'typed/1');
    await request(app.callback()).get('/fail').expect(500);
    await mem.waitFor((r) => r.outcome === 'errored');
    expect(res.body).to.include({ level: 'debug' });
    expect(mem.records.find((r) => r.msg === 'x')).to.include({ requestId: res.body.id, level: 'warn' });
    expect(mem.records.find((r) => r.msg === 'loading 7')).to.include({ requestId: res.body.id, level: 'debug' });
    expect(mem.records.find((r) => r.path === '/users/7' && r.outcome !== undefined)).to.include({
      userId: res.body.id,
      agent: 'typed/1',
      msg: 'GET /users/7 200',
    });
    expect(mem.records.find((r) => r.msg === 'reported by the app')?.err).to.include({ message: 'typed failure' });
    expect(mem.records.find((r) => r.outcome === 'errored')?.err).to.include({ message: 'typed failure' });
  });

  it('the same typed app compiles against the Koa 2 typings', function () {
    this.timeout(60_000);
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const project = fileURLToPath(new URL('./koa2-types.tsconfig.json', import.meta.url));
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--listFilesOnly'], { encoding: 'utf8' });
    const files = result.stdout.split('\n');
    const check = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(files.some((f) => /@types\+koa@2\.\d+\.\d+\/node_modules\/@types\/koa\/index\.d\.ts$/.test(f))).to.equal(
      true,
    );
    expect(files.some((f) => /@types\+koa@3\./.test(f))).to.equal(false);
    expect(`${check.stdout}${check.stderr}`).to.equal('');
    expect(check.status).to.equal(0);
  });
});
