import { describeError, describeValue } from '../report-error.js';
import { fullJitterDelay } from './backoff.js';
import { type Batch, splitBatch } from './batch.js';
import type { QueueCounters } from './counters.js';
import { classifyFailure } from './disposition.js';
import type { ResolvedOptions } from './options.js';
import { isPromiseLike, readSinkDrops } from './send-outcome.js';
import type { DropReason } from './types.js';

/**
 * One send slot: the batch being sent (or waiting for its retry) on top of the stack, the
 * halves of split batches below it, lowest sequence number on top, so halves go out in order.
 */
interface Slot<T> {
  readonly stack: Batch<T>[];
  timer: NodeJS.Timeout | undefined;
  controller: AbortController | undefined;
  /** Set when a deadline dropped this slot's items: a late result of its send is ignored. */
  abandoned: boolean;
}

/** What the slots need from their queue. @internal */
export interface SendSlotsHost<T> {
  readonly options: ResolvedOptions<T>;
  readonly counters: QueueCounters;
  report(reason: DropReason, count: number, text: string, cause?: unknown): void;
  /** A timer that follows the queue's keep-alive rule (unref'd unless someone awaits the queue). */
  startTimer(callback: () => void, delayMs: number): NodeJS.Timeout;
  /** Called after items were sent or dropped, with the counters already updated. */
  settled(): void;
}

/**
 * The batches taken out of the waiting list, up to `maxInFlight` at once: sends them and
 * applies `classifyError`'s verdict on failure (backoff and retry the same batch, split it,
 * or drop it), until every item is counted as sent or dropped.
 * @internal
 */
export class SendSlots<T> {
  readonly #slots = new Set<Slot<T>>();

  constructor(private readonly host: SendSlotsHost<T>) {}

  get size(): number {
    return this.#slots.size;
  }

  /** Takes a free slot for `batch` and sends it. The caller checks `size < maxInFlight`. */
  start(batch: Batch<T>): void {
    this.host.counters.inFlight += batch.items.length;
    const slot: Slot<T> = { stack: [batch], timer: undefined, controller: undefined, abandoned: false };
    this.#slots.add(slot);
    this.#send(slot);
  }

