import type { TransportStats } from '../transports/types.js';
/**
 * Why an item was not delivered. The queue itself uses:
 * - `'queue_full'`: the buffer bound (events or bytes) was reached; the NEWEST item is dropped.
 * - `'too_large'`: one item is larger than `maxBatchBytes` (or `maxBufferedBytes`).
 * - `'invalid_bytes'`: `push()` was given a size that is not a finite number >= 0.
 * - `'rejected'`: the sink rejected the item permanently (the conventional reason of
 *   `{ action: 'drop' }` and `{ action: 'split' }`, and the one used when they give none).
 * - `'retries_exhausted'`: the batch failed `retry.maxAttempts` times.
 * - `'closed'`: pushed after `close()`, or still undelivered when `close()`'s deadline passed.
 * - `'exit'`: still undelivered when the process-exit flush deadline passed, or when the
 *   process exited without one (`process.exit()`).
 *
 * plus any reason a sink reports through {@link SendResult.dropped} or an
 * {@link ErrorDisposition} (e.g. `'too_old'`, `'too_new'`).
 */
export type DropReason = string;

/** What `send` learns about the attempt it is making. */
export interface SendContext {
  /** 0 for the first try of this batch, 1 for the first retry, and so on. A split half starts at 0. */
  readonly attempt: number;
  /** Aborted when `close()`'s (or the process-exit flush's) deadline passes while this send is pending. */
  readonly signal: AbortSignal;
}

/** What a successful `send` may report back. Anything else it resolves with is ignored. */
export interface SendResult {
  /**
   * Items of this batch the sink rejected permanently, counted as dropped by reason
   * (e.g. CloudWatch's `rejectedLogEventsInfo` as `{ too_old: 3 }`); all others count as sent.
   * Counts that are not positive integers are ignored; the total is capped at the batch length.
   */
  readonly dropped?: Readonly<Record<DropReason, number>>;
}

/** What to do with a batch whose `send` failed; returned by {@link BatchQueueOptions.classifyError}. */
export type ErrorDisposition =
  /** Send the same batch again after a backoff; `delayMs` overrides the computed backoff (e.g. a credentials pause). */
  | { readonly action: 'retry'; readonly delayMs?: number; readonly reason?: string }
  /** Halve the batch and send each half, in order; a one-item batch is dropped with `reason`. */
  | { readonly action: 'split'; readonly reason: DropReason }
  /** Drop the whole batch with `reason`. */
  | { readonly action: 'drop'; readonly reason: DropReason };

/** Retry policy for failed sends; the backoff is "full jitter": `random() * min(maxDelayMs, baseDelayMs * 2 ** attempt)`. */
export interface RetryOptions {
  /**
   * Backoff ceiling of the first retry, in ms; it doubles on each later one.
   * @default 100
   */
  readonly baseDelayMs?: number;
  /**
   * Largest backoff ceiling, in ms.
   * @default 30_000
   */
  readonly maxDelayMs?: number;
  /**
   * Send attempts per batch, the first one included; a batch that fails this many times is
   * dropped as `'retries_exhausted'`. `Infinity` retries while the buffer holds: new items are
   * then dropped as `'queue_full'` once the bounds are reached.
   * @default Infinity
   */
  readonly maxAttempts?: number;
}

