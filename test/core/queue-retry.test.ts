import { BatchQueueError, type ErrorDisposition, fullJitterDelay } from '@cloudlog/core';
import { expect } from 'chai';
import { errorLog, expectIdentity, queueFactory, range, recordingSink, waitFor } from './fixtures/queue-harness.js';

const fail = (message = 'ThrottlingException') => Promise.reject(new Error(message));

describe('fullJitterDelay', () => {
  it('is random() times the exponential ceiling, capped at maxDelayMs', () => {
    // Prepare
    const half = () => 0.5;

    // Act
    const delays = [0, 1, 2, 3, 10, 60].map((attempt) => fullJitterDelay(attempt, 100, 30_000, half));

    // Assess
    expect(delays).to.deep.equal([50, 100, 200, 400, 15_000, 15_000]);
  });

  it('survives a random source that throws or leaves [0, 1)', () => {
    // Prepare
    const sources = [
      () => {
        throw new Error('no entropy');
      },
      () => Number.NaN,
      () => -3,
      () => 7,
    ];

    // Act
    const delays = sources.map((random) => fullJitterDelay(0, 100, 1_000, random));

    // Assess
    expect(delays).to.deep.equal([100, 100, 0, 100]);
  });
});

describe('BatchQueue retry', () => {
  const createQueue = queueFactory();

  it('re-sends the same batch after a full-jitter backoff, and later batches wait (maxInFlight 1)', async () => {
    // Prepare
    const sink = recordingSink<number>((_call, index) => (index < 3 ? fail() : Promise.resolve(undefined)));
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      name: 'cw:test',
      maxBatchEvents: 5,
      retry: { baseDelayMs: 10, maxDelayMs: 1_000 },
      random: () => 0.5,
      onError: log.onError,
    });

    // Act
    for (const i of range(0, 15)) queue.push(i, 1);
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(sink.calls.map((call) => [call.batch, call.attempt])).to.deep.equal([
      [[0, 1, 2, 3, 4], 0],
      [[0, 1, 2, 3, 4], 1],
      [[0, 1, 2, 3, 4], 2],
      [[0, 1, 2, 3, 4], 3],
      [[5, 6, 7, 8, 9], 0],
      [[10, 11, 12, 13, 14], 0],
    ]);
    const gaps = [1, 2, 3].map((i) => (sink.calls[i]?.at ?? 0) - (sink.calls[i - 1]?.at ?? 0));
    expect(gaps[0], 'random 0.5 * 10 ms').to.be.at.least(4);
    expect(gaps[1], 'random 0.5 * 20 ms').to.be.at.least(9);
    expect(gaps[2], 'random 0.5 * 40 ms').to.be.at.least(19);
    expect(sink.delivered).to.deep.equal(range(0, 15));
    expect(queue.stats()).to.deep.include({ sent: 15, failures: 3, batches: 3, retried: 15, droppedTotal: 0 });
    expect(queue.stats().lastError).to.equal('ThrottlingException');
    expect(log.messages()).to.deep.equal([
      'cw:test: send of 5 items failed (attempt 1), retrying in 5 ms: ThrottlingException',
      'cw:test: send of 5 items failed (attempt 2), retrying in 10 ms: ThrottlingException',
      'cw:test: send of 5 items failed (attempt 3), retrying in 20 ms: ThrottlingException',
    ]);
    expect(log.errors[0]).to.be.instanceOf(BatchQueueError).and.include({ queueName: 'cw:test', count: 5 });
    expect(log.errors[0]?.cause).to.be.instanceOf(Error).with.property('message', 'ThrottlingException');
  });

  it("waits a retry disposition's delayMs instead of the computed backoff, and names its reason", async () => {
    // Prepare
    const sink = recordingSink<number>((_call, index) =>
      index === 0 ? fail('ExpiredToken') : Promise.resolve(undefined),
    );
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      classifyError: (): ErrorDisposition => ({ action: 'retry', delayMs: 40, reason: 'credentials' }),
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onError: log.onError,
    });
    queue.push(1, 1);

    // Act
    await queue.flush();

    // Assess
    const gap = (sink.calls[1]?.at ?? 0) - (sink.calls[0]?.at ?? 0);
    expect(gap).to.be.at.least(39);
    expect(log.messages()[0]).to.equal(
      'cloudlog: send of 1 item failed (attempt 1, credentials), retrying in 40 ms: ExpiredToken',
    );
    expect(log.errors[0]).to.include({ reason: 'credentials' });
  });

  it('drops a batch as retries_exhausted after maxAttempts sends, then carries on with the next', async () => {
    // Prepare
    const sink = recordingSink<number>((call) => (call.batch[0] === 0 ? fail() : Promise.resolve(undefined)));
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 5,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 },
      onError: log.onError,
    });
    for (const i of range(0, 10)) queue.push(i, 1);

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(sink.calls.map((call) => call.attempt)).to.deep.equal([0, 1, 2, 0]);
    expect(sink.delivered).to.deep.equal(range(5, 10));
    const stats = queue.stats();
    expect(stats.dropped).to.deep.equal({ retries_exhausted: 5 });
    expect(stats).to.deep.include({ sent: 5, failures: 3, retried: 10, bufferedEvents: 0 });
    expectIdentity(stats);
    expect(log.messages()[1]).to.match(/attempt 2 of 3/);
    expect(log.messages()[2]).to.equal(
      'cloudlog: send of 5 items failed 3 times, dropped (retries_exhausted): ThrottlingException',
    );
  });

  it('isolates one bad item among 1,000 by splitting: exactly 1 dropped, 999 delivered in order', async () => {
    // Prepare
    const bad = 537;
    const sink = recordingSink<number>((call) =>
      call.batch.includes(bad) ? fail('InvalidParameterException') : Promise.resolve(undefined),
    );
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 1_000,
      classifyError: () => ({ action: 'split', reason: 'invalid_event' }),
      onError: log.onError,
    });

    // Act
    for (const i of range(0, 1_000)) queue.push(i, 10);
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    const stats = queue.stats();
    expect(stats.dropped).to.deep.equal({ invalid_event: 1 });
    expect(stats).to.deep.include({ sent: 999, bufferedEvents: 0, bufferedBytes: 0, inFlight: 0 });
    expect(sink.delivered).to.deep.equal(range(0, 1_000).filter((i) => i !== bad));
    expect(stats.failures, 'one failure per halving, about log2(1000)').to.equal(11);
    expectIdentity(stats);
    expect(log.messages()[0]).to.equal(
      'cloudlog: send of 1000 items failed (invalid_event), sending it as 500 + 500: InvalidParameterException',
    );
    expect(log.messages().at(-1)).to.equal(
      'cloudlog: send of 1 item failed, dropped (invalid_event): InvalidParameterException',
    );
  });

  it('drops the whole batch with the reason of a drop disposition, and sends the next', async () => {
    // Prepare
    const sink = recordingSink<number>((call) =>
      call.batch[0] === 0 ? fail('AccessDenied') : Promise.resolve(undefined),
    );
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 3,
      classifyError: () => ({ action: 'drop', reason: 'rejected' }),
    });
    for (const i of range(0, 6)) queue.push(i, 1);

    // Act
    await queue.flush();

    // Assess
    expect(queue.stats().dropped).to.deep.equal({ rejected: 3 });
    expect(sink.delivered).to.deep.equal([3, 4, 5]);
  });

  it('survives a send that throws synchronously, like a rejection', async () => {
    // Prepare
    const received: number[][] = [];
    const queue = createQueue<number>({
      send: (batch) => {
        received.push([...batch]);
        if (received.length === 1) throw new Error('sync boom');
        return Promise.resolve();
      },
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    queue.push(1, 1);

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(received).to.deep.equal([[1], [1]]);
    expect(queue.stats()).to.deep.include({ sent: 1, failures: 1, lastError: 'sync boom' });
  });

  it('counts a send that returns a non-promise as a failure, handed to classifyError', async () => {
    // Prepare
    const classified: unknown[] = [];
    const queue = createQueue<number>({
      send: (() => undefined) as never,
      classifyError: (error) => {
        classified.push(error);
        return { action: 'drop', reason: 'rejected' };
      },
    });
    queue.push(1, 1);

    // Act
    await queue.flush();

    // Assess
    expect(classified[0])
      .to.be.instanceOf(TypeError)
      .with.property('message', 'send must return a promise, got undefined');
    expect(queue.stats().dropped).to.deep.equal({ rejected: 1 });
  });

  it('retries when classifyError throws or returns nonsense, and reports it', async () => {
    // Prepare
    const answers: Array<() => ErrorDisposition> = [
      () => {
        throw new Error('classifier bug');
      },
      () => ({ action: 'explode' }) as unknown as ErrorDisposition,
    ];
    const sink = recordingSink<number>((_call, index) => (index < 2 ? fail() : Promise.resolve(undefined)));
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      classifyError: () => answers.shift()!(),
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onError: log.onError,
    });
    queue.push(1, 1);

    // Act
    await queue.flush();

    // Assess
    expect(sink.calls.map((call) => call.attempt)).to.deep.equal([0, 1, 2]);
    expect(log.errors.filter((error) => (error as BatchQueueError).reason === 'callback_error')).to.have.length(2);
    expect(log.messages()).to.include('cloudlog: classifyError threw, retrying the batch');
  });

  it('survives an onError that throws', async () => {
    // Prepare
    const sink = recordingSink<number>((_call, index) => (index === 0 ? fail() : Promise.resolve(undefined)));
    const queue = createQueue<number>({
      send: sink.send,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onError: () => {
        throw new Error('reporter broke');
      },
    });
    queue.push(1, 1);

    // Act
    const flushed = await queue.flush();

    // Assess
    expect(flushed).to.equal(true);
    expect(queue.stats().sent).to.equal(1);
  });

  it('counts the items a sink reports in SendResult.dropped by reason, and the rest as sent', async () => {
    // Prepare
    const log = errorLog();
    const queue = createQueue<number>({
      send: () => Promise.resolve({ dropped: { too_old: 2, too_new: 1, bogus: -4, other: 1.5 } }),
      onError: log.onError,
    });
    for (const i of range(0, 10)) queue.push(i, 1);

    // Act
    await queue.flush();

    // Assess
    const stats = queue.stats();
    expect(stats.dropped).to.deep.equal({ too_old: 2, too_new: 1 });
    expect(stats).to.deep.include({ sent: 7, batches: 1, droppedTotal: 3, droppedAtPush: 0 });
    expectIdentity(stats);
    expect(log.messages()).to.deep.equal(['cloudlog: the sink rejected 3 of 10 items (too_old: 2, too_new: 1)']);
  });

  it('caps the drops a sink reports at the batch size', async () => {
    // Prepare
    const queue = createQueue<number>({ send: () => Promise.resolve({ dropped: { too_old: 50 } }) });
    for (const i of range(0, 4)) queue.push(i, 1);

    // Act
    await queue.flush();

    // Assess
    expect(queue.stats()).to.deep.include({ sent: 0, droppedTotal: 4 });
    expectIdentity(queue.stats());
  });

  it('keeps the order of split halves with maxInFlight 2 and goes on with other batches meanwhile', async () => {
    // Prepare
    const sink = recordingSink<number>((call) => (call.batch.includes(3) ? fail('bad') : Promise.resolve(undefined)));
    const queue = createQueue<number>({
      send: sink.send,
      maxBatchEvents: 4,
      maxInFlight: 2,
      classifyError: () => ({ action: 'split', reason: 'rejected' }),
    });

    // Act
    for (const i of range(0, 8)) queue.push(i, 1);
    await waitFor(() => queue.stats().bufferedEvents === 0, 'everything settled');

    // Assess
    expect(sink.delivered.filter((i) => i < 4)).to.deep.equal([0, 1, 2]);
    expect(sink.delivered.filter((i) => i >= 4)).to.deep.equal([4, 5, 6, 7]);
    expect(queue.stats().dropped).to.deep.equal({ rejected: 1 });
  });
});