  /** Lowest sequence number of an item in a slot, Infinity when all slots are free. */
  oldestSeq(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const slot of this.#slots) {
      const top = slot.stack[slot.stack.length - 1];
      if (top !== undefined && top.firstSeq < oldest) oldest = top.firstSeq;
    }
    return oldest;
  }

  /** Refs or unrefs the backoff timers. */
  refTimers(ref: boolean): void {
    for (const { timer } of this.#slots) {
      if (timer !== undefined) ref ? timer.ref() : timer.unref();
    }
  }

  /**
   * Gives up every slot (a deadline passed): clears backoff timers, aborts pending sends
   * (`context.signal`), releases the items without counting them; returns how many.
   */
  abandonAll(): number {
    let count = 0;
    for (const slot of this.#slots) {
      slot.abandoned = true;
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      slot.timer = undefined;
      try {
        slot.controller?.abort();
      } catch {
        // An abort listener of the sink threw; the items are dropped all the same.
      }
      slot.controller = undefined;
      for (const batch of slot.stack.splice(0)) {
        count += batch.items.length;
        this.host.counters.release(batch.items.length, batch.bytes, true);
      }
    }
    this.#slots.clear();
    return count;
  }

  #send(slot: Slot<T>): void {
    const batch = slot.stack[slot.stack.length - 1];
    if (slot.abandoned || batch === undefined) return;
    if (batch.attempt > 0 || batch.isResend) this.host.counters.retried += batch.items.length;
    const controller = new AbortController();
    slot.controller = controller;
    let pending: unknown;
    try {
      pending = this.host.options.send(batch.items, { attempt: batch.attempt, signal: controller.signal });
    } catch (error) {
      this.#failed(slot, batch, error);
      return;
    }
    if (!isPromiseLike(pending)) {
      this.#failed(slot, batch, new TypeError(`send must return a promise, got ${describeValue(pending)}`));
      return;
    }
    Promise.resolve(pending).then(
      (result) => this.#succeeded(slot, batch, result),
      (error: unknown) => this.#failed(slot, batch, error),
    );
  }

  /** Sends the slot's next batch on a fresh stack: a split or a settle never recurses into send. */
  #sendSoon(slot: Slot<T>): void {
    queueMicrotask(() => {
      try {
        this.#send(slot);
      } catch (error) {
        this.host.report('internal', 0, 'sending failed unexpectedly', error);
      }
    });
  }

  #succeeded(slot: Slot<T>, batch: Batch<T>, result: unknown): void {
    if (slot.abandoned || slot.stack[slot.stack.length - 1] !== batch) return;
    try {
      const counters = this.host.counters;
      const count = batch.items.length;
      const drops = readSinkDrops(result, count);
      let dropped = 0;
      for (const [reason, n] of drops ?? []) {
        counters.countDrop(reason, n);
        dropped += n;
      }
      counters.batches++;
      counters.sent += count - dropped;
      this.#finishTop(slot);
      if (drops !== undefined) {
        const list = [...drops].map(([reason, n]) => `${reason}: ${n}`).join(', ');
        const [firstReason = 'rejected'] = drops.keys();
        this.host.report(firstReason, dropped, `the sink rejected ${dropped} of ${count} items (${list})`);
      }
    } catch (error) {
      this.host.report('internal', 0, 'handling a send result failed unexpectedly', error);
    }
  }

  #failed(slot: Slot<T>, batch: Batch<T>, error: unknown): void {
    if (slot.abandoned || slot.stack[slot.stack.length - 1] !== batch) return;
    const { options, counters } = this.host;
    try {
      const description = describeError(error);
      counters.failures++;
      counters.lastError = description;
      const { disposition, problem } = classifyFailure(options.classifyError, error, batch.items);
      const count = batch.items.length;
      const attempts = batch.attempt + 1;
      const failed = `send of ${count} ${count === 1 ? 'item' : 'items'} failed`;
      let reason: DropReason;
      let outcome: string;
      if (disposition.action === 'drop' || (disposition.action === 'split' && count === 1)) {
        reason = disposition.reason;
        outcome = `${failed}, dropped (${reason})`;
        counters.countDrop(reason, count);
        this.#finishTop(slot);
      } else if (disposition.action === 'split') {
        const [first, second] = splitBatch(batch);
        slot.stack.pop();
        slot.stack.push(second, first);
        reason = disposition.reason;
        outcome = `${failed} (${reason}), sending it as ${first.items.length} + ${second.items.length}`;
        this.#sendSoon(slot);
      } else if (attempts >= options.maxAttempts) {
        reason = 'retries_exhausted';
        outcome = `${failed} ${attempts} times, dropped (${reason})`;
        counters.countDrop(reason, count);
        this.#finishTop(slot);
      } else {
        const { baseDelayMs, maxDelayMs, maxAttempts, random } = options;
        const delayMs = disposition.delayMs ?? fullJitterDelay(batch.attempt, baseDelayMs, maxDelayMs, random);
        batch.attempt = attempts;
        slot.timer = this.host.startTimer(() => {
          slot.timer = undefined;
          this.#send(slot);
        }, delayMs);
        reason = disposition.reason ?? 'send_failed';
        const attempt = maxAttempts === Number.POSITIVE_INFINITY ? `${attempts}` : `${attempts} of ${maxAttempts}`;
        const why = disposition.reason === undefined ? '' : `, ${reason}`;
        outcome = `${failed} (attempt ${attempt}${why}), retrying in ${Math.round(delayMs)} ms`;
      }
      // Reported last, once the counters are consistent: onError may well push to another queue.
      if (problem !== undefined) this.host.report('callback_error', count, problem.message, problem.cause);
      this.host.report(reason, count, `${outcome}: ${description}`, error);
    } catch (internal) {
      this.host.report('internal', 0, 'handling a failed send failed unexpectedly', internal);
    }
  }

  /** Releases the top batch of a slot (already counted as sent or dropped) and moves on. */
  #finishTop(slot: Slot<T>): void {
    const batch = slot.stack.pop();
    if (batch === undefined) return;
    slot.controller = undefined;
    this.host.counters.release(batch.items.length, batch.bytes, true);
    if (slot.stack.length > 0) this.#sendSoon(slot);
    else this.#slots.delete(slot);
    this.host.settled();
  }
}
