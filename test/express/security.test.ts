import { createLogger, memory, template } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import { SENSITIVE_HEADERS } from '@cloudlog/http';
import { expect } from 'chai';
import express5 from 'express';
import request from 'supertest';
import { expressVersions, memoryLogger, quietApp } from '../support/express-apps.js';
import { accessLineFor, rawRequest, type Served, serve } from '../support/http-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const [label, express] of expressVersions) {
  describe(`express: hostile input and secrets (${label})`, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    async function start(options: Parameters<typeof loggingMiddleware>[0]): Promise<Served> {
      const app = quietApp(express);
      app.use(express5.json());
      app.use(loggingMiddleware(options));
      app.use((_req, res) => {
        res.cookie('session', 'SESSION-SECRET').send('ok');
      });
      served = await serve(app);
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
        responses.push(
          await rawRequest(
            port,
            Buffer.from(
              `GET /id/${i} HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`,
              'latin1',
            ),
          ),
        );
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
      await start({ logger, headers: { request: ['Accept', 'Authorization'], response: ['content-type'] } });
      await request((served as Served).server)
        .get('/list')
        .set({ authorization: 'Bearer X-SECRET', accept: 'a/b', 'x-other': '1' });
      const line = await accessLineFor(mem, '/list');
      expect(line.requestHeaders).to.deep.equal({ accept: 'a/b', authorization: '[Redacted]' });
      expect(line.responseHeaders).to.have.all.keys('content-type');
    });

    it('bodies are off unless asked for; then the logger redact paths apply', async () => {
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
