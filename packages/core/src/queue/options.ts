import { createErrorReporter, describeValue } from '../report-error.js';
import type { BatchQueueOptions, ErrorDisposition } from './types.js';

/** Largest delay Node's timers accept; longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

export const DEFAULTS = {
  maxBatchEvents: 10_000,
  maxBatchBytes: 1_048_576,
  maxBufferedEvents: 100_000,
  maxBufferedBytes: 67_108_864,
  flushIntervalMs: 1_000,
  maxInFlight: 1,
  baseDelayMs: 100,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  exitTimeoutMs: 5_000,
  name: 'cloudlog',
} as const;

/** Options with every default applied, checked once at construction. */
export interface ResolvedOptions<T> {
  readonly name: string;
  readonly send: BatchQueueOptions<T>['send'];
  readonly classifyError: (error: unknown, batch: readonly T[]) => ErrorDisposition;
  readonly canAppend: ((batchFirst: T, batchLast: T, item: T) => boolean) | undefined;
  readonly maxBatchEvents: number;
  readonly maxBatchBytes: number;
  readonly maxBufferedEvents: number;
  readonly maxBufferedBytes: number;
  readonly flushIntervalMs: number;
  readonly maxInFlight: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly exitTimeoutMs: number;
  readonly onError: (error: Error) => void;
  readonly random: () => number;
}

const retryByDefault = (): ErrorDisposition => ({ action: 'retry' });

/** Applies defaults and throws a TypeError or RangeError naming the option, what it got and what is allowed. */
export function resolveOptions<T>(options: BatchQueueOptions<T>): ResolvedOptions<T> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`BatchQueue: options must be an object with at least send, got ${describeValue(options)}`);
  }
  const name = options.name ?? DEFAULTS.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`BatchQueue: name must be a non-empty string, got ${describeValue(name)}`);
  }
  const where = `BatchQueue(${name})`;
  const fn = <F>(key: string, value: F | undefined, signature: string): F | undefined => {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`${where}: ${key} must be a function ${signature}, got ${describeValue(value)}`);
    }
    return value;
  };
  const integer = (key: string, value: number | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number')
      throw new TypeError(`${where}: ${key} must be a number, got ${describeValue(value)}`);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`${where}: ${key} must be an integer >= ${min}, got ${value}`);
    }
    return value;
  };
  const millis = (key: string, value: number | undefined, fallback: number, allowInfinity = false): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number')
      throw new TypeError(`${where}: ${key} must be a number, got ${describeValue(value)}`);
    const ok = value >= 0 && (value <= MAX_TIMER_MS || (allowInfinity && value === Number.POSITIVE_INFINITY));
    if (!ok) {
      throw new RangeError(
        `${where}: ${key} must be a number of ms from 0 to ${MAX_TIMER_MS}${allowInfinity ? ' or Infinity' : ''}, got ${value}`,
      );
    }
    return value;
  };

  const send = fn('send', options.send, '(batch, context) => Promise');
  if (send === undefined) {
    throw new TypeError(`${where}: send must be a function (batch, context) => Promise, got undefined`);
  }
  const retry = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) {
    throw new TypeError(
      `${where}: retry must be an object { baseDelayMs?, maxDelayMs?, maxAttempts? }, got ${describeValue(retry)}`,
    );
  }
  const baseDelayMs = millis('retry.baseDelayMs', retry.baseDelayMs, DEFAULTS.baseDelayMs);
  const maxDelayMs = millis('retry.maxDelayMs', retry.maxDelayMs, Math.max(DEFAULTS.maxDelayMs, baseDelayMs));
  if (maxDelayMs < baseDelayMs) {
    throw new RangeError(`${where}: retry.maxDelayMs must be >= retry.baseDelayMs (${baseDelayMs}), got ${maxDelayMs}`);
  }
  let maxAttempts: number = DEFAULTS.maxAttempts;
  if (retry.maxAttempts !== undefined && retry.maxAttempts !== Number.POSITIVE_INFINITY) {
    maxAttempts = integer('retry.maxAttempts', retry.maxAttempts, DEFAULTS.maxAttempts, 1);
  }
  const onError = fn('onError', options.onError, '(error: Error) => void');
  const random = fn('random', options.random, '() => number in [0, 1)');

  return {
    name,
    send,
    classifyError: fn('classifyError', options.classifyError, '(error, batch) => ErrorDisposition') ?? retryByDefault,
    canAppend: fn('canAppend', options.canAppend, '(batchFirst, batchLast, item) => boolean'),
    maxBatchEvents: integer('maxBatchEvents', options.maxBatchEvents, DEFAULTS.maxBatchEvents, 1),
    maxBatchBytes: integer('maxBatchBytes', options.maxBatchBytes, DEFAULTS.maxBatchBytes, 1),
    maxBufferedEvents: integer('maxBufferedEvents', options.maxBufferedEvents, DEFAULTS.maxBufferedEvents, 1),
    maxBufferedBytes: integer('maxBufferedBytes', options.maxBufferedBytes, DEFAULTS.maxBufferedBytes, 1),
    flushIntervalMs: millis('flushIntervalMs', options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    maxInFlight: integer('maxInFlight', options.maxInFlight, DEFAULTS.maxInFlight, 1),
    baseDelayMs,
    maxDelayMs,
    maxAttempts,
    exitTimeoutMs: millis('exitTimeoutMs', options.exitTimeoutMs, DEFAULTS.exitTimeoutMs),
    onError: onError ?? createErrorReporter(name),
    random: random ?? Math.random,
  };
}

/** Checks a flush()/close() deadline; returns an error to reject with, or undefined. */
export function checkTimeout(name: string, method: string, timeoutMs: unknown): RangeError | undefined {
  if (typeof timeoutMs === 'number' && timeoutMs >= 0 && (timeoutMs <= MAX_TIMER_MS || timeoutMs === Infinity)) {
    return undefined;
  }
  return new RangeError(
    `BatchQueue(${name}): ${method}(timeoutMs) must be a number of ms from 0 to ${MAX_TIMER_MS} or Infinity, got ${describeValue(timeoutMs)}`,
  );
}
