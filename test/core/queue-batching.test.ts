import { expect } from 'chai';
import {
  deferred,
  errorLog,
  queueFactory,
  range,
  recordingSink,
  settleCallbacks,
  waitFor,
} from './fixtures/queue-harness.js';

describe('BatchQueue batching', () => {
  const createQueue = queueFactory();

  it('cuts batches at maxBatchEvents, FIFO', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 3, flushIntervalMs: 60_000 });

    // Act
    for (const i of range(0, 7)) queue.push(i, 1);
    await queue.flush();

    // Assess
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('sends a full batch at once, without waiting for the interval, and keeps the partial one waiting', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 3, flushIntervalMs: 60_000 });

    // Act
    for (const i of range(0, 4)) queue.push(i, 1);
    const callsDuringPush = sink.calls.length;
    await waitFor(() => sink.calls.length === 1, 'the full batch');
    await settleCallbacks();

    // Assess
    expect(callsDuringPush, 'push() never calls send itself').to.equal(0);
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([[0, 1, 2]]);
    expect(queue.stats()).to.deep.include({ sent: 3, bufferedEvents: 1, inFlight: 0 });
  });

  it('cuts batches at maxBatchBytes, by the sum of the pushed sizes; a batch that is exactly full goes at once', async () => {
    // Prepare
    const sink = recordingSink<string>();
    const queue = createQueue<string>({ send: sink.send, maxBatchBytes: 100, flushIntervalMs: 60_000 });

    // Act
    queue.push('a', 60);
    queue.push('b', 30);
    queue.push('c', 20); // 110 > 100: cuts before c
    queue.push('d', 80); // c + d = 100: full, sent at once
    await waitFor(() => sink.calls.length === 2, 'the two full batches');
    queue.push('e', 1);
    await queue.flush();

    // Assess
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('cuts a batch where canAppend says false, e.g. a 24 h span rule', async () => {
    // Prepare
    const sink = recordingSink<{ t: number }>();
    const seen: Array<[number, number, number]> = [];
    const queue = createQueue<{ t: number }>({
      send: sink.send,
      flushIntervalMs: 60_000,
      canAppend: (first, last, item) => {
        seen.push([first.t, last.t, item.t]);
        return item.t - first.t <= 10;
      },
    });

    // Act
    for (const t of [0, 5, 10, 11, 15, 30]) queue.push({ t }, 1);
    await queue.flush();

    // Assess
    expect(sink.calls.map((call) => call.batch.map((item) => item.t))).to.deep.equal([[0, 5, 10], [11, 15], [30]]);
    expect(seen.slice(0, 3), 'called with the batch first, the batch last and the new item').to.deep.equal([
      [0, 0, 5],
      [0, 5, 10],
      [0, 10, 11],
    ]);
  });

  it('cuts the batch when canAppend throws, and reports it', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const log = errorLog();
    const queue = createQueue<number>({
      send: sink.send,
      flushIntervalMs: 60_000,
      onError: log.onError,
      canAppend: () => {
        throw new Error('bad rule');
      },
    });

    // Act
    const accepted = [queue.push(1, 1), queue.push(2, 1)];
    await queue.flush();

    // Assess
    expect(accepted).to.deep.equal([true, true]);
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([[1], [2]]);
    expect(log.errors[0]).to.include({ reason: 'callback_error' });
    expect(log.messages()[0]).to.equal('cloudlog: canAppend threw, starting a new batch');
  });

  it('sends a partial batch once its oldest item has waited flushIntervalMs, not before', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send, flushIntervalMs: 30 });

    // Act
    const pushedAt = performance.now();
    queue.push(1, 1);
    queue.push(2, 1);
    await waitFor(() => sink.calls.length === 1, 'the interval flush');

    // Assess
    const waited = (sink.calls[0]?.at ?? 0) - pushedAt;
    expect(waited).to.be.at.least(29);
    expect(waited).to.be.below(500);
    expect(sink.calls[0]?.batch).to.deep.equal([1, 2]);
  });

  it('keeps sending partial batches on the interval as items keep arriving', async () => {
    // Prepare
    const sink = recordingSink<number>();
    const queue = createQueue<number>({ send: sink.send, flushIntervalMs: 10 });

    // Act
    queue.push(1, 1);
    await waitFor(() => sink.calls.length === 1, 'the first interval flush');
    queue.push(2, 1);
    await waitFor(() => sink.calls.length === 2, 'the second interval flush');

    // Assess
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([[1], [2]]);
    expect(queue.stats()).to.deep.include({ sent: 2, batches: 2, bufferedEvents: 0 });
  });

  it('sends up to maxInFlight batches at once', async () => {
    // Prepare
    const gate = deferred<undefined>();
    const sink = recordingSink<number>(() => gate.promise);
    const queue = createQueue<number>({ send: sink.send, maxBatchEvents: 2, maxInFlight: 3 });

    // Act
    for (const i of range(0, 10)) queue.push(i, 1);
    await waitFor(() => sink.calls.length === 3, 'three concurrent sends');
    await settleCallbacks();
    const concurrent = sink.calls.length;
    const inFlight = queue.stats().inFlight;
    gate.resolve(undefined);
    await queue.flush();

    // Assess
    expect(concurrent).to.equal(3);
    expect(inFlight).to.equal(6);
    expect(sink.calls).to.have.length(5);
    expect(queue.stats()).to.deep.include({ sent: 10, inFlight: 0 });
  });
});
