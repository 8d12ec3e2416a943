import { BatchQueueError } from '@cloudlog/core';
import { expect } from 'chai';
import {
  deferred,
  errorLog,
  expectIdentity,
  queueFactory,
  range,
  recordingSink,
  waitFor,
} from './fixtures/queue-harness.js';

describe('BatchQueue bounds', () => {
  const createQueue = queueFactory();

  it('drops the newest items as queue_full once maxBufferedEvents are held, counting them exactly', async () => {
    // Prepare
    const gate = deferred();
    const sink = recordingSink<number>(() => gate.promise.then(() => undefined));
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      maxBufferedEvents: 5,
      flushIntervalMs: 60_000,
      onError: log.onError,
    });

    // Act
    const accepted = range(0, 8).map((i) => queue.push(i, 10));

    // Assess
    expect(accepted).to.deep.equal([true, true, true, true, true, false, false, false]);
    const stats = queue.stats();
    expect(stats).to.deep.include({
      enqueued: 5,
      droppedTotal: 3,
      droppedAtPush: 3,
      bufferedEvents: 5,
      bufferedBytes: 50,
    });
    expect(stats.dropped).to.deep.equal({ queue_full: 3 });
    expectIdentity(stats);
    expect(log.errors, 'one report per full episode').to.have.length(1);
    expect(log.errors[0])
      .to.be.instanceOf(BatchQueueError)
      .and.to.include({ reason: 'queue_full', queueName: 'cloudlog' });
    expect(log.errors[0]?.message).to.match(/^cloudlog: buffer full \(5 of 5 events, 50 of 67108864 bytes\)/);

    // Act: a full buffer does not wait for the interval; once delivered, room is back.
    await waitFor(() => sink.calls.length === 1, 'the buffered batch to be sent');
    gate.resolve();
    await waitFor(() => queue.stats().bufferedEvents === 0, 'the buffer to empty');
    const acceptedAgain = queue.push(8, 10);

    // Assess
    expect(sink.delivered).to.deep.equal([0, 1, 2, 3, 4]);
    expect(acceptedAgain).to.equal(true);
    expectIdentity(queue.stats());
  });

  it('drops as queue_full an item that would exceed maxBufferedBytes, while smaller later ones still fit', () => {
    // Prepare
    const gate = deferred();
    const sink = recordingSink<string>(() => gate.promise.then(() => undefined));
    const queue = createQueue<string>({ send: sink.send, maxBufferedBytes: 100, flushIntervalMs: 60_000 });

    // Act
    const accepted = [queue.push('a', 40), queue.push('b', 40), queue.push('c', 30), queue.push('d', 20)];

    // Assess
    expect(accepted).to.deep.equal([true, true, false, true]);
    const stats = queue.stats();
    expect(stats).to.deep.include({ enqueued: 3, bufferedBytes: 100, bufferedEvents: 3, droppedAtPush: 1 });
    expect(stats.dropped).to.deep.equal({ queue_full: 1 });
    expectIdentity(stats);
  });

  it('counts bytes in flight against maxBufferedBytes until the send settles', async () => {
    // Prepare
    const gate = deferred();
    const sink = recordingSink<string>(() => gate.promise.then(() => undefined));
    const queue = createQueue<string>({ send: sink.send, maxBufferedBytes: 100, maxBatchEvents: 2 });
    queue.push('a', 50);
    queue.push('b', 50);
    await waitFor(() => sink.calls.length === 1, 'the full batch to be sent');

    // Act
    const whileInFlight = queue.push('c', 1);
    gate.resolve();
    await waitFor(() => queue.stats().sent === 2, 'the batch to be delivered');
    const afterDelivery = queue.push('d', 1);

    // Assess
    expect(whileInFlight).to.equal(false);
    expect(afterDelivery).to.equal(true);
    expect(queue.stats()).to.deep.include({ bufferedBytes: 1, bufferedEvents: 1, droppedTotal: 1 });
  });

  it('drops an item larger than maxBatchBytes as too_large and reports it', () => {
    // Prepare
    const log = errorLog();
    const queue = createQueue<string>({ send: () => Promise.resolve(), maxBatchBytes: 50, onError: log.onError });

    // Act
    const tooLarge = queue.push('x'.repeat(51), 51);
    const largest = queue.push('x'.repeat(50), 50);

    // Assess
    expect([tooLarge, largest]).to.deep.equal([false, true]);
    expect(queue.stats().dropped).to.deep.equal({ too_large: 1 });
    expect(log.messages()).to.deep.equal([
      'cloudlog: dropped an item of 51 bytes, larger than the limit of 50 bytes (too_large)',
    ]);
  });

  it('drops as too_large an item that could never fit in maxBufferedBytes', () => {
    // Prepare
    const queue = createQueue<string>({ send: () => Promise.resolve(), maxBatchBytes: 50, maxBufferedBytes: 30 });

    // Act
    const accepted = queue.push('x', 40);

    // Assess
    expect(accepted).to.equal(false);
    expect(queue.stats().dropped).to.deep.equal({ too_large: 1 });
  });

  it('drops items whose size is not a finite number >= 0 as invalid_bytes, without throwing', () => {
    // Prepare
    const queue = createQueue<string>({ send: () => Promise.resolve() });
    const sizes: unknown[] = [Number.NaN, -1, Number.POSITIVE_INFINITY, '3', undefined];

    // Act
    const accepted = sizes.map((size) => queue.push('x', size as number));

    // Assess
    expect(accepted).to.deep.equal([false, false, false, false, false]);
    expect(queue.stats()).to.deep.include({ droppedTotal: 5, droppedAtPush: 5, enqueued: 0 });
    expect(queue.stats().dropped).to.deep.equal({ invalid_bytes: 5 });
  });

  it('pushes 100,000 items in O(1) each and delivers them all, in order, in full batches', async () => {
    // Prepare
    const gate = deferred();
    const sink = recordingSink<number>((_call, index) =>
      (index === 0 ? gate.promise : Promise.resolve()).then(() => undefined),
    );
    const queue = createQueue<number>({ send: sink.send, maxBufferedEvents: 100_000, flushIntervalMs: 60_000 });
    const started = performance.now();

    // Act
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) if (queue.push(i, 100)) accepted++;
    const pushMs = performance.now() - started;
    const full = queue.push(100_000, 100);
    gate.resolve();
    const flushed = await queue.flush();

    // Assess
    expect(accepted).to.equal(100_000);
    expect(full, 'the bound holds exactly').to.equal(false);
    expect(pushMs, 'a quadratic buffer would take seconds').to.be.below(1_000);
    expect(flushed).to.equal(true);
    expect(sink.calls.map((call) => call.batch.length)).to.deep.equal(Array(10).fill(10_000));
    expect(sink.delivered).to.deep.equal(range(0, 100_000));
    expect(queue.stats()).to.deep.include({ sent: 100_000, bufferedEvents: 0, bufferedBytes: 0, inFlight: 0 });
  });
});
