// Hostile input and secrets, the same for every framework adapter: the request id, trace headers,
// header and body redaction, control characters. Each adapter's test file registers this suite
// with a `start` that serves its framework's app, and adds what only it has.
import { createLogger, type Logger, memory, template } from '@cloudlog/core';
import { SENSITIVE_HEADERS } from '@cloudlog/http';
import { expect } from 'chai';
import request from 'supertest';
import { memoryLogger } from './express-apps.js';
import { accessLineFor, rawRequest, type Served } from './http-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The logging middleware options these tests use (a subset that Express and Koa share). */
export interface HostileInputOptions {
  readonly logger: Logger;
  readonly headers?: boolean | { readonly request?: readonly string[]; readonly response?: readonly string[] };
  readonly redactHeaders?: readonly string[];
  readonly body?: boolean;
}

/**
 * Registers the suite. `start` serves an app with the logging middleware made from `options`, a
 * JSON body parser (the framework's usual one), and a handler that sets a `session` cookie whose
 * value is `SESSION-SECRET` and answers `ok`. The suite closes each server it started.
 */
export function hostileInputSuite(title: string, start: (options: HostileInputOptions) => Promise<Served>): void {
  describe(title, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    async function serveWith(options: HostileInputOptions): Promise<Served> {
      await served?.close();
      served = await start(options);
      return served;
    }

    it('an unsafe x-request-id is replaced, never logged nor echoed', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const { port } = await serveWith({ logger });
      const hostile = [
        'A'.repeat(129),
        'quote"d',
        "it's",
        'tab\there',
        Buffer.from('ñandú-ユニコード', 'utf8').toString('latin1'),
        'a b',
        '<script>',
      ];
      // Act
      const responses: string[] = [];
      for (const [i, value] of hostile.entries()) {
        const bytes = `GET /id/${i} HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`;
        responses.push(await rawRequest(port, Buffer.from(bytes, 'latin1')));
      }
      const lines = await Promise.all(hostile.map((_, i) => accessLineFor(mem, `/id/${i}`)));
      // Assess
      for (const [i, line] of lines.entries()) {
        expect(line.requestId, hostile[i]).to.match(UUID);
        expect(responses[i]).to.include(`x-request-id: ${line.requestId}`);
      }
      const all = mem.lines.join('\n');
      for (const value of ['A'.repeat(129), 'quote', "it's", 'tab', 'ユニ', 'ñ', '<script>'])
        expect(all).not.to.include(value);
    });

    it('hostile or malformed trace headers are dropped, never logged raw', async () => {
      const { mem, logger } = memoryLogger();
      const { server } = await serveWith({ logger });
      const cases: Record<string, string>[] = [
        { traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` },
        { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01' },
        { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01' },
        { 'x-cloud-trace-context': '0af7651916cd43dd8448eb211c80319c/18446744073709551616;o=1' },
        { 'x-cloud-trace-context': '0af7651916cd43dd8448eb211c80319c/1;o=1"}{"evil":true' },
        { 'x-amzn-trace-id': 'Root=1-00000000-000000000000000000000000' },
      ];
      for (const [i, headers] of cases.entries()) await request(server).get(`/trace/${i}`).set(headers);
      const lines = await Promise.all(cases.map((_, i) => accessLineFor(mem, `/trace/${i}`)));
      for (const line of lines) expect(line).not.to.have.any.keys('traceId', 'spanId', 'traceSampled');
      const all = mem.lines.join('\n');
      for (const raw of ['0AF7651916CD', '18446744073709551616', 'evil', 'b7ad6b716920333-'])
        expect(all).not.to.include(raw);
    });

    it('a valid traceparent, x-cloud-trace-context or x-amzn-trace-id is read, first valid one winning', async () => {
      const { mem, logger } = memoryLogger();
      const { server } = await serveWith({ logger });
      await request(server)
        .get('/trace/amzn')
        .set('traceparent', 'garbage')
        .set('x-amzn-trace-id', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
      const line = await accessLineFor(mem, '/trace/amzn');
      expect(line).to.include({
        traceId: '5759e988bd862e3fe1be46a994272793',
        spanId: '53995c3f42cd8ad8',
        traceSampled: true,
      });
    });

    it('headers are off by default; when logged, sensitive ones are always redacted', async () => {
      // Prepare
      const quiet = memoryLogger();
      const verbose = memoryLogger();
      const secrets = {
        authorization: 'Bearer AUTH-SECRET',
        cookie: 'sid=COOKIE-SECRET',
        'proxy-authorization': 'Basic PROXY-SECRET',
        'x-api-key': 'APIKEY-SECRET',
        'x-custom-token': 'CUSTOM-SECRET',
        accept: 'text/plain',
      };
      await request((await serveWith({ logger: quiet.logger })).server)
        .get('/h')
        .set(secrets);
      const { server } = await serveWith({ logger: verbose.logger, headers: true, redactHeaders: ['X-Custom-Token'] });
      // Act
      await request(server).get('/h').set(secrets);
      const off = await accessLineFor(quiet.mem, '/h');
      const on = await accessLineFor(verbose.mem, '/h');
      // Assess
      expect(off).not.to.have.any.keys('requestHeaders', 'responseHeaders');
      expect(on.requestHeaders).to.include({
        authorization: '[Redacted]',
        cookie: '[Redacted]',
        'proxy-authorization': '[Redacted]',
        'x-api-key': '[Redacted]',
        'x-custom-token': '[Redacted]',
        accept: 'text/plain',
      });
      expect(on.responseHeaders).to.include({ 'set-cookie': '[Redacted]' });
      const all = quiet.mem.lines.concat(verbose.mem.lines).join('\n');
      for (const secret of [
        'AUTH-SECRET',
        'COOKIE-SECRET',
        'PROXY-SECRET',
        'APIKEY-SECRET',
        'CUSTOM-SECRET',
        'SESSION-SECRET',
      ]) {
        expect(all).not.to.include(secret);
      }
      expect(SENSITIVE_HEADERS).to.include.members([
        'authorization',
        'cookie',
        'set-cookie',
        'proxy-authorization',
        'x-api-key',
      ]);
    });

    it('an allow-list of headers still redacts the sensitive ones in it', async () => {
      const { mem, logger } = memoryLogger();
      const { server } = await serveWith({
        logger,
        headers: { request: ['Accept', 'Authorization'], response: ['content-type'] },
      });
      await request(server).get('/list').set({ authorization: 'Bearer X-SECRET', accept: 'a/b', 'x-other': '1' });
      const line = await accessLineFor(mem, '/list');
      expect(line.requestHeaders).to.deep.equal({ accept: 'a/b', authorization: '[Redacted]' });
      expect(line.responseHeaders).to.have.all.keys('content-type');
    });

    it("bodies are off unless asked for; then the parser's body is logged and the logger redact paths apply", async () => {
      // Prepare
      const plain = memoryLogger();
      const mem = memory();
      const logger = createLogger({ level: 'info', redact: ['body.password'], transports: [mem] });
      await request((await serveWith({ logger: plain.logger })).server)
        .post('/login')
        .send({ user: 'ann', password: 'hunter2' });
      const { server } = await serveWith({ logger, body: true });
      // Act
      await request(server).post('/login').send({ user: 'ann', password: 'hunter2' });
      const off = await accessLineFor(plain.mem, '/login');
      const on = await accessLineFor(mem, '/login');
      // Assess
      expect(off).not.to.have.property('body');
      expect(on).to.include({ bytesIn: JSON.stringify({ user: 'ann', password: 'hunter2' }).length });
      expect(on.body).to.deep.equal({ user: 'ann', password: '[Redacted]' });
      expect(plain.mem.lines.concat(mem.lines).join('\n')).not.to.include('hunter2');
    });

    it('control characters from the client never reach a text line raw', async () => {
      // Prepare
      const mem = memory({ format: template('%(levelname)s %(message)s ua=%(userAgent)s') });
      const logger = createLogger({ level: 'info', transports: [mem] });
      const { port } = await serveWith({ logger });
      // Act: C1 controls arrive as latin-1 bytes (the parser refuses CR, LF and other C0 ones)
      await rawRequest(
        port,
        Buffer.from(
          'GET /ua HTTP/1.1\r\nHost: x\r\nUser-Agent: evil\x9b31mred\x85next\r\nConnection: close\r\n\r\n',
          'latin1',
        ),
      );
      await accessLineFor(mem, '/ua');
      const line = mem.lines.find((l) => l.includes(' /ua ')) as string;
      // Assess
      expect(line).to.include('ua=evil\\u009b31mred\\u0085next');
      expect(line).not.to.match(/[\u0080-\u009f]/);
    });
  });
}
