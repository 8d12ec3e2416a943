import { createRequire } from 'node:module';
import type { LocalCloudLogging } from '@cloudlog/testing';
import type { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import {
  consumeDiagnosticEntry,
  PROJECT,
  RESOURCE,
  rejectionOf,
  startServer,
  writeOne,
} from './cloud-logging-helpers.js';

describe('LocalCloudLogging: writing and reading with @google-cloud/logging', () => {
  let server: LocalCloudLogging;
  let logging: Logging;

  before(async () => {
    ({ server, logging } = await startServer());
    await consumeDiagnosticEntry(logging);
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  it('stores a plain log.write with every mapped field', async () => {
    // Prepare
    const log = logging.log('app');
    const timestamp = new Date('2026-01-02T03:04:05.678Z');
    const metadata = {
      severity: 'WARNING',
      labels: { env: 'test' },
      trace: `projects/${PROJECT}/traces/0af7651916cd43dd8448eb211c80319c`,
      spanId: 'b7ad6b7169203331',
      traceSampled: true,
      httpRequest: {
        requestMethod: 'GET',
        requestUrl: '/users/1',
        status: 200,
        responseSize: 512,
        latency: { seconds: 1, nanos: 500_000_000 },
      },
      insertId: 'insert-1',
      timestamp,
    };

    // Act
    await writeOne(log, metadata, { message: 'hello', count: 2, nested: { list: [1, 'a', null, true] } });

    // Assess
    const [entry] = await server.waitForEntries(1, { logName: 'app' });
    expect(entry).to.deep.include({
      logName: `projects/${PROJECT}/logs/app`,
      logId: 'app',
      projectId: PROJECT,
      severity: 'WARNING',
      labels: { env: 'test' },
      trace: metadata.trace,
      spanId: metadata.spanId,
      traceSampled: true,
      insertId: 'insert-1',
      jsonPayload: { message: 'hello', count: 2, nested: { list: [1, 'a', null, true] } },
      resource: RESOURCE,
    });
    expect(entry?.httpRequest).to.deep.equal({
      requestMethod: 'GET',
      requestUrl: '/users/1',
      status: 200,
      responseSize: 512,
      latency: { seconds: 1, nanos: 500_000_000 },
    });
    expect(entry?.timestamp.toISOString()).to.equal(timestamp.toISOString());
  });

  it('lets an entry logName override the request logName', async () => {
    // Prepare
    const log = logging.log('request-level');
    const entryLevel = `projects/${PROJECT}/logs/entry-level`;

    // Act
    await writeOne(log, { logName: entryLevel }, { n: 1 });

    // Assess
    expect(server.entries().map((e) => e.logName)).to.deep.equal([entryLevel]);
    expect(server.logNames()).to.deep.equal([entryLevel]);
  });

  it('assigns timestamp and insertId in request order, merges request labels, keeps entry labels', async () => {
    // Prepare
    const batch = [{ labels: { a: 'entry' } }, {}, {}];

    // Act
    await logging.loggingService.writeLogEntries({
      logName: `projects/${PROJECT}/logs/raw`,
      resource: RESOURCE,
      labels: { a: 'request', b: 'request' },
      entries: batch.map((metadata, i) => ({ ...metadata, textPayload: `line ${i}` })),
    });

    // Assess
    const stored = server.entries({ logName: 'raw' });
    expect(stored.map((e) => e.textPayload)).to.deep.equal(['line 0', 'line 1', 'line 2']);
    expect(stored.map((e) => e.labels)).to.deep.equal([
      { a: 'entry', b: 'request' },
      { a: 'request', b: 'request' },
      { a: 'request', b: 'request' },
    ]);
    const ids = stored.map((e) => e.insertId);
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(3);
    expect(stored[0]!.timestamp.getTime()).to.be.at.most(stored[2]!.timestamp.getTime());
  });

  it('records each WriteLogEntries call with its entry count, for batching assertions', async () => {
    // Prepare
    const log = logging.log('batches');

    // Act
    await log.write([log.entry({}, { i: 1 }), log.entry({}, { i: 2 }), log.entry({}, { i: 3 })], {
      resource: RESOURCE,
    });
    await log.write([log.entry({}, { i: 4 })], { resource: RESOURCE });

    // Assess
    const calls = server.calls('WriteLogEntries');
    expect(calls.map((c) => c.entryCount)).to.deep.equal([3, 1]);
    expect(calls.every((c) => c.code === 0 && c.logName === `projects/${PROJECT}/logs/batches`)).to.equal(true);
  });

  it('writes nothing on dryRun', async () => {
    // Prepare
    const log = logging.log('dry');

    // Act
    await writeOne(log, {}, { n: 1 }, { dryRun: true });

    // Assess
    expect(server.calls('WriteLogEntries')).to.have.length(1);
    expect(server.entries()).to.deep.equal([]);
  });

  it('lists entries through log.getEntries (ListLogEntries with the client filter)', async () => {
    // Prepare
    const log = logging.log('listed');
    await log.write([log.entry({ severity: 'INFO' }, { i: 1 }), log.entry({ severity: 'ERROR' }, { i: 2 })], {
      resource: RESOURCE,
    });
    await writeOne(logging.log('other'), {}, { i: 3 });

    // Act
    const [all] = await log.getEntries();
    const [errors] = await log.getEntries({ filter: 'severity >= ERROR' });

    // Assess
    expect(all.map((e) => e.data)).to.have.deep.members([{ i: 1 }, { i: 2 }]);
    expect(errors.map((e) => e.metadata.severity)).to.deep.equal(['ERROR']);
  });

  it('filters ListLogEntries on payload and label fields, and refuses OR rather than misread it', async () => {
    // Prepare
    const log = logging.log('filtered');
    await log.write(
      [log.entry({ labels: { env: 'prod' } }, { user: 'ann' }), log.entry({ labels: { env: 'dev' } }, { user: 'bob' })],
      { resource: RESOURCE },
    );

    // Act
    const [byLabel] = await log.getEntries({ filter: 'labels.env="prod"' });
    const [byPayload] = await log.getEntries({ filter: 'jsonPayload.user="bob"' });
    const refused = await rejectionOf(log.getEntries({ filter: 'labels.env="prod" OR labels.env="dev"' }));

    // Assess
    expect(byLabel.map((e) => e.data)).to.deep.equal([{ user: 'ann' }]);
    expect(byPayload.map((e) => e.data)).to.deep.equal([{ user: 'bob' }]);
    expect(refused.code).to.equal(3);
  });

  it('pages ListLogEntries results', async () => {
    // Prepare
    const log = logging.log('paged');
    await log.write(
      Array.from({ length: 7 }, (_, i) => log.entry({ timestamp: new Date(Date.now() - 1000 + i) }, { i })),
      { resource: RESOURCE },
    );

    // Act
    const [firstPage, nextQuery] = await log.getEntries({ pageSize: 3, autoPaginate: false, orderBy: 'timestamp asc' });

    // Assess
    expect(firstPage.map((e) => (e.data as { i: number }).i)).to.deep.equal([0, 1, 2]);
    expect(nextQuery).to.have.property('pageToken').that.is.a('string');
  });

  it('answers ListLogs and DeleteLog', async () => {
    // Prepare
    await writeOne(logging.log('keep'), {}, { n: 1 });
    await writeOne(logging.log('drop'), {}, { n: 2 });

    // Act
    const [logsBefore] = await logging.getLogs();
    await logging.log('drop').delete();
    const deletedAgain = await rejectionOf(logging.log('drop').delete());

    // Assess
    expect(logsBefore.map((l) => l.name).sort()).to.deep.equal(['drop', 'keep']);
    expect(server.logNames()).to.deep.equal([`projects/${PROJECT}/logs/keep`]);
    expect(deletedAgain.code).to.equal(5);
  });

  it('answers UNIMPLEMENTED for methods it does not serve', async () => {
    // Act
    const error = await rejectionOf(logging.loggingService.listMonitoredResourceDescriptors({}, { retry: null }));

    // Assess
    expect(error.code).to.equal(12);
  });

  it('waitForEntries rejects at its deadline and says what it saw', async () => {
    // Prepare
    await writeOne(logging.log('some'), {}, { n: 1 });

    // Act
    const error = await rejectionOf(server.waitForEntries(2, { logName: 'some', timeoutMs: 50 }));

    // Assess
    expect(error.message).to.match(/expected 2 entries .* saw 1/);
  });

  it('waitForEntries resolves on a write that arrives while waiting', async () => {
    // Prepare
    const waiting = server.waitForEntries(1, { logName: 'later', timeoutMs: 2000 });

    // Act
    await writeOne(logging.log('later'), {}, { n: 1 });

    // Assess
    expect((await waiting).map((e) => e.jsonPayload)).to.deep.equal([{ n: 1 }]);
  });

  it('hides the client diagnostic entry unless asked, and marks it', async () => {
    // Prepare: the diagnostic entry is a plain entry with this payload key.
    const log = logging.log('diag');
    const diagnostic = {
      'logging.googleapis.com/diagnostic': { instrumentation_source: [{ name: 'nodejs', version: '1' }] },
    };

    // Act
    await log.write([log.entry({}, { n: 1 }), log.entry({}, diagnostic)], { resource: RESOURCE });

    // Assess
    expect(server.entries({ logName: 'diag' })).to.have.length(1);
    const all = server.entries({ logName: 'diag', includeDiagnostics: true });
    expect(all.map((e) => e.diagnostic)).to.deep.equal([false, true]);
    expect(server.calls('WriteLogEntries')[0]?.entryCount).to.equal(1);
  });

  it('is usable from CommonJS too', async () => {
    // Prepare
    const require = createRequire(import.meta.url);
    const cjs = require('@cloudlog/testing') as { LocalCloudLogging: typeof LocalCloudLogging };

    // Act
    const other = await cjs.LocalCloudLogging.start();

    // Assess
    try {
      expect(other.port).to.be.above(0);
      expect(other.clientOptions().apiEndpoint).to.equal('127.0.0.1');
    } finally {
      await other.close();
    }
  });
});