export interface BatchQueueOptions<T> {
  /**
   * Delivers one batch. Must return a promise; a synchronous throw or a non-promise return
   * value counts as a failed attempt (handed to `classifyError` like a rejection).
   * The queue passes its own array: do not keep or mutate it.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a plain `async (batch) => { ... }` sink type-check.
  readonly send: (batch: readonly T[], context: SendContext) => Promise<SendResult | undefined | void>;
  /**
   * Decides what a failed send means. Throwing or returning something else counts as `{ action: 'retry' }`.
   * @default () => ({ action: 'retry' })
   */
  readonly classifyError?: (error: unknown, batch: readonly T[]) => ErrorDisposition;
  /**
   * Most items in one batch.
   * @default 10_000
   */
  readonly maxBatchEvents?: number;
  /**
   * Largest sum of the pushed `bytes` in one batch; a bigger single item is dropped as `'too_large'`.
   * @default 1_048_576
   */
  readonly maxBatchBytes?: number;
  /**
   * Extra cut rule, called at `push()` with the open batch's first and last items and the new
   * item; `false` (or any falsy value) starts a new batch with `item` (e.g. CloudWatch's 24 h span). Must be cheap
   * and synchronous; a throw counts as `false`.
   * @default undefined (no extra rule)
   */
  readonly canAppend?: (batchFirst: T, batchLast: T, item: T) => boolean;
  /**
   * Most items held at once, waiting and in flight; beyond it new items are dropped as `'queue_full'`.
   * @default 100_000
   */
  readonly maxBufferedEvents?: number;
  /**
   * Largest sum of the pushed `bytes` held at once, waiting and in flight; beyond it new items
   * are dropped as `'queue_full'`.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * Longest time, in ms, a partial batch waits before it is sent.
   * @default 1_000
   */
  readonly flushIntervalMs?: number;
  /**
   * Batches being sent (or waiting to be retried) at once. With 1, delivery order is push order.
   * @default 1
   */
  readonly maxInFlight?: number;
  /** Backoff and attempt limit for failed sends; see {@link RetryOptions}. */
  readonly retry?: RetryOptions;
  /**
   * Deadline, in ms, of the flush that starts when the event loop drains (`'beforeExit'`) while
   * the queue holds items; its timers are ref'd meanwhile, so backoff still runs. What is left
   * after it is dropped as `'exit'` and reported once. All exit flushes of one queue share this
   * budget, so logging from a `'beforeExit'` handler cannot keep the process alive forever.
   * Items still held when the process exits anyway (`process.exit()`, or pushed during the very
   * last `'beforeExit'`) are counted and reported as `'exit'` too, never lost silently.
   * @default 5_000
   */
  readonly exitTimeoutMs?: number;
  /**
   * Receives every internal failure (failed send, drops) as a {@link BatchQueueError}.
   * Must not log through a logger that feeds this queue. A throw is swallowed.
   * @default createErrorReporter(name): one rate-limited line on stderr
   */
  readonly onError?: (error: Error) => void;
  /**
   * Names the queue in error messages, e.g. `'cloudwatch:/app/web'`.
   * @default 'cloudlog'
   */
  readonly name?: string;
  /**
   * Source of jitter, returning a number in [0, 1); inject a constant for deterministic tests.
   * @default Math.random
   */
  readonly random?: () => number;
}

/**
 * Counters of one queue. Every item handed to `push()` is in exactly one place, so at any moment:
 *
 * ```
 * enqueued + droppedAtPush === sent + droppedTotal + bufferedEvents
 * ```
 *
 * (`droppedAtPush` is the part of `droppedTotal` that `push()` refused and never enqueued.)
 */
export interface QueueStats extends TransportStats {
  /** Items accepted by `push()`. */
  readonly enqueued: number;
  /** Items delivered. */
  readonly sent: number;
  /** Items sent again after a failed attempt (retries and split halves), summed over attempts. */
  readonly retried: number;
  /** Items dropped, by reason, at `push()` or later. */
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Sum of `dropped`. */
  readonly droppedTotal: number;
  /** Items `push()` refused (`'queue_full'`, `'too_large'`, `'invalid_bytes'`, `'closed'`): part of `droppedTotal`, never in `enqueued`. */
  readonly droppedAtPush: number;
  /** Items in batches taken for sending and not settled yet: being sent, or waiting for a retry. */
  readonly inFlight: number;
  /** Items held: waiting + in flight. */
  readonly bufferedEvents: number;
  /** Sum of the pushed `bytes` of the items held: waiting + in flight. */
  readonly bufferedBytes: number;
  /** `send()` calls that succeeded. */
  readonly batches: number;
  /** `send()` calls that failed. */
  readonly failures: number;
  /** Message of the latest failure, if any. */
  readonly lastError?: string;
}
