// api mode, field by field: what an entry looks like in Cloud Logging, read back from the
// local server that the real @google-cloud/logging client wrote to.
import { Bindings, createLogger, HTTP_ACCESS, type HttpAccess, type Logger, LogRecord } from '@cloudlog/core';
import type { LocalCloudLogging } from '@cloudlog/testing';
import { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import { apiTransport, LAPTOP_ENV, PROJECT, RESOURCE, startServer } from './helpers.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

describe('googleCloudTransport api mode: entry mapping', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  async function logThrough(options: Parameters<typeof apiTransport>[1], act: (logger: Logger) => void) {
    const transport = apiTransport(server, options);
    const logger = createLogger({ level: 'trace', transports: [transport] });
    act(logger);
    await logger.close();
    return transport;
  }

  it('maps every level to its severity: trace and debug DEBUG, info INFO, warn WARNING, error ERROR, fatal CRITICAL', async () => {
    // Act
    await logThrough({}, (logger) => {
      for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) logger[level](level);
    });

    // Assess
    const entries = server.entries({ logName: 'cloudlog' });
    expect(entries.map((e) => [e.jsonPayload?.message, e.severity])).to.deep.equal([
      ['trace', 'DEBUG'],
      ['debug', 'DEBUG'],
      ['info', 'INFO'],
      ['warn', 'WARNING'],
      ['error', 'ERROR'],
      ['fatal', 'CRITICAL'],
    ]);
  });

  it('takes the timestamp from the record, to the millisecond', async () => {
    // Prepare
    const time = Date.UTC(2026, 10, 24, 9, 30, 15, 987);
    const now = Math.max(time, Date.now() - 60_000);
    const transport = apiTransport(server);

    // Act
    transport.write(new LogRecord(30, now, 'at a known time', undefined, Bindings.EMPTY, undefined));
    await transport.close();

    // Assess
    const [entry] = server.entries();
    expect(entry?.timestamp.getTime()).to.equal(now);
  });

  it('puts the message, bindings, context fields and nested call-site fields in jsonPayload', async () => {
    // Act
    await logThrough({}, (logger) => {
      const child = logger.child({ service: 'orders', version: 3 });
      const request = child.withContext({ requestId: 'r-1' });
      request.assign({ userId: 'u-9' });
      request.warn(
        { order: { id: 'o-1', lines: [{ sku: 'A', qty: 2 }], paid: false, note: null } },
        'order %s held',
        'o-1',
      );
    });

    // Assess
    const [entry] = server.entries();
    expect(entry?.jsonPayload).to.deep.equal({
      service: 'orders',
      version: 3,
      requestId: 'r-1',
      userId: 'u-9',
      order: { id: 'o-1', lines: [{ sku: 'A', qty: 2 }], paid: false, note: null },
      message: 'order o-1 held',
    });
  });

  it("keeps the record's message when a field is also named message, and serializes errors safely", async () => {
    // Prepare
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;

    // Act
    await logThrough({}, (logger) => {
      logger.info({ message: 'from a field', circular, big: 10n }, 'from the call');
      logger.error(new TypeError('bad input'));
    });

    // Assess
    const [first, second] = server.entries();
    expect(first?.jsonPayload).to.deep.equal({
      message: 'from the call',
      circular: { name: 'loop', self: '[Circular]' },
      big: '10',
    });
    expect(second?.jsonPayload?.message).to.equal('bad input');
    expect(second?.jsonPayload?.err).to.deep.include({ type: 'TypeError', message: 'bad input' });
  });

  it('sets sourceLocation from the frame that threw the logged error', async () => {
    // Act
    await logThrough({}, (logger) => logger.error({ err: new Error('boom') }, 'failed'));

    // Assess
    const [entry] = server.entries();
    expect(entry?.sourceLocation?.file).to.match(/api-mapping\.test\.ts$/);
    expect(entry?.sourceLocation?.line).to.be.a('number').greaterThan(0);
  });

  it('adds the labels option to every entry', async () => {
    // Act
    await logThrough({ labels: { env: 'test', team: 'payments' } }, (logger) => {
      logger.info('one');
      logger.info('two');
    });

    // Assess
    expect(server.entries().map((e) => e.labels)).to.deep.equal([
      { env: 'test', team: 'payments' },
      { env: 'test', team: 'payments' },
    ]);
  });

  it("sets trace, spanId and traceSampled from the request context's trace", async () => {
    // Act
    await logThrough({}, (logger) => {
      const request = logger.withContext({ requestId: 'r-2' });
      request.context!.trace = { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true };
      request.info('inside the request');
      const unsampled = logger.withContext({});
      unsampled.context!.trace = { traceId: TRACE_ID.replace('0a', '1b') };
      unsampled.info('trace id only');
      logger.info('outside any request');
    });

    // Assess
    const [inside, traceOnly, outside] = server.entries();
    expect(inside).to.deep.include({
      trace: `projects/${PROJECT}/traces/${TRACE_ID}`,
      spanId: SPAN_ID,
      traceSampled: true,
    });
    expect(traceOnly).to.deep.include({
      trace: `projects/${PROJECT}/traces/1b${TRACE_ID.slice(2)}`,
      traceSampled: false,
    });
    expect(traceOnly?.spanId).to.equal(undefined);
    expect(outside?.trace).to.equal(undefined);
  });

  it('leaves out a malformed trace id rather than losing the entry', async () => {
    // Act
    const transport = await logThrough({}, (logger) => {
      const request = logger.withContext({});
      request.context!.trace = { traceId: 'not-a-trace', spanId: 'xyz' };
      request.info('still delivered');
    });

    // Assess
    const [entry] = server.entries();
    expect(entry?.jsonPayload?.message).to.equal('still delivered');
    expect(entry?.trace).to.equal(undefined);
    expect(transport.stats().sent).to.equal(1);
  });

  it('writes an access line as the request log, with httpRequest and the latency as a Duration', async () => {
    // Prepare
    const access: HttpAccess = {
      method: 'POST',
      url: '/orders?draft=1',
      path: '/orders',
      route: '/orders',
      status: 201,
      outcome: 'completed',
      durationMs: 1234.5678,
      bytesIn: 321,
      bytesOut: 4567,
      remoteIp: '203.0.113.9',
      userAgent: 'test-agent/1.0',
      referer: 'https://example.com/cart',
      protocol: 'HTTP/1.1',
    };

    // Act
    await logThrough({}, (logger) => {
      const request = logger.withContext({ requestId: 'r-3' });
      request.context!.trace = { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true };
      request.info('handling');
      request.info({ [HTTP_ACCESS]: access, method: 'POST', status: 201, durationMs: 1234.5678 }, 'POST /orders 201');
    });

    // Assess
    const [line] = server.entries({ logName: 'cloudlog' });
    const [requestLog] = server.entries({ logName: 'cloudlog_reqlog' });
    expect(line?.httpRequest).to.equal(undefined);
    expect(requestLog?.httpRequest).to.deep.equal({
      requestMethod: 'POST',
      requestUrl: '/orders?draft=1',
      status: 201,
      requestSize: 321,
      responseSize: 4567,
      remoteIp: '203.0.113.9',
      userAgent: 'test-agent/1.0',
      referer: 'https://example.com/cart',
      protocol: 'HTTP/1.1',
      latency: { seconds: 1, nanos: 234_567_800 },
    });
    // Parent and child share the trace: Logs Explorer nests the line under its request.
    expect(requestLog?.trace).to.equal(line?.trace).and.to.equal(`projects/${PROJECT}/traces/${TRACE_ID}`);
    expect(requestLog?.jsonPayload).to.deep.include({ requestId: 'r-3', status: 201, message: 'POST /orders 201' });
  });

  it('keeps nanos below 1e9 and leaves out the status of an aborted request', async () => {
    // Act
    await logThrough({}, (logger) => {
      const aborted: HttpAccess = {
        method: 'GET',
        url: '/slow',
        path: '/slow',
        outcome: 'aborted',
        durationMs: 1999.9999999,
      };
      logger.warn({ [HTTP_ACCESS]: aborted }, 'GET /slow aborted');
    });

    // Assess
    const [entry] = server.entries({ logName: 'cloudlog_reqlog' });
    expect(entry?.httpRequest?.latency).to.deep.equal({ seconds: 2, nanos: 0 });
    expect(entry?.httpRequest).not.to.have.property('status');
  });

  it('uses custom log names', async () => {
    // Act
    await logThrough({ logName: 'app/web', requestLogName: 'app/requests' }, (logger) => {
      logger.info('line');
      logger.info(
        { [HTTP_ACCESS]: { method: 'GET', url: '/', path: '/', status: 200, outcome: 'completed', durationMs: 1 } },
        'GET /',
      );
    });

    // Assess
    expect(server.logNames()).to.deep.equal([
      `projects/${PROJECT}/logs/app%2Fweb`,
      `projects/${PROJECT}/logs/app%2Frequests`,
    ]);
  });

  it('writes access lines as ordinary lines, without httpRequest, where the platform logs requests (Cloud Run)', async () => {
    // Act
    await logThrough({ env: { K_SERVICE: 'api' }, mode: 'api' }, (logger) => {
      logger.info(
        { [HTTP_ACCESS]: { method: 'GET', url: '/', path: '/', status: 200, outcome: 'completed', durationMs: 1 } },
        'GET /',
      );
    });

    // Assess
    expect(server.logNames()).to.deep.equal([`projects/${PROJECT}/logs/cloudlog`]);
    expect(server.entries()[0]?.httpRequest).to.equal(undefined);
  });

  it('gives every entry a unique insertId that increases in logging order', async () => {
    // Act
    await logThrough({ maxBatchEntries: 7 }, (logger) => {
      for (let i = 0; i < 50; i++) logger.info({ i }, 'numbered');
    });

    // Assess
    const entries = server.entries();
    const ids = entries.map((e) => e.insertId);
    expect(entries.map((e) => e.jsonPayload?.i)).to.deep.equal([...Array(50).keys()]);
    expect(new Set(ids).size).to.equal(50);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('with a client of your own: uses its project and detected resource, and leaves it open on close', async () => {
    // Prepare
    const logging = new Logging(server.clientOptions('own-project'));
    const detected = { type: 'cloud_run_revision', labels: { service_name: 'api', location: 'europe-west1' } };
    // What setDetectedResource() would find on Cloud Run; set here so that nothing probes the metadata server.
    logging.detectedResource = detected;
    const transport = apiTransport(server, { logging, clientOptions: undefined, resource: undefined });
    const logger = createLogger({ transports: [transport] });
    const request = logger.withContext({});
    request.context!.trace = { traceId: TRACE_ID };

    // Act
    request.info('via my client');
    await logger.close();
    const log = logging.log('still-open');
    await log.write(log.entry({}, { ok: true }), { resource: RESOURCE });

    // Assess
    const [entry] = server.entries({ logName: 'cloudlog' });
    expect(entry?.projectId).to.equal('own-project');
    expect(entry?.resource).to.deep.equal(detected);
    expect(entry?.trace).to.equal(`projects/own-project/traces/${TRACE_ID}`);
    expect(server.entries({ logName: 'still-open' })).to.have.length(1);
  });

  it('reports the auto mode it resolved to', async () => {
    // Act, Assess
    const transport = apiTransport(server, { mode: 'auto', env: LAPTOP_ENV });
    expect(transport.mode).to.equal('api');
    await transport.close();
  });
});
