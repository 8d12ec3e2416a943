import type { TransportStats } from './types.js';

/** Drop and delivery counters for transports that write synchronously. */
export class DeliveryCounters {
  enqueued = 0;
  sent = 0;
  private readonly dropped: Record<string, number> = Object.create(null);
  private droppedTotal = 0;

  drop(reason: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
    this.droppedTotal++;
  }

  snapshot(bufferedBytes = 0): TransportStats {
    return {
      enqueued: this.enqueued,
      sent: this.sent,
      retried: 0,
      dropped: { ...this.dropped },
      droppedTotal: this.droppedTotal,
      inFlight: 0,
      bufferedEvents: 0,
      bufferedBytes,
    };
  }
}
