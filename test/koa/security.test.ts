import { createLogger, memory, template } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, rawRequest, type Served, serve } from '../support/http-server.js';
import { koaVersions, quietKoa } from '../support/koa-apps.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What koa-bodyparser and @koa/bodyparser do: the parsed body on ctx.request.body. */
const jsonBody: Koa.Middleware = async (ctx, next) => {
  if (ctx.is('application/json')) {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    (ctx.request as { body?: unknown }).body = JSON.parse(text);
  }
  await next();
};

for (const [label, Koa] of koaVersions) {
  describe(`koa: hostile input and secrets (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    async function start(options: Parameters<typeof loggingMiddleware>[0]): Promise<Served> {
      const app = quietKoa(Koa);
      app.use(loggingMiddleware(options));
      app.use(jsonBody);
      app.use((ctx) => {
        ctx.cookies.set('session', 'SESSION-SECRET');
        ctx.body = 'ok';
      });
      served = await serve(app.callback());
      return served;
    }

    it('an unsafe x-request-id is replaced, never logged nor echoed', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const { port } = await start({ logger });
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
      await start({ logger });
      const cases: Record<string, string>[] = [
        { traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` },
        { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01' },
        { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01' },
        { 'x-cloud-trace-context': '0af7651916cd43dd8448eb211c80319c/18446744073709551616;o=1' },
        { 'x-cloud-trace-context': '0af7651916cd43dd8448eb211c80319c/1;o=1"}{"evil":true' },
        { 'x-amzn-trace-id': 'Root=1-00000000-000000000000000000000000' },
      ];
      for (const [i, headers] of cases.entries())
        await request((served as Served).server)
          .get(`/trace/${i}`)
          .set(headers);
      const lines = await Promise.all(cases.map((_, i) => accessLineFor(mem, `/trace/${i}`)));
      for (const line of lines) expect(line).not.to.have.any.keys('traceId', 'spanId', 'traceSampled');
      const all = mem.lines.join('\n');
      for (const raw of ['0AF7651916CD', '18446744073709551616', 'evil', 'b7ad6b716920333-'])
        expect(all).not.to.include(raw);
    });

    it('a valid traceparent, x-cloud-trace-context or x-amzn-trace-id is read, first valid one winning', async () => {
      const { mem, logger } = memoryLogger();
      await start({ logger });
      await request((served as Served).server)
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
      await start({ logger: quiet.logger });
      await request((served as Served).server)
        .get('/h')
        .set(secrets);
      await served?.close();
      await start({ logger: verbose.logger, headers: true, redactHeaders: ['X-Custom-Token'] });
      // Act
      await request((served as Served).server)
        .get('/h')
        .set(secrets);
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
    });

    it('bodies are off unless asked for; then ctx.request.body is logged and the logger redact paths apply', async () => {
      // Prepare
      const plain = memoryLogger();
      const mem = memory();
      const logger = createLogger({ level: 'info', redact: ['body.password'], transports: [mem] });
      await start({ logger: plain.logger });
      await request((served as Served).server)
        .post('/login')
        .send({ user: 'ann', password: 'hunter2' });
      await served?.close();
      await start({ logger, body: true });
      // Act
      await request((served as Served).server)
        .post('/login')
        .send({ user: 'ann', password: 'hunter2' });
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
      const { port } = await start({ logger });
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
