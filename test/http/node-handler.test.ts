import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CapturedRecord,
  createLogger,
  getLogger,
  type HttpAccess,
  httpAccessOf,
  type Logger,
  type MemoryTransport,
  memory,
  type TraceContext,
} from '@cloudlog/core';
import { createRequestHandler, type HttpLoggingOptions, withRequestLogging } from '@cloudlog/http';
import { expect } from 'chai';
import {
  accessLineFor,
  accessLines,
  closed,
  firstBytes,
  openRequest,
  type Served,
  serve,
  signal,
} from '../support/http-server.js';

interface Setup {
  readonly mem: MemoryTransport;
  readonly logger: Logger;
  readonly facts: { access: HttpAccess | undefined; trace: TraceContext | undefined; msg: string }[];
}

function setup(): Setup {
  const mem = memory();
  const facts: Setup['facts'] = [];
  const logger = createLogger({
    level: 'trace',
    transports: [mem, { write: (r) => facts.push({ access: httpAccessOf(r), trace: r.context?.trace, msg: r.msg }) }],
  });
  return { mem, logger, facts };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

describe('http: plain node:http servers', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function start(options: HttpLoggingOptions, listener: Listener): Promise<Served> {
    const settleRoute: Listener = (req, res) => (req.url === '/__settle' ? res.end() : listener(req, res));
    served = await serve(withRequestLogging(settleRoute, options));
    return served;
  }

  /** A request after the one under test, whose line proves the event loop moved on. */
  async function settle(mem: MemoryTransport): Promise<void> {
    const res = await fetch(`${served?.url}/__settle`);
    await res.text();
    await accessLineFor(mem, '/__settle');
  }

  it('writes one access line with the field set, echoes the request id, and attaches the access facts', async () => {
    // Prepare
    const { mem, logger, facts } = setup();
    const { url } = await start({ logger }, (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end('hello');
    });
    // Act
    const res = await fetch(`${url}/users/42?token=secret`, {
      headers: {
        'user-agent': 'test-agent/1.0',
        'x-request-id': 'req-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    await res.text();
    const line = await accessLineFor(mem, '/users/42');
    // Assess
    expect(res.headers.get('x-request-id')).to.equal('req-1');
    expect(line).to.include({
      level: 'info',
      msg: line.msg,
      requestId: 'req-1',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceSampled: true,
      method: 'GET',
      path: '/users/42',
      status: 200,
      outcome: 'completed',
      remoteIp: '127.0.0.1',
      userAgent: 'test-agent/1.0',
    });
    expect(line.msg).to.match(/^GET \/users\/42 200 \d+(\.\d)?ms$/);
    expect(line.durationMs).to.be.a('number').greaterThan(0);
    expect(line.ttfbMs)
      .to.be.a('number')
      .at.most(line.durationMs as number);
    expect(line.bytesOut).to.be.greaterThan(100); // status line + headers + 'hello'
    expect(JSON.stringify(line)).not.to.include('secret');
    const fact = facts.find((f) => f.access !== undefined);
    expect(fact?.access).to.include({
      method: 'GET',
      path: '/users/42',
      url: '/users/42',
      status: 200,
      protocol: 'HTTP/1.1',
    });
    expect(fact?.trace).to.deep.equal({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    });
  });

  it('generates a request id when the incoming one is unsafe', async () => {
    const { mem, logger } = setup();
    const { url } = await start({ logger }, (_req, res) => res.end());
    const res = await fetch(`${url}/a`, { headers: { 'x-request-id': 'x'.repeat(200) } });
    await res.text();
    const line = await accessLineFor(mem, '/a');
    expect(line.requestId).to.match(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).to.equal(line.requestId);
  });

  it('getLogger() inside the handler carries the request fields; bytes in come from Content-Length', async () => {
    const { mem, logger } = setup();
    const outside = memory();
    const service = createLogger({ level: 'info', transports: [outside] });
    const { url } = await start({ logger }, (req, res) => {
      getLogger('unused');
      service.info('service line');
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await (await fetch(`${url}/upload`, { method: 'POST', body: 'x'.repeat(1000) })).text();
    const line = await accessLineFor(mem, '/upload');
    expect(line.bytesIn).to.equal(1000);
    expect(outside.records[0]).to.include({ msg: 'service line', requestId: line.requestId, method: 'POST' });
  });

  it('a client that closes the connection mid-response gives one aborted line: no status, warn', async () => {
    // Prepare
    const { mem, logger } = setup();
    const { port } = await start({ logger }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial'); // and never ends
    });
    // Act
    const socket = openRequest(port, '/hang');
    await firstBytes(socket);
    socket.destroy();
    const line = await accessLineFor(mem, '/hang');
    await settle(mem);
    // Assess
    expect(line).to.include({ level: 'warn', outcome: 'aborted' });
    expect(line).not.to.have.property('status');
    expect(line.msg).to.match(/^GET \/hang aborted /);
    expect(accessLines(mem).filter((r) => r.path === '/hang')).to.have.length(1);
  });

  it('a client that resets the connection before the response started is aborted too', async () => {
    const { mem, logger } = setup();
    const entered = signal();
    const { port } = await start({ logger }, () => entered.resolve());
    const socket = openRequest(port, '/waiting');
    await entered.promise;
    socket.resetAndDestroy();
    const line = await accessLineFor(mem, '/waiting');
    expect(line).to.include({ level: 'warn', outcome: 'aborted' });
    expect(line).not.to.have.property('status');
  });

  it('a server that destroys the socket after the headers went out is errored, not aborted', async () => {
    const { mem, logger } = setup();
    const { port } = await start({ logger }, (req, res) => {
      res.writeHead(200);
      res.write('partial');
      setImmediate(() => req.socket.destroy());
    });
    await closed(openRequest(port, '/cut'));
    const line = await accessLineFor(mem, '/cut');
    expect(line).to.include({ level: 'error', outcome: 'errored', status: 200 });
    expect(line.msg).to.match(/^GET \/cut 200 errored /);
  });

  it('records the error of a rejected handler, answers 500, and a thrown one is recorded and thrown on', async () => {
    // Prepare
    const { mem, logger } = setup();
    const handle = createRequestHandler({ logger });
    served = await serve((req, res) => {
      try {
        handle(req, res, () => {
          if (req.url === '/throw') throw new TypeError('sync failure');
          return Promise.reject(new RangeError('async failure'));
        });
      } catch (error) {
        res.statusCode = 503;
        res.end((error as Error).message);
      }
    });
    // Act
    const rejected = await fetch(`${served.url}/reject`);
    const thrown = await fetch(`${served.url}/throw`);
    const [a, b] = [await accessLineFor(mem, '/reject'), await accessLineFor(mem, '/throw')];
    // Assess
    expect(rejected.status).to.equal(500);
    expect(await thrown.text()).to.equal('sync failure');
    expect(a).to.include({ level: 'error', outcome: 'errored', status: 500 });
    expect(a.err).to.include({ type: 'RangeError', message: 'async failure' });
    expect(b).to.include({ level: 'error', outcome: 'errored', status: 503 });
    expect(b.err).to.include({ type: 'TypeError', message: 'sync failure' });
  });

  it('a request handled twice (nested handlers) is logged once', async () => {
    const { mem, logger } = setup();
    const outer = createRequestHandler({ logger });
    const inner = createRequestHandler({ logger });
    served = await serve((req, res) => outer(req, res, () => inner(req, res, () => res.end('ok'))));
    await (await fetch(`${served.url}/twice`)).text();
    await accessLineFor(mem, '/twice');
    await settle(mem);
    expect(accessLines(mem).filter((r) => r.path === '/twice')).to.have.length(1);
  });

  it('trustProxy decides whether X-Forwarded-For names the client', async () => {
    // Prepare
    const direct = setup();
    const proxied = setup();
    const a = await serve(withRequestLogging((_q, s) => s.end(), { logger: direct.logger }));
    const b = await serve(withRequestLogging((_q, s) => s.end(), { logger: proxied.logger, trustProxy: 'loopback' }));
    try {
      // Act
      for (const s of [a, b])
        await (await fetch(`${s.url}/ip`, { headers: { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' } })).text();
      // Assess
      expect((await accessLineFor(direct.mem, '/ip')).remoteIp).to.equal('127.0.0.1');
      expect((await accessLineFor(proxied.mem, '/ip')).remoteIp).to.equal('203.0.113.7');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('route rules by path: access log off still logs server errors; a level rule turns req logging up', async () => {
    // Prepare
    const mem = memory();
    const quiet = createLogger({ level: 'info', transports: [mem] });
    const handle = createRequestHandler({
      logger: quiet,
      routes: [
        { match: 'GET /health', accessLog: 'off' },
        { match: '/admin/*', level: 'debug' },
      ],
    });
    served = await serve((req, res) =>
      handle(req, res, (scope) => {
        scope?.log.debug('debug detail');
        res.statusCode = req.headers['x-fail'] ? 500 : 200;
        res.end();
      }),
    );
    // Act
    await (await fetch(`${served.url}/health`)).text();
    await (await fetch(`${served.url}/health`, { headers: { 'x-fail': '1' } })).text();
    await (await fetch(`${served.url}/admin/users/7?x=1`)).text();
    await (await fetch(`${served.url}/other`)).text();
    await accessLineFor(mem, '/other');
    // Assess
    const health = accessLines(mem).filter((r) => r.path === '/health');
    expect(health.map((r: CapturedRecord) => [r.level, r.status])).to.deep.equal([['error', 500]]);
    expect(mem.records.filter((r) => r.msg === 'debug detail').map((r) => r.path)).to.deep.equal(['/admin/users/7']);
  });
});
