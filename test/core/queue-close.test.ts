import { expect } from 'chai';
import {
  deferred,
  errorLog,
  expectIdentity,
  queueFactory,
  range,
  recordingSink,
  settleCallbacks,
  waitFor,
} from './fixtures/queue-harness.js';

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/** Ref'd timers now, measured once mocha has armed its own timeout timer for the running test. */
async function baselineTimeouts(): Promise<number> {
  await settleCallbacks();
  return activeTimeouts();
}

describe('BatchQueue close()', () => {
  const createQueue = queueFactory();

  it('delivers what is held at once, then drops later pushes as closed and reports that once', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const log = errorLog();
    const queue = createQueue<number>({ send: sink.send, flushIntervalMs: 60_000, onError: log.onError });
    for (const i of range(0, 3)) queue.push(i, 1);

    // Act
    const started = performance.now();
    await queue.close();
    const closeMs = performance.now() - started;
    const later = [queue.push(3, 1), queue.push(4, 1)];

    // Assess
    expect(closeMs).to.be.below(1_000);
    expect(sink.delivered).to.deep.equal([0, 1, 2]);
    expect(later).to.deep.equal([false, false]);
    const stats = queue.stats();
    expect(stats).to.deep.include({ sent: 3, enqueued: 3, droppedTotal: 2, droppedAtPush: 2, bufferedEvents: 0 });
    expect(stats.dropped).to.deep.equal({ closed: 2 });
    expectIdentity(stats);
    expect(log.messages()).to.deep.equal(['cloudlog: dropped an item pushed after close() (closed)']);
  });

  it('aborts pending sends at its deadline and counts everything undelivered as closed, exactly', async () => {
    // Prepare
    const never = deferred<undefined>();
    const sink = recordingSink<number>(() => never.promise);
    const log = errorLog();
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 2, onError: log.onError });
    for (const i of range(0, 5)) queue.push(i, 10);
    await waitFor(() => sink.calls.length === 1, 'the first batch in flight');
    const signal = sink.calls[0]!.signal;
    const abortedBeforeDeadline = signal.aborted;

    // Act
    const started = performance.now();
    await queue.close(30);
    const closeMs = performance.now() - started;
    never.resolve(undefined); // the sink answers after all: too late, it stays dropped
    await settleCallbacks();

    // Assess
    expect(abortedBeforeDeadline).to.equal(false);
    expect(signal.aborted).to.equal(true);
    expect(closeMs).to.be.at.least(29);
    const stats = queue.stats();
    expect(stats.dropped).to.deep.equal({ closed: 5 });
    expect(stats).to.deep.include({
      sent: 0,
      batches: 0,
      droppedAtPush: 0,
      bufferedEvents: 0,
      bufferedBytes: 0,
      inFlight: 0,
    });
    expectIdentity(stats);
    expect(log.messages()).to.deep.equal([
      'cloudlog: close() deadline of 30 ms passed, dropped 5 undelivered items (closed)',
    ]);
  });

  it('gives up a batch waiting for its retry at the deadline and clears its backoff timer', async () => {
    // Prepare
    const sink = recordingSink<number>(() => Promise.reject(new Error('503')));
    const queue = createQueue<number>({ send: sink.send, retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const timeoutsBefore = await baselineTimeouts();
    queue.push(1, 1);
    await waitFor(() => queue.stats().failures === 1, 'the first failure');

    // Act
    await queue.close(10);

    // Assess
    expect(queue.stats().dropped).to.deep.equal({ closed: 1 });
    expect(sink.calls).to.have.length(1);
    expect(activeTimeouts()).to.equal(timeoutsBefore);
  });

  it('is idempotent: later calls return the same promise and change nothing', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send });
    queue.push(1, 1);

    // Act
    const first = queue.close();
    const second = queue.close(5);
    await first;
    const statsAfterFirst = queue.stats();
    await queue.close();
    const flushedAfterClose = await queue.flush();

    // Assess
    expect(second).to.equal(first);
    expect(queue.stats()).to.deep.equal(statsAfterFirst);
    expect(flushedAfterClose).to.equal(true);
    expect(sink.calls).to.have.length(1);
  });

  it('clears every timer and the exit listener', async () => {
    // Prepare
    const listenersBefore = process.listenerCount('beforeExit');
    const timeoutsBefore = await baselineTimeouts();
    const gate = deferred<undefined>();
    const sink = recordingSink<number>(() => gate.promise);
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 2, flushIntervalMs: 60_000 });
    for (const i of range(0, 3)) queue.push(i, 1); // one batch in flight, one partial waiting on the interval
    await waitFor(() => sink.calls.length === 1, 'the full batch in flight');
    const listenersWhileHolding = process.listenerCount('beforeExit');
    const timeoutsWhileHolding = activeTimeouts();

    // Act
    const closing = queue.close();
    gate.resolve(undefined);
    await closing;

    // Assess
    expect(listenersWhileHolding).to.be.at.most(listenersBefore + 1);
    expect(timeoutsWhileHolding, "the interval timer is unref'd").to.equal(timeoutsBefore);
    expect(process.listenerCount('beforeExit')).to.equal(listenersBefore);
    expect(activeTimeouts()).to.equal(timeoutsBefore);
    expect(queue.stats()).to.deep.include({ sent: 3, bufferedEvents: 0 });
  });

  it('resolves a flush() that was pending when close() gave up', async () => {
    // Prepare
    const never = deferred<undefined>();
    const queue = createQueue<number>({ send: () => never.promise });
    queue.push(1, 1);
    const flushing = queue.flush();

    // Act
    await queue.close(10);
    const flushed = await flushing;

    // Assess
    expect(flushed, 'every item pushed before the flush is settled (dropped)').to.equal(true);
  });
});
