import { createLogger, memory } from '@cloudlog/core';
import { createRequestHandler, createRequestLogging } from '@cloudlog/http';
import { expect } from 'chai';
import { accessLineFor, type Served, serve } from '../support/http-server.js';

describe('http: a failure inside logging never breaks the response', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('a throwing customFields or message is reported; the line is still written, the response untouched', async () => {
    // Prepare
    const mem = memory();
    const reported: Error[] = [];
    const handle = createRequestHandler({
      logger: createLogger({ level: 'info', transports: [mem] }),
      customFields: () => {
        throw new Error('customFields broke');
      },
      message: () => {
        throw new Error('message broke');
      },
      onError: (error) => reported.push(error),
    });
    served = await serve((req, res) => handle(req, res, () => res.end('fine')));
    // Act
    const res = await fetch(`${served.url}/x`);
    const line = await accessLineFor(mem, '/x');
    // Assess
    expect(await res.text()).to.equal('fine');
    expect(line.msg).to.match(/^GET \/x 200 /);
    expect(reported.map((e) => e.message)).to.deep.equal(['customFields broke', 'message broke']);
  });

  it('a transport that throws, or a request id generator that fails, does not reach the request', async () => {
    const reported: Error[] = [];
    const logged: string[] = [];
    const handle = createRequestHandler({
      logger: createLogger({
        level: 'info',
        transports: [
          {
            write: (r) => {
              logged.push(r.msg);
              throw new Error('disk full');
            },
          },
        ],
        onError: () => {},
      }),
      generateRequestId: () => {
        throw new Error('no entropy');
      },
      onError: (error) => reported.push(error),
    });
    served = await serve((req, res) => handle(req, res, (scope) => res.end(scope?.id)));
    const res = await fetch(`${served.url}/y`);
    const id = await res.text();
    expect(res.status).to.equal(200);
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    expect(reported.map((e) => e.message)).to.deep.equal(['no entropy']);
    const deadline = Date.now() + 2_000;
    while (logged.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(logged[0]).to.match(/^GET \/y 200/);
  });

  it('options are validated at construction, with a TypeError naming the problem', () => {
    expect(() => createRequestLogging({ trustProxy: 'not-an-ip' })).to.throw(TypeError, /trustProxy entry "not-an-ip"/);
    expect(() => createRequestLogging({ trustProxy: -1 })).to.throw(TypeError, /count of hops/);
    expect(() => createRequestLogging({ echoRequestId: 'yes' as never })).to.throw(
      TypeError,
      /echoRequestId must be true or false/,
    );
    expect(() => createRequestLogging({ slowMs: Number.POSITIVE_INFINITY })).to.throw(TypeError, /slowMs/);
    expect(() => createRequestLogging({ customFields: 'x' as never })).to.throw(
      TypeError,
      /customFields must be a function/,
    );
    expect(() => createRequestLogging({ redactHeaders: ['ok', 'not ok'] })).to.throw(TypeError, /redactHeaders/);
    expect(() => createRequestLogging({ accessLevels: { ok: 'info' } as never })).to.throw(
      TypeError,
      /unknown key "ok"/,
    );
  });
});
