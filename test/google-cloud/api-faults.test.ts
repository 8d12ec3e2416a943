// api mode under faults: every transient failure is retried with backoff until delivery, in
// order and without loss; an outage is ridden out while the buffer holds, and what does not
// fit is counted exactly.
import { Bindings, LogRecord } from '@cloudlog/core';
import type { LocalCloudLogging } from '@cloudlog/testing';
import { expect } from 'chai';
import { apiTransport, balanced, startServer, until } from './helpers.js';

function record(i: number): LogRecord {
  return new LogRecord(30, Date.now(), `line ${i}`, { i }, Bindings.EMPTY, undefined);
}

const lines = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => `line ${from + k}`);

describe('googleCloudTransport api mode: faults', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  beforeEach(async () => {
    await server.restart();
    server.reset();
  });
  after(() => server.close());

  const messages = (): unknown[] => server.entries().map((e) => e.jsonPayload?.message);

  for (const [fault, code] of [
    ['UNAVAILABLE', 14],
    ['RESOURCE_EXHAUSTED', 8],
    ['INTERNAL', 13],
  ] as const) {
    it(`retries ${fault} with backoff until every entry is delivered, in order`, async () => {
      // Prepare
      const transport = apiTransport(server);
      server.failNext(fault, { times: 2 });

      // Act
      for (let i = 0; i < 10; i++) transport.write(record(i));
      await transport.flush(5_000);

      // Assess
      expect(server.calls('WriteLogEntries').map((c) => c.code)).to.deep.equal([code, code, 0]);
      expect(messages()).to.deep.equal(lines(0, 10));
      const stats = transport.stats();
      expect(stats).to.deep.include({ sent: 10, retried: 20, droppedTotal: 0, bufferedEvents: 0 });
      expect(transport.errors.messages[0]).to.include(fault.toLowerCase());
      await transport.close();
    });
  }

  it('retries a call that hangs past the deadline (DEADLINE_EXCEEDED), one short attempt at a time', async () => {
    // Prepare
    const transport = apiTransport(server, { timeoutMs: 300 });
    server.hangNext();

    // Act
    const started = Date.now();
    for (let i = 0; i < 10; i++) transport.write(record(i));
    await transport.flush(5_000);

    // Assess
    expect(Date.now() - started).to.be.below(3_000);
    expect(server.calls('WriteLogEntries').map((c) => c.fault ?? c.code)).to.deep.equal(['hang', 0]);
    expect(messages()).to.deep.equal(lines(0, 10));
    expect(transport.stats()).to.deep.include({ sent: 10, retried: 10, droppedTotal: 0 });
    expect(transport.errors.messages[0]).to.include('deadline_exceeded');
    await transport.close();
  });

  it('re-sends the same insertIds and timestamps after a late answer, so that the service can drop the duplicates', async () => {
    // Prepare
    const transport = apiTransport(server, { timeoutMs: 200 });
    server.hangNext({ delayMs: 400 });

    // Act
    for (let i = 0; i < 3; i++) transport.write(record(i));
    await transport.flush(5_000);
    await until(() => server.entries().length === 6, 5_000, 'the late copies');

    // Assess
    const key = (e: { insertId: string; timestamp: Date }) => `${e.insertId}@${e.timestamp.toISOString()}`;
    const keys = server.entries().map(key);
    expect(new Set(keys).size).to.equal(3);
    await transport.close();
  });

  it('keeps retrying PERMISSION_DENIED (credentials or IAM being fixed) and drops a batch refused for good', async () => {
    // Prepare
    const transport = apiTransport(server, { maxBatchEntries: 2 });
    server.failNext('PERMISSION_DENIED', { times: 2 }).failNext('FAILED_PRECONDITION');

    // Act
    for (let i = 0; i < 4; i++) transport.write(record(i));
    await transport.flush(5_000);

    // Assess: lines 0-1 were retried past PERMISSION_DENIED twice, then refused for good.
    expect(server.calls('WriteLogEntries').map((c) => c.code)).to.deep.equal([7, 7, 9, 0]);
    expect(messages()).to.deep.equal(lines(2, 4));
    const stats = transport.stats();
    expect(stats).to.deep.include({ sent: 2, droppedTotal: 2, retried: 4 });
    expect(stats.dropped).to.deep.equal({ rejected: 2 });
    await transport.close();
  });

  it('rides out an outage: nothing written while the service is down is lost, and order is kept', async function () {
    this.timeout(20_000);
    // Prepare
    const transport = apiTransport(server, { maxBatchEntries: 25 });
    for (let i = 0; i < 50; i++) transport.write(record(i));
    await transport.flush(5_000);

    // Act
    await server.stop();
    for (let i = 50; i < 200; i++) transport.write(record(i));
    await until(() => transport.stats().retried >= 75, 5_000, 'three retries during the outage');
    await server.restart();
    await transport.flush(10_000);

    // Assess
    expect(messages()).to.deep.equal(lines(0, 200));
    const stats = transport.stats();
    expect(stats).to.deep.include({ enqueued: 200, sent: 200, droppedTotal: 0, bufferedEvents: 0 });
    expect(stats.retried).to.be.at.least(25);
    await transport.close();
  });

  it('when an outage outlasts the buffer, drops exactly the entries that do not fit (queue_full) and delivers the rest', async function () {
    this.timeout(20_000);
    // Prepare
    const transport = apiTransport(server, { maxBufferedEntries: 50, maxBatchEntries: 10 });
    await server.stop();

    // Act
    for (let i = 0; i < 80; i++) transport.write(record(i));
    const during = transport.stats();
    await server.restart();
    await transport.flush(10_000);

    // Assess
    expect(during).to.deep.include({ enqueued: 50, droppedAtPush: 30, bufferedEvents: 50 });
    expect(during.dropped).to.deep.equal({ queue_full: 30 });
    expect(messages()).to.deep.equal(lines(0, 50));
    const stats = transport.stats();
    expect(stats).to.deep.include({ enqueued: 50, sent: 50, droppedTotal: 30, droppedAtPush: 30, bufferedEvents: 0 });
    expect(balanced(stats)).to.equal(true);
    expect(transport.errors.messages.some((m) => m.includes('queue_full'))).to.equal(true);
    await transport.close();
  });
});
