import type { TransportStats } from './types.js';

/** Drop and delivery counters for transports that write synchronously. */
export class DeliveryCounters {
  enqueued = 0;
  sent = 0;
  private readonly dropped: Record<string, number> = Object.create(null);
  private droppedTotal = 0;
  private droppedAtPush = 0;

  /** A record accepted, then not delivered. */
  drop(reason: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
    this.droppedTotal++;
  }

  /** A record refused at write(): never enqueued. */
  refuse(reason: string): void {
    this.drop(reason);
    this.droppedAtPush++;
  }

  snapshot(bufferedBytes = 0): TransportStats {
    return {
      enqueued: this.enqueued,
      sent: this.sent,
      retried: 0,
      dropped: { ...this.dropped },
      droppedTotal: this.droppedTotal,
      droppedAtPush: this.droppedAtPush,
      inFlight: 0,
      bufferedEvents: 0,
      bufferedBytes,
    };
  }
}
