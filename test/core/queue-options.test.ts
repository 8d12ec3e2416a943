import { BatchQueue, type BatchQueueOptions } from '@cloudlog/core';
import { expect } from 'chai';
import { queueFactory, recordingSink } from './fixtures/queue-harness.js';

const send = () => Promise.resolve();

describe('BatchQueue options', () => {
  const createQueue = queueFactory();

  it('works with only send, using the documented defaults', async () => {
    // Prepare
    const sink = recordingSink<string>();
    const queue = createQueue({ send: sink.send });

    // Act
    const accepted = queue.push('a', 1);
    const flushed = await queue.flush();

    // Assess
    expect(accepted).to.equal(true);
    expect(flushed).to.equal(true);
    expect(sink.calls.map((call) => call.batch)).to.deep.equal([['a']]);
    expect(queue.stats()).to.deep.include({ enqueued: 1, sent: 1, batches: 1, droppedTotal: 0, bufferedEvents: 0 });
  });

  const invalid: Array<[string, unknown, ErrorConstructor, RegExp]> = [
    ['no send', {}, TypeError, /send must be a function \(batch, context\) => Promise, got undefined/],
    ['send not a function', { send: 'x' }, TypeError, /send must be a function .*got "x"/],
    ['maxBatchEvents 0', { send, maxBatchEvents: 0 }, RangeError, /maxBatchEvents must be an integer >= 1, got 0/],
    [
      'maxBatchEvents 1.5',
      { send, maxBatchEvents: 1.5 },
      RangeError,
      /maxBatchEvents must be an integer >= 1, got 1.5/,
    ],
    ['maxBatchBytes a string', { send, maxBatchBytes: '10' }, TypeError, /maxBatchBytes must be a number, got "10"/],
    ['maxBufferedEvents -1', { send, maxBufferedEvents: -1 }, RangeError, /maxBufferedEvents must be an integer >= 1/],
    ['maxBufferedBytes NaN', { send, maxBufferedBytes: Number.NaN }, RangeError, /maxBufferedBytes must be an integer/],
    ['maxInFlight 0', { send, maxInFlight: 0 }, RangeError, /maxInFlight must be an integer >= 1, got 0/],
    [
      'flushIntervalMs -1',
      { send, flushIntervalMs: -1 },
      RangeError,
      /flushIntervalMs must be a number of ms from 0 to/,
    ],
    ['exitTimeoutMs Infinity', { send, exitTimeoutMs: Infinity }, RangeError, /exitTimeoutMs must be a number of ms/],
    ['retry not an object', { send, retry: 5 }, TypeError, /retry must be an object/],
    [
      'maxDelayMs below baseDelayMs',
      { send, retry: { baseDelayMs: 100, maxDelayMs: 10 } },
      RangeError,
      /retry.maxDelayMs must be >= retry.baseDelayMs \(100\), got 10/,
    ],
    [
      'maxAttempts 0',
      { send, retry: { maxAttempts: 0 } },
      RangeError,
      /retry.maxAttempts must be an integer >= 1, got 0/,
    ],
    ['classifyError not a function', { send, classifyError: {} }, TypeError, /classifyError must be a function/],
    ['canAppend not a function', { send, canAppend: true }, TypeError, /canAppend must be a function/],
    ['onError not a function', { send, onError: 'log' }, TypeError, /onError must be a function/],
    ['random not a function', { send, random: 0.5 }, TypeError, /random must be a function/],
    ['empty name', { send, name: '' }, TypeError, /name must be a non-empty string, got ""/],
  ];
  for (const [label, options, ErrorType, message] of invalid) {
    it(`rejects ${label} with a ${ErrorType.name} that says what is allowed`, () => {
      // Prepare
      const construct = () => new BatchQueue(options as BatchQueueOptions<unknown>);

      // Act + Assess
      expect(construct).to.throw(ErrorType, message);
    });
  }

  it('names the queue in option errors', () => {
    // Prepare
    const construct = () => new BatchQueue({ send, name: 'cloudwatch:/app', maxInFlight: 0 });

    // Act + Assess
    expect(construct).to.throw(RangeError, /^BatchQueue\(cloudwatch:\/app\): maxInFlight/);
  });

  it('accepts retry.maxAttempts Infinity and flush/close deadlines of Infinity', async () => {
    // Prepare
    const queue = createQueue<number>({ send, retry: { maxAttempts: Infinity } });
    queue.push(1, 1);

    // Act
    const flushed = await queue.flush(Infinity);
    await queue.close(Infinity);

    // Assess
    expect(flushed).to.equal(true);
    expect(queue.stats().sent).to.equal(1);
  });

  it('rejects an invalid flush() or close() deadline with a RangeError, without closing', async () => {
    // Prepare
    const queue = createQueue<number>({ send });

    // Act
    const flushError = await queue.flush(-1).catch((error: unknown) => error);
    const closeError = await queue.close(Number.NaN).catch((error: unknown) => error);

    // Assess
    expect(flushError)
      .to.be.instanceOf(RangeError)
      .with.property('message')
      .match(/flush\(timeoutMs\) must be/);
    expect(closeError)
      .to.be.instanceOf(RangeError)
      .with.property('message')
      .match(/close\(timeoutMs\) must be/);
    expect(queue.push(1, 1)).to.equal(true);
  });
});
