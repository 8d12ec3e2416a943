import { MAX_BATCH_SPAN_MS } from './limits.js';

/**
 * One formatted record waiting to be sent: exactly the `InputLogEvent` members PutLogEvents takes
 * (the SDK serializes only those), plus the time span of the batch it opens.
 */
export class PendingEvent {
  /**
   * Earliest and latest timestamp of the batch this event is the first of, once a second event
   * joined it. Left undefined on every other event: no boxed numbers allocated per write.
   */
  spanMin: number | undefined = undefined;
  spanMax: number | undefined = undefined;

  constructor(
    /** Epoch milliseconds. */
    readonly timestamp: number,
    readonly message: string,
  ) {}
}

/**
 * The queue's `canAppend` rule for "at most 24 hours between the first and last event of a
 * batch". Records may arrive slightly out of order, so the span is kept as min and max on the
 * batch's first event, widened each time an event joins. The queue appends `item` exactly
 * when this returns true.
 */
export function withinBatchSpan(batchFirst: PendingEvent, _batchLast: PendingEvent, item: PendingEvent): boolean {
  const time = item.timestamp;
  const min = Math.min(time, batchFirst.spanMin ?? batchFirst.timestamp);
  const max = Math.max(time, batchFirst.spanMax ?? batchFirst.timestamp);
  if (max - min > MAX_BATCH_SPAN_MS) return false;
  batchFirst.spanMin = min;
  batchFirst.spanMax = max;
  return true;
}

const byTimestamp = (a: PendingEvent, b: PendingEvent): number => a.timestamp - b.timestamp;

/**
 * The batch in chronological order, as PutLogEvents requires (an unsorted batch fails whole).
 * Returns the queue's own array when it is already sorted (the usual case: one O(n) pass);
 * otherwise a sorted copy (stable: equal timestamps keep the order they were logged in).
 */
export function inTimeOrder(batch: readonly PendingEvent[]): readonly PendingEvent[] {
  for (let i = 1; i < batch.length; i++) {
    if ((batch[i] as PendingEvent).timestamp < (batch[i - 1] as PendingEvent).timestamp) {
      return batch.slice().sort(byTimestamp);
    }
  }
  return batch;
}
