import { describeValue } from '../report-error.js';
import { WaitingBatches } from './batch.js';
import { QueueCounters } from './counters.js';
import { addExitHook, type ExitHook, removeExitHook } from './exit-hooks.js';
import { checkTimeout, type ResolvedOptions, resolveOptions } from './options.js';
import { BatchQueueError } from './queue-error.js';
import { SendSlots } from './send-slots.js';
import { SettleWaiters } from './settle-waiters.js';
import type { BatchQueueOptions, DropReason, QueueStats } from './types.js';

const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/**
 * The bounded batching queue that network transports ship records through, off the request
 * path. `push()` is synchronous and O(1); batches go out when full, when the oldest waiting
 * item has waited `flushIntervalMs`, or on `flush()`/`close()`; failed sends are retried,
 * split or dropped as `classifyError` decides. Memory stays within `maxBufferedEvents` and
 * `maxBufferedBytes`; every item not delivered is counted by reason in `stats()`.
 * Timers never keep the process alive by themselves; when the event loop drains while items
 * are held, one flush bounded by `exitTimeoutMs` runs before the process exits.
 */
export class BatchQueue<T> {
  readonly #options: ResolvedOptions<T>;
  readonly #waiting: WaitingBatches<T>;
  readonly #slots: SendSlots<T>;
  readonly #counters = new QueueCounters();
  readonly #waiters = new SettleWaiters((alive) => this.#keepProcessAlive(alive));
  readonly #exitHook: ExitHook = { beforeExit: () => this.#onBeforeExit(), exit: () => this.#onExit() };

  #nextSeq = 0;
  /** A partial batch whose first item's sequence number is below this may be sent now. */
  #dueBefore = 0;
  /** During close() and the exit flush every waiting item is due. */
  #draining = false;
  #closed = false;
  #closing: Promise<void> | undefined;
  #intervalTimer: NodeJS.Timeout | undefined;
  #pumpScheduled = false;
  /** True while a flush()/close()/exit flush is pending: the queue's timers then keep the process alive. */
  #timersRefd = false;
  #watchingExit = false;
  #exitFlushing = false;
  #exitStartedAt: number | undefined;
  #fullReported = false;
  #closedPushReported = false;

