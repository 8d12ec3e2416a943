// How the engine learns a request is over: Node's response-finish channel for HTTP/1 responses,
// the connection's close for requests still in flight, the response's close over HTTP/2.
import { connect as connectHttp2, constants, createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger, memory } from '@cloudlog/core';
import { createRequestHandler, withRequestLogging } from '@cloudlog/http';
import { expect } from 'chai';
import { accessLineFor, accessLines, type Served, serve, signal } from '../support/http-server.js';

describe('http: the end of a request', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('pipelined requests on one connection each get their own line, bytes and status', async () => {
    // Prepare
    const mem = memory();
    const logger = createLogger({ level: 'info', transports: [mem] });
    served = await serve(
      withRequestLogging(
        async (req, res) => {
          if (req.url === '/slow') await delay(30);
          res.statusCode = req.url === '/slow' ? 201 : 202;
          res.end(req.url === '/slow' ? 'x'.repeat(3000) : 'y');
        },
        { logger },
      ),
    );
    const socket = connect(served.port, '127.0.0.1');
    socket.resume();
    // Act: both requests in one write; the second is answered only after the first
    socket.write('GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\n');
    const slow = await accessLineFor(mem, '/slow');
    const fast = await accessLineFor(mem, '/fast');
    socket.destroy();
    // Assess
    expect([slow.status, fast.status]).to.deep.equal([201, 202]);
    expect(slow.bytesOut).to.be.greaterThan(3000);
    expect(fast.bytesOut).to.be.lessThan(300);
    expect(accessLines(mem)).to.have.length(2);
  });

  it('a connection that dies with two pipelined requests in flight ends both, once', async () => {
    const mem = memory();
    const logger = createLogger({ level: 'info', transports: [mem] });
    const entered = signal();
    served = await serve(withRequestLogging(() => entered.resolve(), { logger }));
    const socket = connect(served.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n');
    await entered.promise;
    await mem.waitFor(() => false, 50).catch(() => undefined); // let the second request be parsed too
    socket.destroy();
    await accessLineFor(mem, '/one');
    await accessLineFor(mem, '/two');
    expect(accessLines(mem).map((r) => [r.path, r.outcome, r.status])).to.have.deep.members([
      ['/one', 'aborted', undefined],
      ['/two', 'aborted', undefined],
    ]);
  });

  it('HTTP/2: a stream the client cancels is aborted, while the session stays open', async () => {
    const mem = memory();
    const handle = createRequestHandler({ logger: createLogger({ level: 'info', transports: [mem] }) });
    const entered = signal();
    const server = createHttp2Server((req, res) => handle(req as never, res as never, () => entered.resolve()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connectHttp2(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const stream = client.request({ ':path': '/h2-cancel' });
      stream.on('error', () => {});
      await entered.promise;
      stream.close(constants.NGHTTP2_CANCEL);
      const line = await accessLineFor(mem, '/h2-cancel');
      expect(line).to.include({ outcome: 'aborted', level: 'warn' });
      expect(line).not.to.have.property('status');
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('HTTP/2 (compatibility API): one line, with bytes from Content-Length', async () => {
    // Prepare
    const mem = memory();
    const handle = createRequestHandler({ logger: createLogger({ level: 'info', transports: [mem] }) });
    const server = createHttp2Server((req, res) =>
      handle(req as never, res as never, () => {
        res.setHeader('content-length', 5);
        res.end('hello');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connectHttp2(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      // Act
      const body = await new Promise<string>((resolve, reject) => {
        const stream = client.request({ ':path': '/h2' });
        let text = '';
        stream.setEncoding('utf8');
        stream.on('data', (d: string) => {
          text += d;
        });
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      });
      const line = await accessLineFor(mem, '/h2');
      // Assess
      expect(body).to.equal('hello');
      expect(line).to.include({ status: 200, outcome: 'completed', bytesOut: 5 });
      expect(accessLines(mem)).to.have.length(1);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
