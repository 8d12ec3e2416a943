import { expect } from 'chai';
import {
  expectIdentity,
  queueFactory,
  range,
  recordingSink,
  settleCallbacks,
  waitFor,
} from './fixtures/queue-harness.js';

/** A sink that fails every send while `down` is true, like a service outage. */
function flakySink() {
  const state = { down: true };
  const sink = recordingSink<number>(() =>
    state.down ? Promise.reject(new Error('ServiceUnavailableException')) : Promise.resolve(undefined),
  );
  return { ...sink, state };
}

describe('BatchQueue during an outage', () => {
  const createQueue = queueFactory();

  it('loses nothing while the buffer holds, and delivers everything in order once the sink is back', async () => {
    // Prepare
    const sink = flakySink();
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 50,
      maxBufferedEvents: 1_000,
      flushIntervalMs: 5,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
      random: () => 0.5,
    });

    // Act: items keep arriving while every send fails
    for (const chunk of range(0, 6)) {
      for (const i of range(chunk * 50, chunk * 50 + 50)) queue.push(i, 20);
      await waitFor(() => queue.stats().failures > chunk, 'a failed attempt');
      expectIdentity(queue.stats());
    }
    const duringOutage = queue.stats();
    sink.state.down = false;
    const flushed = await queue.flush();

    // Assess
    expect(duringOutage).to.deep.include({ sent: 0, droppedTotal: 0, bufferedEvents: 300, bufferedBytes: 6_000 });
    expect(flushed).to.equal(true);
    expect(sink.delivered).to.deep.equal(range(0, 300));
    const stats = queue.stats();
    expect(stats).to.deep.include({ enqueued: 300, sent: 300, droppedTotal: 0, bufferedEvents: 0 });
    expect(stats.retried).to.be.at.least(50);
    expectIdentity(stats);
  });

  it('drops exactly the overflow as queue_full when the outage outlasts the buffer', async () => {
    // Prepare
    const sink = flakySink();
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 10,
      maxBufferedEvents: 100,
      retry: { baseDelayMs: 2, maxDelayMs: 5 },
    });

    // Act
    let accepted = 0;
    for (const i of range(0, 250)) {
      if (queue.push(i, 1)) accepted++;
      if (i % 50 === 49) await settleCallbacks();
    }
    await waitFor(() => queue.stats().failures >= 3, 'several failed attempts');
    const duringOutage = queue.stats();
    sink.state.down = false;
    const flushed = await queue.flush();

    // Assess
    expect(accepted).to.equal(100);
    expect(duringOutage.dropped).to.deep.equal({ queue_full: 150 });
    expect(duringOutage).to.deep.include({ bufferedEvents: 100, sent: 0 });
    expectIdentity(duringOutage);
    expect(flushed).to.equal(true);
    expect(sink.delivered, 'the oldest items are kept').to.deep.equal(range(0, 100));
    const stats = queue.stats();
    expect(stats).to.deep.include({
      enqueued: 100,
      sent: 100,
      droppedAtPush: 150,
      droppedTotal: 150,
      bufferedEvents: 0,
    });
    expectIdentity(stats);
  });

  it('drops exactly the overflow by bytes as queue_full', async () => {
    // Prepare
    const sink = flakySink();
    const queue = createQueue<number>({
      send: sink.send,
      maxBufferedBytes: 1_000,
      retry: { baseDelayMs: 2, maxDelayMs: 5 },
    });

    // Act
    const accepted = range(0, 30).filter((i) => queue.push(i, 70)); // 14 * 70 = 980; the 15th would be 1,050
    await waitFor(() => queue.stats().failures >= 2, 'failed attempts');
    sink.state.down = false;
    await queue.flush();

    // Assess
    expect(accepted).to.deep.equal(range(0, 14));
    expect(queue.stats().dropped).to.deep.equal({ queue_full: 16 });
    expect(sink.delivered).to.deep.equal(range(0, 14));
    expectIdentity(queue.stats());
  });
});