  /** @throws TypeError or RangeError when an option is missing or out of range; the message says what is allowed. */
  constructor(options: BatchQueueOptions<T>) {
    this.#options = resolveOptions(options);
    this.#slots = new SendSlots<T>({
      options: this.#options,
      counters: this.#counters,
      report: (reason, count, text, cause) => this.#report(reason, count, text, cause),
      startTimer: (callback, delayMs) => this.#startTimer(callback, delayMs),
      settled: () => this.#afterSettle(),
    });
    const { maxBatchEvents, maxBatchBytes, canAppend } = this.#options;
    this.#waiting = new WaitingBatches<T>({
      maxBatchEvents,
      maxBatchBytes,
      canAppend,
      onCanAppendError: (error) => this.#report('callback_error', 1, 'canAppend threw, starting a new batch', error),
    });
  }

  /**
   * Queues one item. O(1) amortised, synchronous, never throws, never awaits, never calls
   * `send` (only `canAppend`). `bytes` is the item's size for the byte bounds, computed once by
   * the caller (e.g. UTF-8 bytes + per-event overhead). Returns false when the item was
   * dropped: `'closed'`, `'invalid_bytes'`, `'too_large'` or `'queue_full'` (counted in `stats()`).
   */
  push(item: T, bytes: number): boolean {
    try {
      if (this.#closed) return this.#refuse('closed', bytes);
      if (typeof bytes !== 'number' || !(bytes >= 0 && bytes < Number.POSITIVE_INFINITY)) {
        return this.#refuse('invalid_bytes', bytes);
      }
      const options = this.#options;
      const counters = this.#counters;
      if (bytes > options.maxBatchBytes || bytes > options.maxBufferedBytes) return this.#refuse('too_large', bytes);
      if (
        counters.bufferedEvents >= options.maxBufferedEvents ||
        counters.bufferedBytes + bytes > options.maxBufferedBytes
      ) {
        return this.#refuse('queue_full', bytes);
      }
      this.#fullReported = false;
      counters.enqueued++;
      counters.bufferedEvents++;
      counters.bufferedBytes += bytes;
      this.#waiting.append(item, bytes, this.#nextSeq++);
      if (counters.bufferedEvents === 1) this.#watchExit();
      if (this.#waiting.hasFull || this.#draining) this.#schedulePump();
      if (this.#intervalTimer === undefined && this.#waiting.hasOpen && !this.#draining) {
        this.#intervalTimer = this.#startTimer(this.#onInterval, options.flushIntervalMs);
      }
      return true;
    } catch (error) {
      this.#report('internal', 1, 'push failed unexpectedly', error);
      return false;
    }
  }

  /**
   * Resolves true when every item pushed BEFORE this call is sent or counted as dropped;
   * resolves false if `timeoutMs` passes first (the items stay queued and keep being retried).
   * Sends partial batches at once. While it is pending, the queue's timers keep the process
   * alive (bounded by `timeoutMs`). Rejects with a RangeError only for an invalid `timeoutMs`.
   * @param timeoutMs @default 10_000; `Infinity` waits as long as it takes.
   */
  flush(timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS): Promise<boolean> {
    const invalid = checkTimeout(this.#options.name, 'flush', timeoutMs);
    if (invalid !== undefined) return Promise.reject(invalid);
    const target = this.#nextSeq;
    if (this.#dueBefore < target) this.#dueBefore = target;
    this.#schedulePump();
    return this.#waitUntilSettled(target, timeoutMs);
  }

  /**
   * Stops accepting (later pushes are dropped as `'closed'`), flushes within `timeoutMs`, then
   * aborts pending sends (`context.signal`) and counts everything undelivered as dropped
   * `'closed'`, even if its send completes later. Clears every timer and listener. Idempotent:
   * later calls return the first call's promise. Never rejects, except with a RangeError for an
   * invalid `timeoutMs` on the first call.
   * @param timeoutMs @default 10_000
   */
  close(timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const invalid = checkTimeout(this.#options.name, 'close', timeoutMs);
    if (invalid !== undefined) return Promise.reject(invalid);
    this.#closed = true;
    this.#draining = true;
    this.#schedulePump();
    this.#closing = this.#waitUntilSettled(this.#nextSeq, timeoutMs).then((drained) => {
      try {
        const dropped = drained ? 0 : this.#abandonAll('closed');
        if (dropped > 0) {
          const text = `close() deadline of ${timeoutMs} ms passed, dropped ${dropped} undelivered items (closed)`;
          this.#report('closed', dropped, text);
        }
      } finally {
        if (this.#intervalTimer !== undefined) clearTimeout(this.#intervalTimer);
        this.#intervalTimer = undefined;
        this.#unwatchExit();
      }
    });
    return this.#closing;
  }

  /** Counters; see {@link QueueStats} for the identity they keep. Cheap: copies no item. */
  stats(): QueueStats {
    return this.#counters.snapshot();
  }

  #refuse(reason: DropReason, bytes: unknown): false {
    this.#counters.countDrop(reason, 1);
    this.#counters.droppedAtPush++;
    const { maxBatchBytes, maxBufferedBytes, maxBufferedEvents } = this.#options;
    if (reason === 'queue_full') {
      // A full buffer should not wait for the interval to start draining.
      this.#dueBefore = this.#nextSeq;
      this.#schedulePump();
      if (this.#fullReported) return false; // once per episode: until an item is accepted again
      this.#fullReported = true;
      const { bufferedEvents, bufferedBytes } = this.#counters;
      this.#report(
        reason,
        1,
        `buffer full (${bufferedEvents} of ${maxBufferedEvents} events, ${bufferedBytes} of ${maxBufferedBytes} bytes), dropping new items (queue_full)`,
      );
    } else if (reason === 'closed') {
      if (this.#closedPushReported) return false;
      this.#closedPushReported = true;
      this.#report(reason, 1, 'dropped an item pushed after close() (closed)');
    } else if (reason === 'too_large') {
      const limit = Math.min(maxBatchBytes, maxBufferedBytes);
      this.#report(reason, 1, `dropped an item of ${bytes} bytes, larger than the limit of ${limit} bytes (too_large)`);
    } else {
      this.#report(
        reason,
        1,
        `dropped an item whose size is not a number of bytes >= 0: ${describeValue(bytes)} (${reason})`,
      );
    }
    return false;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // Off the caller's stack: push() never runs send, and settling never recurses into it.
    queueMicrotask(this.#pump);
  }

  /** Starts sends while slots are free and a full or due batch waits. */
  readonly #pump = (): void => {
    this.#pumpScheduled = false;
    try {
      const { maxInFlight } = this.#options;
      while (this.#slots.size < maxInFlight) {
        const batch = this.#waiting.take(this.#draining ? Number.POSITIVE_INFINITY : this.#dueBefore);
        if (batch === undefined) break;
        this.#slots.start(batch);
      }
    } catch (error) {
      this.#report('internal', 0, 'sending failed unexpectedly', error);
    }
  };

  readonly #onInterval = (): void => {
    this.#intervalTimer = undefined;
    // Everything waiting now has waited at most the interval: send it all, never later.
    this.#dueBefore = this.#nextSeq;
    this.#pump();
  };

  /** Drops everything held with `reason` (a deadline passed) and aborts pending sends; returns how many items. */
  #abandonAll(reason: DropReason): number {
    let count = this.#slots.abandonAll();
    for (const batch of this.#waiting.takeAll()) {
      count += batch.items.length;
      this.#counters.release(batch.items.length, batch.bytes, false);
    }
    if (count > 0) this.#counters.countDrop(reason, count);
    this.#afterSettle();
    return count;
  }

  #afterSettle(): void {
    if (this.#waiters.size > 0) this.#waiters.settle(this.#oldestUnsettled());
    if (this.#counters.bufferedEvents === 0) this.#unwatchExit();
    else this.#schedulePump();
  }

  /** Sequence number of the oldest item not yet sent or dropped; Infinity when none is held. */
  #oldestUnsettled(): number {
    if (this.#counters.bufferedEvents === 0) return Number.POSITIVE_INFINITY;
    return Math.min(this.#waiting.firstSeq ?? Number.POSITIVE_INFINITY, this.#slots.oldestSeq());
  }

  #waitUntilSettled(target: number, timeoutMs: number): Promise<boolean> {
    if (this.#oldestUnsettled() >= target) return Promise.resolve(true);
    return this.#waiters.wait(target, timeoutMs);
  }

  #startTimer(callback: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      try {
        callback();
      } catch (error) {
        this.#report('internal', 0, 'a timer callback failed unexpectedly', error);
      }
    }, delayMs);
    if (!this.#timersRefd) timer.unref();
    return timer;
  }

  /** Refs the queue's timers while someone awaits the queue, unrefs them when nobody does. */
  #keepProcessAlive(alive: boolean): void {
    this.#timersRefd = alive;
    if (this.#intervalTimer !== undefined) alive ? this.#intervalTimer.ref() : this.#intervalTimer.unref();
    this.#slots.refTimers(alive);
  }

  #watchExit(): void {
    if (this.#watchingExit) return;
    this.#watchingExit = true;
    addExitHook(this.#exitHook);
  }

  #unwatchExit(): void {
    if (!this.#watchingExit) return;
    this.#watchingExit = false;
    removeExitHook(this.#exitHook);
  }

  /** The event loop drained while items are held: deliver them within the exit budget, then let go. */
  #onBeforeExit(): void {
    if (this.#counters.bufferedEvents === 0) {
      this.#unwatchExit();
      return;
    }
    if (this.#exitFlushing) return;
    const now = performance.now();
    this.#exitStartedAt ??= now;
    const budgetMs = this.#options.exitTimeoutMs - (now - this.#exitStartedAt);
    if (budgetMs <= 0) {
      // Budget spent (something keeps pushing from 'beforeExit'): drop now, schedule nothing, let the process go.
      this.#dropAtExit();
      return;
    }
    this.#exitFlushing = true;
    this.#draining = true;
    this.#schedulePump();
    void this.#waitUntilSettled(Number.POSITIVE_INFINITY, budgetMs).then((drained) => {
      this.#exitFlushing = false;
      this.#draining = this.#closed;
      if (!drained) this.#dropAtExit();
    });
  }

  /** The process exits now (also through process.exit()): count what is still held, so no item is lost silently. */
  #onExit(): void {
    this.#dropAtExit();
  }

  #dropAtExit(): void {
    const dropped = this.#abandonAll('exit');
    if (dropped === 0) return;
    const { exitTimeoutMs } = this.#options;
    const when = this.#exitStartedAt === undefined ? '' : ` after the exit flush of ${exitTimeoutMs} ms`;
    this.#report('exit', dropped, `process exiting: dropped ${dropped} undelivered items${when} (exit)`);
  }

  #report(reason: DropReason, count: number, text: string, cause?: unknown): void {
    try {
      const { name, onError } = this.#options;
      onError(new BatchQueueError(`${name}: ${text}`, { queueName: name, reason, count, cause }));
    } catch {
      // onError is the last resort; if it fails there is nowhere left to report to.
    }
  }
}
