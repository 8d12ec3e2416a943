import type { SendResult } from '@cloudlog/core';
import { expect } from 'chai';
import {
  type Deferred,
  deferred,
  expectIdentity,
  queueFactory,
  range,
  recordingSink,
  settleCallbacks,
  waitFor,
} from './fixtures/queue-harness.js';

/** Tracks whether a promise has settled yet, and with what. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T } = { settled: false };
  promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

describe('BatchQueue flush()', () => {
  const createQueue = queueFactory();

  it('resolves true at once when nothing is held', async () => {
    // Prepare
    const queue = createQueue<number>({ send: () => Promise.resolve() });

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
  });

  it('sends partial batches at once, without waiting for the interval', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send, flushIntervalMs: 60_000 });
    for (const i of range(0, 5)) queue.push(i, 1);
    const started = performance.now();

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(performance.now() - started).to.be.below(1_000);
    expect(sink.delivered).to.deep.equal(range(0, 5));
    expect(queue.stats()).to.deep.include({ sent: 5, bufferedEvents: 0 });
  });

  it('resolves false at its deadline; the items stay queued, keep being retried and are delivered later', async () => {
    // Prepare
    let healthy = false;
    const sink = recordingSink<number>(() =>
      healthy ? Promise.resolve(undefined) : Promise.reject(new Error('ECONNRESET')),
    );
    const queue = createQueue<number>({
      send: sink.send,
      retry: { baseDelayMs: 4, maxDelayMs: 8 },
      random: () => 1,
    });
    for (const i of range(0, 3)) queue.push(i, 1);

    // Act
    const started = performance.now();
    const firstFlush = await queue.flush(40);
    const elapsed = performance.now() - started;
    const held = queue.stats();
    healthy = true;
    const secondFlush = await queue.flush();

    // Assess
    expect(firstFlush).to.equal(false);
    expect(elapsed).to.be.at.least(39);
    expect(held).to.deep.include({ bufferedEvents: 3, inFlight: 3, sent: 0, droppedTotal: 0 });
    expect(held.failures, 'kept retrying during the flush').to.be.at.least(2);
    expect(secondFlush).to.equal(true);
    expect(sink.delivered).to.deep.equal([0, 1, 2]);
    expect(queue.stats()).to.deep.include({ sent: 3, bufferedEvents: 0, droppedTotal: 0 });
  });

  it('waits only for items pushed before the call, also when a later batch finishes first (maxInFlight 2)', async () => {
    // Prepare
    const gates: Deferred<SendResult | undefined>[] = [];
    const sink = recordingSink<number>(() => {
      const gate = deferred<SendResult | undefined>();
      gates.push(gate);
      return gate.promise;
    });
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 2, maxInFlight: 2, flushIntervalMs: 60_000 });
    for (const i of range(0, 4)) queue.push(i, 1);
    await waitFor(() => sink.calls.length === 2, 'both batches in flight');

    // Act
    const flush = track(queue.flush());
    queue.push(4, 1); // pushed after the call: not waited for
    gates[1]?.resolve(undefined); // the later batch finishes first
    await settleCallbacks();
    const afterLaterBatch = flush.settled;
    gates[0]?.resolve(undefined);
    await waitFor(() => flush.settled, 'the flush');

    // Assess
    expect(afterLaterBatch, 'items 0 and 1 are still unsettled').to.equal(false);
    expect(flush.value).to.equal(true);
    expect(queue.stats()).to.deep.include({ sent: 4, bufferedEvents: 1 });
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([
      [0, 1],
      [2, 3],
    ]);
  });

  it('waits for an earlier batch that is being retried while a later one is delivered (maxInFlight 2)', async () => {
    // Prepare
    let failuresLeft = 2;
    const sink = recordingSink<number>((call) =>
      call.batch[0] === 0 && failuresLeft-- > 0 ? Promise.reject(new Error('throttled')) : Promise.resolve(undefined),
    );
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 2,
      maxInFlight: 2,
      retry: { baseDelayMs: 10, maxDelayMs: 10 },
      random: () => 1,
    });
    for (const i of range(0, 4)) queue.push(i, 1);

    // Act
    const flush = track(queue.flush());
    await waitFor(() => queue.stats().sent === 2, 'the later batch to be delivered');
    const whileRetrying = flush.settled;
    await waitFor(() => flush.settled, 'the flush');

    // Assess
    expect(sink.delivered.slice(0, 2), 'the later batch went first').to.deep.equal([2, 3]);
    expect(whileRetrying).to.equal(false);
    expect(flush.value).to.equal(true);
    expect(queue.stats()).to.deep.include({ sent: 4, failures: 2, retried: 4, bufferedEvents: 0 });
    expectIdentity(queue.stats());
  });

  it('counts dropped items as settled', async () => {
    // Prepare
    const queue = createQueue<number>({
      send: () => Promise.reject(new Error('400 Bad Request')),
      classifyError: () => ({ action: 'drop', reason: 'rejected' }),
    });
    for (const i of range(0, 3)) queue.push(i, 1);

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(queue.stats().dropped).to.deep.equal({ rejected: 3 });
  });
});
