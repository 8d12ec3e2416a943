// The engine builds the JSON of the request context and of the access line itself, from fields
// of known types, instead of running the generic serializer on every request. Its text must be
// exactly what the generic serializer gives for the same fields, whatever the request carries
// and however the fields are renamed; where it cannot be sure (redaction, errors, custom fields,
// index-like field names) the generic path runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger, defaultJson, fieldsJson, type LogRecord, quote } from '@cloudlog/core';
import { defaultMessage, type HttpLoggingOptions, requestScopeOf, withRequestLogging } from '@cloudlog/http';
import { expect } from 'chai';
import { openRequest, rawRequest, type Served, serve, signal } from '../support/http-server.js';

interface Seen {
  readonly access: boolean;
  readonly msg: string;
  /** The record arrived with its fields' JSON already built (the engine's own text). */
  readonly preparedFields: boolean;
  /** The request context was made from the engine's own JSON (first record of the context). */
  readonly preparedContext: boolean | undefined;
  /** The record arrived with its message's JSON already built. */
  readonly preparedMsg: boolean;
  readonly msgText: string;
  readonly fieldsText: string;
  readonly genericFieldsText: string;
  readonly contextText: string;
  readonly genericContextText: string;
  readonly line: Record<string, unknown>;
}

function recorder(): { seen: Seen[]; transport: { write(r: LogRecord): void } } {
  const seen: Seen[] = [];
  const contexts = new WeakSet<object>();
  return {
    seen,
    transport: {
      write(r: LogRecord): void {
        // Read the internals before any getter fills them in.
        const preparedFields = (r as unknown as { fieldsText?: string }).fieldsText !== undefined;
        const preparedMsg = (r as unknown as { msgText?: string }).msgText !== undefined;
        const context = r.context;
        let preparedContext: boolean | undefined;
        if (context !== undefined && !contexts.has(context)) {
          contexts.add(context);
          preparedContext = (context as unknown as { source?: unknown }).source !== undefined;
        }
        seen.push({
          access: r.fields !== undefined && Object.getOwnPropertySymbols(r.fields).length > 0,
          msg: r.msg,
          preparedFields,
          preparedContext,
          preparedMsg,
          msgText: r.msgJson,
          fieldsText: r.fieldsJson,
          genericFieldsText: r.fields === undefined ? '' : fieldsJson(r.fields),
          contextText: context?.json ?? '',
          genericContextText: context === undefined ? '' : fieldsJson(context.values),
          line: JSON.parse(defaultJson.format(r)) as Record<string, unknown>,
        });
      },
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const hello: Handler = (req, res) => {
  requestScopeOf(req)?.log.info('handled');
  res.setHeader('content-type', 'text/plain');
  res.end('hello');
};

describe('http: the JSON the engine builds itself', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  async function run(
    options: Omit<HttpLoggingOptions, 'logger'>,
    request: string,
    { redact, handler = hello }: { redact?: string[]; handler?: Handler } = {},
  ): Promise<Seen[]> {
    const { seen, transport } = recorder();
    const logger = createLogger({ level: 'trace', transports: [transport], redact });
    served = await serve(withRequestLogging(handler, { ...options, logger }));
    await rawRequest(served.port, request);
    const deadline = Date.now() + 5_000;
    while (!seen.some((s) => s.access)) {
      if (Date.now() > deadline) throw new Error('no access line');
      await new Promise((resolve) => setImmediate(resolve));
    }
    return seen;
  }

  function expectExact(seen: readonly Seen[]): void {
    for (const s of seen) {
      expect(s.msgText, s.msg).to.equal(quote(s.msg));
      expect(s.fieldsText, s.msg).to.equal(s.genericFieldsText);
      expect(s.contextText, s.msg).to.equal(s.genericContextText);
    }
  }

  const get = (target: string, headers: Record<string, string> = {}): string =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;

  it('a plain request: both texts are the engine’s, and equal to the generic ones', async () => {
    const seen = await run({}, get('/users/42', { 'user-agent': 'agent/1.0' }));
    expect(seen.map((s) => [s.access, s.preparedFields, s.preparedContext, s.preparedMsg])).to.deep.equal([
      [false, false, true, false],
      [true, true, undefined, true],
    ]);
    expectExact(seen);
    expect(seen[1]?.line).to.include({ path: '/users/42', status: 200, outcome: 'completed', userAgent: 'agent/1.0' });
  });

  it('trace headers, an incoming id, a query, a slow request and hostile text', async () => {
    const seen = await run(
      { query: true, slowMs: 0 },
      get('/a%22b/%E2%82%AC/"q"?x="1"&y=\\&z=%00', {
        'x-request-id': 'client-id_1.2:3',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'user-agent': `tab\there "quoted" \\ back ${'x'.repeat(600)}`,
      }),
    );
    expect(seen.every((s) => s.preparedFields === s.access)).to.equal(true);
    expect(seen[0]?.preparedContext).to.equal(true);
    // The path needs escaping: so does the message made of it, which takes the generic quoting.
    expect(seen.map((s) => s.preparedMsg)).to.deep.equal([false, false]);
    expectExact(seen);
    const line = seen[1]?.line ?? {};
    expect(line).to.include({ requestId: 'client-id_1.2:3', traceId: '0af7651916cd43dd8448eb211c80319c', slow: true });
    expect(line).to.include({ path: '/a%22b/%E2%82%AC/"q"', query: 'x="1"&y=\\&z=%00' });
    expect(String(line.userAgent)).to.match(/^tab\there "quoted" \\ back x+…$/);
  });

  it('a route template in the message: its JSON is built only when the template needs no escaping', async () => {
    const routed =
      (template: string): Handler =>
      (req, res) => {
        requestScopeOf(req)?.setRoute(template);
        res.end('ok');
      };
    const plain = await run({}, get('/users/7'), { handler: routed('/users/:id') });
    await served?.close();
    const quoted = await run({}, get('/files/7'), { handler: routed('/files/"name"\\:id') });
    expectExact([...plain, ...quoted]);
    expect([plain[0]?.preparedMsg, quoted[0]?.preparedMsg]).to.deep.equal([true, false]);
    expect(plain[0]?.line.msg).to.match(/^GET \/users\/:id 200 [\d.]+ms$/);
    expect(quoted[0]?.line.msg).to.match(/^GET \/files\/"name"\\:id 200 [\d.]+ms$/);
  });

  it('x-cloud-trace-context with a decimal span id, unsampled', async () => {
    const seen = await run({}, get('/t', { 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=0' }));
    expect(seen[0]?.preparedContext).to.equal(true);
    expectExact(seen);
    expect(seen[1]?.line).to.include({ spanId: '0000000000000001', traceSampled: false });
  });

  it('a generated id that needs escaping, and renamed fields that need quoting', async () => {
    const errors: Error[] = [];
    const seen = await run(
      {
        onError: (error) => errors.push(error),
        generateRequestId: () => 'id "with" \\ quotes\n',
        fieldNames: { requestId: 'req "id"', durationMs: 'latency\\ms', status: 'é' },
      },
      get('/renamed'),
    );
    expect(seen[0]?.preparedContext).to.equal(true);
    expect(seen[1]?.preparedFields).to.equal(true);
    expectExact(seen);
    expect(seen[1]?.line).to.include({ 'req "id"': 'id "with" \\ quotes\n', é: 200 });
    expect(seen[1]?.line).to.have.property('latency\\ms');
    // Node refuses the newline in a header: the id is logged, not echoed.
    expect(errors.map((e) => e.message)).to.deep.equal(['Invalid character in header content ["x-request-id"]']);
  });

  it('a field renamed to an array index: the generic path, in the object’s key order', async () => {
    const seen = await run({ fieldNames: { status: '0', method: '7' } }, get('/indexed'));
    expect(seen.map((s) => [s.preparedFields, s.preparedContext])).to.deep.equal([
      [false, false],
      [false, undefined],
    ]);
    expectExact(seen);
    expect(Object.keys(seen[1]?.line ?? {}).slice(0, 2)).to.deep.equal(['0', '7']);
  });

  it('a logger with redact paths: the generic path, so the paths apply to the engine’s fields', async () => {
    const seen = await run({}, get('/redacted', { 'user-agent': 'secret-agent' }), { redact: ['userAgent', 'path'] });
    expect(seen.map((s) => [s.preparedFields, s.preparedContext])).to.deep.equal([
      [false, false],
      [false, undefined],
    ]);
    expectExact(seen);
    expect(seen[1]?.line).to.include({ userAgent: '[Redacted]', path: '[Redacted]' });
  });

  it('an error, custom fields and headers: the generic path for the access line', async () => {
    const failing: Handler = (_req, res) => {
      res.statusCode = 500;
      res.end();
    };
    const seen = await run(
      { customFields: () => ({ status: 'overridden', tenant: 'a"b' }), headers: true },
      get('/custom', { 'user-agent': 'ua' }),
      { handler: failing },
    );
    const access = seen.find((s) => s.access);
    expect(access?.preparedFields).to.equal(false);
    expectExact(seen);
    expect(access?.line).to.include({ status: 'overridden', tenant: 'a"b' });
  });

  it('a client that aborts: no status, no time to first byte, still exact', async () => {
    const { seen, transport } = recorder();
    const logger = createLogger({ level: 'trace', transports: [transport] });
    const arrived = signal();
    served = await serve(withRequestLogging(() => arrived.resolve(), { logger }));
    const socket = openRequest(served.port, '/hang');
    await arrived.promise;
    socket.destroy();
    const deadline = Date.now() + 5_000;
    while (!seen.some((s) => s.access)) {
      if (Date.now() > deadline) throw new Error('no access line');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const access = seen.find((s) => s.access);
    expect(access?.preparedFields).to.equal(true);
    expectExact(seen);
    expect(access?.line).to.include({ outcome: 'aborted' });
    expect(access?.line).to.not.have.property('status');
  });
});

describe('http: the default access message', () => {
  it('writes durations under 10 ms with one decimal exactly as toFixed(1), ties and odd values included', () => {
    const messageFor = (durationMs: number): string =>
      defaultMessage({ method: 'GET', url: '/', path: '/', status: 200, outcome: 'completed', durationMs });
    const durations = [
      ...Array.from({ length: 10_500 }, (_, k) => k / 1000), // every value the engine produces below 10.5 ms
      0.05,
      0.15,
      0.25,
      9.95,
      9.999,
      1e-7,
      0.0004,
      Math.PI,
      -0.25,
    ];
    const wrong = durations.filter((d) => messageFor(d) !== `GET / 200 ${d < 10 ? d.toFixed(1) : Math.round(d)}ms`);
    expect(wrong).to.deep.equal([]);
    expect(messageFor(9.999)).to.equal('GET / 200 10.0ms');
    expect(messageFor(12.5)).to.equal('GET / 200 13ms');
  });
});
