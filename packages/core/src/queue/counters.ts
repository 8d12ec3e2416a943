import type { DropReason, QueueStats } from './types.js';

/** The numbers behind `BatchQueue.stats()`; see {@link QueueStats} for what each one means. @internal */
export class QueueCounters {
  enqueued = 0;
  sent = 0;
  retried = 0;
  droppedTotal = 0;
  droppedAtPush = 0;
  inFlight = 0;
  bufferedEvents = 0;
  bufferedBytes = 0;
  batches = 0;
  failures = 0;
  lastError: string | undefined;
  readonly #dropped = new Map<DropReason, number>();

  countDrop(reason: DropReason, count: number): void {
    this.#dropped.set(reason, (this.#dropped.get(reason) ?? 0) + count);
    this.droppedTotal += count;
  }

  /** Takes `events` items of `bytes` out of the buffer, from the waiting part or from the part in flight. */
  release(events: number, bytes: number, wasInFlight: boolean): void {
    if (wasInFlight) this.inFlight -= events;
    this.bufferedEvents -= events;
    // Reset rather than subtract at the end, so fractional sizes cannot leave rounding dust.
    this.bufferedBytes = this.bufferedEvents === 0 ? 0 : this.bufferedBytes - bytes;
  }

  snapshot(): QueueStats {
    const stats: QueueStats = {
      enqueued: this.enqueued,
      sent: this.sent,
      retried: this.retried,
      // fromEntries defines own properties, so even a sink's reason '__proto__' is a plain key.
      dropped: Object.fromEntries(this.#dropped),
      droppedTotal: this.droppedTotal,
      droppedAtPush: this.droppedAtPush,
      inFlight: this.inFlight,
      bufferedEvents: this.bufferedEvents,
      bufferedBytes: this.bufferedBytes,
      batches: this.batches,
      failures: this.failures,
    };
    return this.lastError === undefined ? stats : { ...stats, lastError: this.lastError };
  }
}
