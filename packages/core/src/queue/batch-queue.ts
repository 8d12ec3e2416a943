import { describeError, describeValue } from '../report-error.js';
import { fullJitterDelay } from './backoff.js';
import { type Batch, splitBatch, WaitingBatches } from './batch.js';
import { addExitHook, removeExitHook } from './exit-hooks.js';
import { checkTimeout, MAX_TIMER_MS, type ResolvedOptions, resolveOptions } from './options.js';
import { BatchQueueError } from './queue-error.js';
import { isPromiseLike, readSinkDrops } from './send-outcome.js';
import type { BatchQueueOptions, DropReason, ErrorDisposition, QueueStats } from './types.js';

/**
 * One send slot: the batch being sent (or waiting for its retry) on top of the stack, the
 * halves of split batches below it, lowest sequence number on top, so halves go out in order.
 */
interface Delivery<T> {
  readonly stack: Batch<T>[];
  timer: NodeJS.Timeout | undefined;
  controller: AbortController | undefined;
  /** Set when a deadline dropped this delivery's items: a late result of its send is ignored. */
  abandoned: boolean;
}

interface FlushWaiter {
  /** Resolve once every item with a lower sequence number is sent or dropped. */
  readonly target: number;
  readonly resolve: (drained: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

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
  readonly #deliveries = new Set<Delivery<T>>();
  readonly #waiters: FlushWaiter[] = [];
  readonly #dropped = new Map<DropReason, number>();
  readonly #exitHook = (): void => this.#onBeforeExit();

  #nextSeq = 0;
  /** A partial batch whose first item's sequence number is below this may be sent now. */
  #dueBefore = 0;
  /** During close() and the exit flush every waiting item is due. */
  #draining = false;
  #closed = false;
  #closing: Promise<void> | undefined;
  #intervalTimer: NodeJS.Timeout | undefined;
  #pumpScheduled = false;
  /** Pending flush()/close()/exit waits; while above 0 the queue's timers keep the process alive. */
  #keepAlive = 0;
  #watchingExit = false;
  #exitFlushing = false;
  #exitStartedAt: number | undefined;
  #fullReported = false;
  #closedPushReported = false;

  #enqueued = 0;
  #sent = 0;
  #retried = 0;
  #droppedTotal = 0;
  #droppedAtPush = 0;
  #inFlight = 0;
  #bufferedEvents = 0;
  #bufferedBytes = 0;
  #batches = 0;
  #failures = 0;
  #lastError: string | undefined;

  /** @throws TypeError or RangeError when an option is missing or out of range; the message says what is allowed. */
  constructor(options: BatchQueueOptions<T>) {
    this.#options = resolveOptions(options);
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
      if (bytes > options.maxBatchBytes || bytes > options.maxBufferedBytes) return this.#refuse('too_large', bytes);
      if (this.#bufferedEvents >= options.maxBufferedEvents || this.#bufferedBytes + bytes > options.maxBufferedBytes) {
        return this.#refuse('queue_full', bytes);
      }
      this.#fullReported = false;
      this.#enqueued++;
      this.#bufferedEvents++;
      this.#bufferedBytes += bytes;
      this.#waiting.append(item, bytes, this.#nextSeq++);
      if (this.#bufferedEvents === 1) this.#watchExit();
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
      if (!drained) {
        const dropped = this.#abandonAll('closed');
        if (dropped > 0) {
          this.#report(
            'closed',
            dropped,
            `close() deadline of ${timeoutMs} ms passed, dropped ${dropped} undelivered items (closed)`,
          );
        }
      }
      this.#dispose();
    });
    return this.#closing;
  }

  /** Counters, see {@link QueueStats} for the identity they keep. Cheap: copies no item. */
  stats(): QueueStats {
    const stats: QueueStats = {
      enqueued: this.#enqueued,
      sent: this.#sent,
      retried: this.#retried,
      dropped: Object.fromEntries(this.#dropped),
      droppedTotal: this.#droppedTotal,
      droppedAtPush: this.#droppedAtPush,
      inFlight: this.#inFlight,
      bufferedEvents: this.#bufferedEvents,
      bufferedBytes: this.#bufferedBytes,
      batches: this.#batches,
      failures: this.#failures,
    };
    return this.#lastError === undefined ? stats : { ...stats, lastError: this.#lastError };
  }

  #refuse(reason: DropReason, bytes: unknown): false {
    this.#countDrop(reason, 1);
    this.#droppedAtPush++;
    const options = this.#options;
    if (reason === 'queue_full') {
      // Reported once per episode (until an item is accepted again); a full buffer also means
      // the partial batch should not wait for the interval.
      this.#dueBefore = this.#nextSeq;
      this.#schedulePump();
      if (!this.#fullReported) {
        this.#fullReported = true;
        this.#report(
          reason,
          1,
          `buffer full (${this.#bufferedEvents} of ${options.maxBufferedEvents} events, ${this.#bufferedBytes} of ${options.maxBufferedBytes} bytes), dropping new items (queue_full)`,
        );
      }
    } else if (reason === 'closed') {
      if (!this.#closedPushReported) {
        this.#closedPushReported = true;
        this.#report(reason, 1, 'dropped an item pushed after close() (closed)');
      }
    } else if (reason === 'too_large') {
      const limit = Math.min(options.maxBatchBytes, options.maxBufferedBytes);
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

  #countDrop(reason: DropReason, count: number): void {
    this.#dropped.set(reason, (this.#dropped.get(reason) ?? 0) + count);
    this.#droppedTotal += count;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // Off the caller's stack: push() never runs send, and settling never recurses into it.
    queueMicrotask(this.#runPump);
  }

  readonly #runPump = (): void => {
    this.#pumpScheduled = false;
    try {
      const { maxInFlight } = this.#options;
      while (this.#deliveries.size < maxInFlight) {
        const batch = this.#waiting.take(this.#draining ? Number.POSITIVE_INFINITY : this.#dueBefore);
        if (batch === undefined) break;
        this.#inFlight += batch.items.length;
        const delivery: Delivery<T> = { stack: [batch], timer: undefined, controller: undefined, abandoned: false };
        this.#deliveries.add(delivery);
        this.#sendTop(delivery);
      }
    } catch (error) {
      this.#report('internal', 0, 'sending failed unexpectedly', error);
    }
  };

  readonly #onInterval = (): void => {
    this.#intervalTimer = undefined;
    // Everything waiting now has waited at most the interval: send it all, never later.
    this.#dueBefore = this.#nextSeq;
    this.#runPump();
  };

  #sendTop(delivery: Delivery<T>): void {
    const batch = delivery.stack[delivery.stack.length - 1];
    if (delivery.abandoned || batch === undefined) return;
    if (batch.attempt > 0 || batch.isResend) this.#retried += batch.items.length;
    const controller = new AbortController();
    delivery.controller = controller;
    let pending: unknown;
    try {
      pending = this.#options.send(batch.items, { attempt: batch.attempt, signal: controller.signal });
    } catch (error) {
      this.#onSendFailed(delivery, batch, error);
      return;
    }
    if (!isPromiseLike(pending)) {
      this.#onSendFailed(delivery, batch, new TypeError(`send must return a promise, got ${describeValue(pending)}`));
      return;
    }
    Promise.resolve(pending).then(
      (result) => this.#onSendSucceeded(delivery, batch, result),
      (error: unknown) => this.#onSendFailed(delivery, batch, error),
    );
  }

  #onSendSucceeded(delivery: Delivery<T>, batch: Batch<T>, result: unknown): void {
    if (delivery.abandoned || delivery.stack[delivery.stack.length - 1] !== batch) return;
    try {
      this.#batches++;
      const count = batch.items.length;
      const drops = readSinkDrops(result, count);
      let dropped = 0;
      if (drops !== undefined) {
        for (const [reason, n] of drops) {
          this.#countDrop(reason, n);
          dropped += n;
        }
      }
      this.#sent += count - dropped;
      this.#finishTop(delivery);
      if (drops !== undefined) {
        const list = [...drops].map(([reason, n]) => `${reason}: ${n}`).join(', ');
        const [firstReason] = drops.keys();
        this.#report(firstReason ?? 'rejected', dropped, `the sink rejected ${dropped} of ${count} items (${list})`);
      }
    } catch (error) {
      this.#report('internal', 0, 'handling a send result failed unexpectedly', error);
    }
  }

  #onSendFailed(delivery: Delivery<T>, batch: Batch<T>, error: unknown): void {
    if (delivery.abandoned || delivery.stack[delivery.stack.length - 1] !== batch) return;
    try {
      this.#failures++;
      const description = describeError(error);
      this.#lastError = description;
      const disposition = this.#classify(error, batch);
      const count = batch.items.length;
      const attempts = batch.attempt + 1;
      if (disposition.action === 'drop' || (disposition.action === 'split' && count === 1)) {
        this.#dropTop(delivery, disposition.reason);
        this.#report(
          disposition.reason,
          count,
          `send of ${count} items failed, dropped (${disposition.reason}): ${description}`,
          error,
        );
      } else if (disposition.action === 'split') {
        const [first, second] = splitBatch(batch);
        delivery.stack.pop();
        delivery.stack.push(second, first);
        this.#continue(delivery);
        this.#report(
          disposition.reason,
          count,
          `send of ${count} items failed (${disposition.reason}), sending it again as ${first.items.length} + ${second.items.length}: ${description}`,
          error,
        );
      } else if (attempts >= this.#options.maxAttempts) {
        this.#dropTop(delivery, 'retries_exhausted');
        this.#report(
          'retries_exhausted',
          count,
          `send of ${count} items failed ${attempts} times, dropped (retries_exhausted): ${description}`,
          error,
        );
      } else {
        const { baseDelayMs, maxDelayMs, maxAttempts, random } = this.#options;
        const delayMs = disposition.delayMs ?? fullJitterDelay(batch.attempt, baseDelayMs, maxDelayMs, random);
        batch.attempt = attempts;
        delivery.timer = this.#startTimer(() => {
          delivery.timer = undefined;
          this.#sendTop(delivery);
        }, delayMs);
        const of = maxAttempts === Number.POSITIVE_INFINITY ? '' : ` of ${maxAttempts}`;
        const reason = disposition.reason ?? 'send_failed';
        this.#report(
          reason,
          count,
          `send of ${count} items failed (attempt ${attempts}${of}, ${reason}), retrying in ${Math.round(delayMs)} ms: ${description}`,
          error,
        );
      }
    } catch (internal) {
      this.#report('internal', 0, 'handling a failed send failed unexpectedly', internal);
    }
  }

  /** Asks classifyError; anything but a well-formed disposition means retry. */
  #classify(error: unknown, batch: Batch<T>): ErrorDisposition {
    let disposition: unknown;
    try {
      disposition = this.#options.classifyError(error, batch.items);
    } catch (thrown) {
      this.#report('callback_error', batch.items.length, 'classifyError threw, retrying the batch', thrown);
      return { action: 'retry' };
    }
    const { action, reason, delayMs } = (disposition ?? {}) as {
      action?: unknown;
      reason?: unknown;
      delayMs?: unknown;
    };
    const validReason = typeof reason === 'string' && reason !== '' ? reason : undefined;
    if (action === 'retry') {
      const validDelay = typeof delayMs === 'number' && delayMs >= 0 ? Math.min(delayMs, MAX_TIMER_MS) : undefined;
      return {
        action,
        ...(validDelay === undefined ? {} : { delayMs: validDelay }),
        ...(validReason ? { reason: validReason } : {}),
      };
    }
    if (action === 'split' || action === 'drop') return { action, reason: validReason ?? 'rejected' };
    this.#report(
      'callback_error',
      batch.items.length,
      `classifyError returned ${describeValue(disposition)}, retrying the batch`,
    );
    return { action: 'retry' };
  }

  #dropTop(delivery: Delivery<T>, reason: DropReason): void {
    const batch = delivery.stack[delivery.stack.length - 1];
    if (batch !== undefined) this.#countDrop(reason, batch.items.length);
    this.#finishTop(delivery);
  }

  /** Releases the top batch of a delivery (already counted as sent or dropped) and moves on. */
  #finishTop(delivery: Delivery<T>): void {
    const batch = delivery.stack.pop();
    if (batch === undefined) return;
    delivery.controller = undefined;
    this.#release(batch, true);
    if (delivery.stack.length > 0) this.#continue(delivery);
    else this.#deliveries.delete(delivery);
    this.#afterSettle();
  }

  #continue(delivery: Delivery<T>): void {
    queueMicrotask(() => {
      try {
        this.#sendTop(delivery);
      } catch (error) {
        this.#report('internal', 0, 'sending failed unexpectedly', error);
      }
    });
  }

  #release(batch: Batch<T>, wasInFlight: boolean): void {
    if (wasInFlight) this.#inFlight -= batch.items.length;
    this.#bufferedEvents -= batch.items.length;
    // Reset rather than subtract to the end, so fractional sizes cannot leave rounding dust.
    this.#bufferedBytes = this.#bufferedEvents === 0 ? 0 : this.#bufferedBytes - batch.bytes;
  }

  /** Drops everything held with `reason` (a deadline passed); returns how many items. */
  #abandonAll(reason: DropReason): number {
    let count = 0;
    for (const delivery of this.#deliveries) {
      delivery.abandoned = true;
      if (delivery.timer !== undefined) clearTimeout(delivery.timer);
      delivery.timer = undefined;
      try {
        delivery.controller?.abort();
      } catch {
        // An abort listener of the sink threw; the items are dropped all the same.
      }
      delivery.controller = undefined;
      for (const batch of delivery.stack.splice(0)) {
        count += batch.items.length;
        this.#release(batch, true);
      }
    }
    this.#deliveries.clear();
    for (const batch of this.#waiting.takeAll()) {
      count += batch.items.length;
      this.#release(batch, false);
    }
    if (count > 0) this.#countDrop(reason, count);
    this.#afterSettle();
    return count;
  }

  #afterSettle(): void {
    if (this.#waiters.length > 0) this.#resolveWaiters();
    if (this.#bufferedEvents === 0) this.#unwatchExit();
    else this.#schedulePump();
  }

  /** Sequence number of the oldest item not yet sent or dropped; Infinity when none is held. */
  #oldestUnsettled(): number {
    if (this.#bufferedEvents === 0) return Number.POSITIVE_INFINITY;
    let oldest = this.#waiting.firstSeq ?? Number.POSITIVE_INFINITY;
    for (const delivery of this.#deliveries) {
      const top = delivery.stack[delivery.stack.length - 1];
      if (top !== undefined && top.firstSeq < oldest) oldest = top.firstSeq;
    }
    return oldest;
  }

  #waitUntilSettled(target: number, timeoutMs: number): Promise<boolean> {
    if (this.#oldestUnsettled() >= target) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: FlushWaiter = { target, resolve, timer: undefined };
      if (timeoutMs !== Number.POSITIVE_INFINITY) {
        // Ref'd on purpose: someone is waiting, and the deadline bounds how long.
        waiter.timer = setTimeout(() => {
          const index = this.#waiters.indexOf(waiter);
          if (index === -1) return;
          this.#waiters.splice(index, 1);
          this.#setKeepAlive(-1);
          resolve(false);
        }, timeoutMs);
      }
      this.#waiters.push(waiter);
      this.#setKeepAlive(1);
    });
  }

  #resolveWaiters(): void {
    const settledBefore = this.#oldestUnsettled();
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i]!;
      if (waiter.target > settledBefore) {
        i++;
        continue;
      }
      this.#waiters.splice(i, 1);
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      this.#setKeepAlive(-1);
      waiter.resolve(true);
    }
  }

  #startTimer(callback: () => void, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      try {
        callback();
      } catch (error) {
        this.#report('internal', 0, 'a timer callback failed unexpectedly', error);
      }
    }, delayMs);
    if (this.#keepAlive === 0) timer.unref();
    return timer;
  }

  /** Refs the queue's timers while someone awaits the queue, unrefs them when nobody does. */
  #setKeepAlive(delta: number): void {
    const wasAlive = this.#keepAlive > 0;
    this.#keepAlive += delta;
    const alive = this.#keepAlive > 0;
    if (alive === wasAlive) return;
    const apply = (timer: NodeJS.Timeout | undefined): void => {
      if (timer !== undefined) alive ? timer.ref() : timer.unref();
    };
    apply(this.#intervalTimer);
    for (const delivery of this.#deliveries) apply(delivery.timer);
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
    if (this.#bufferedEvents === 0) {
      this.#unwatchExit();
      return;
    }
    if (this.#exitFlushing) return;
    const now = performance.now();
    this.#exitStartedAt ??= now;
    const { exitTimeoutMs } = this.#options;
    const budgetMs = Math.max(0, exitTimeoutMs - (now - this.#exitStartedAt));
    this.#exitFlushing = true;
    this.#draining = true;
    this.#schedulePump();
    void this.#waitUntilSettled(Number.POSITIVE_INFINITY, budgetMs).then((drained) => {
      this.#exitFlushing = false;
      this.#draining = this.#closed;
      if (drained) return;
      const dropped = this.#abandonAll('exit');
      if (dropped > 0) {
        this.#report(
          'exit',
          dropped,
          `process exiting: dropped ${dropped} undelivered items after ${exitTimeoutMs} ms (exit)`,
        );
      }
    });
  }

  #dispose(): void {
    if (this.#intervalTimer !== undefined) clearTimeout(this.#intervalTimer);
    this.#intervalTimer = undefined;
    this.#unwatchExit();
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
