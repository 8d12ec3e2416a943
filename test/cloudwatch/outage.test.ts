import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { balances, GROUP, numbered, rawMessage, record, until, useCloudWatch } from './helpers.js';

describe('cloudwatch: outages', () => {
  const cw = useCloudWatch();

  it('loses nothing in a 30-second outage while the buffer holds', async function () {
    this.timeout(60_000);
    this.slow(40_000);
    // Prepare: a steady 1,000 events/s; retries back off up to 2 s
    const transport = cw.make({ format: rawMessage, flushIntervalMs: 100, retry: { maxDelayMs: 2_000 } });
    transport.write(record('before'));
    await transport.flush();
    await cw.server.stop();
    const logged: string[] = [];
    // Act: log through 30 s of connection refused
    const start = Date.now();
    while (Date.now() - start < 30_000) {
      for (let k = 0; k < 10; k++) {
        const message = `outage ${logged.length}`;
        logged.push(message);
        transport.write(record(message));
      }
      await delay(10); // pacing the load, not waiting for a result
    }
    const during = transport.stats();
    await cw.server.restart();
    const delivered = await transport.flush(20_000);
    // Assess
    expect(during.failures).to.be.above(10);
    expect(during).to.include({ droppedTotal: 0, bufferedEvents: logged.length });
    expect(delivered).to.equal(true);
    expect(cw.server.messages(GROUP)).to.deep.equal(['before', ...logged]);
    expect(transport.stats()).to.include({ droppedTotal: 0, sent: logged.length + 1, bufferedEvents: 0 });
    expect(logged.length).to.be.above(10_000); // about 1,000 events/s for 30 s
  });

  it('counts exactly what it drops when the outage outlasts the event bound (queue_full)', async () => {
    // Prepare
    const transport = cw.make({
      format: rawMessage,
      maxBufferedEvents: 50,
      flushIntervalMs: 10,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
    });
    await cw.server.stop();
    const messages = numbered(200);
    // Act: four bursts, the service down all along
    for (let burst = 0; burst < 4; burst++) {
      for (const message of messages.slice(burst * 50, burst * 50 + 50)) transport.write(record(message));
      const failures = transport.stats().failures;
      await until(() => transport.stats().failures > failures, 3_000, 'another failed attempt');
    }
    const during = transport.stats();
    await cw.server.restart();
    await transport.flush();
    // Assess: the oldest 50 were kept (the newest are dropped), and delivered
    expect(during).to.include({ bufferedEvents: 50, enqueued: 50, droppedTotal: 150 });
    expect(cw.server.messages(GROUP)).to.deep.equal(messages.slice(0, 50));
    const stats = transport.stats();
    expect(stats.dropped).to.deep.equal({ queue_full: 150 });
    expect(stats).to.include({ sent: 50, droppedAtPush: 150, bufferedEvents: 0 });
    expect(balances(stats)).to.equal(true);
    expect(cw.errors.some((error) => /buffer full/.test(error.message))).to.equal(true);
  });

  it('counts exactly what it drops when the outage outlasts the byte bound', async () => {
    // Prepare: events of 100 + 26 bytes; 10,000 bytes hold 79 of them
    const transport = cw.make({ format: rawMessage, maxBufferedBytes: 10_000, flushIntervalMs: 10 });
    await cw.server.stop();
    const messages = Array.from({ length: 200 }, (_, i) => `${i}`.padEnd(100, '.'));
    // Act
    for (const message of messages) transport.write(record(message));
    const during = transport.stats();
    await cw.server.restart();
    await transport.flush();
    // Assess
    expect(during).to.include({ enqueued: 79, bufferedBytes: 79 * 126, droppedTotal: 121 });
    expect(cw.server.messages(GROUP)).to.deep.equal(messages.slice(0, 79));
    expect(transport.stats().dropped).to.deep.equal({ queue_full: 121 });
  });

  it('keeps the buffer bounded while credentials are refused, then delivers what it kept', async () => {
    // Prepare
    const transport = cw.make({
      format: rawMessage,
      maxBufferedEvents: 100,
      flushIntervalMs: 10,
      retry: { baseDelayMs: 10, maxDelayMs: 40, credentialsPauseMs: 20 },
    });
    cw.server.rejectCredentials({ type: 'ExpiredTokenException', times: Number.POSITIVE_INFINITY });
    const messages = numbered(300);
    // Act
    let largestBuffer = 0;
    for (let burst = 0; burst < 6; burst++) {
      for (const message of messages.slice(burst * 50, burst * 50 + 50)) transport.write(record(message));
      largestBuffer = Math.max(largestBuffer, transport.stats().bufferedEvents);
      const failures = transport.stats().failures;
      await until(() => transport.stats().failures > failures, 3_000, 'another refused attempt');
    }
    cw.server.clearFaults();
    await transport.flush();
    // Assess
    expect(largestBuffer).to.equal(100);
    expect(cw.server.messages(GROUP)).to.deep.equal(messages.slice(0, 100));
    expect(transport.stats().dropped).to.deep.equal({ queue_full: 200 });
    expect(transport.stats().failures).to.be.at.least(6);
  });
});
