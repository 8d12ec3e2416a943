/**
 * A run of consecutive pushed items. Items get consecutive sequence numbers at push, so a
 * batch (and each half of a split batch) covers `firstSeq .. firstSeq + items.length - 1`.
 * @internal
 */
export interface Batch<T> {
  readonly items: T[];
  /** The pushed `bytes` of each item, kept to split a batch without asking the caller again. */
  readonly sizes: number[];
  bytes: number;
  readonly firstSeq: number;
  /** Failed attempts so far; passed to `send` as `context.attempt`. */
  attempt: number;
  /** True for split halves: their first send already counts as a re-send. */
  readonly isResend: boolean;
  /** Next batch in the waiting list. */
  next: Batch<T> | undefined;
}

function newBatch<T>(firstSeq: number, items: T[], sizes: number[], isResend: boolean): Batch<T> {
  let bytes = 0;
  for (const size of sizes) bytes += size;
  return { items, sizes, bytes, firstSeq, attempt: 0, isResend, next: undefined };
}

/** Halves a batch (the first half gets the extra item); both halves start at attempt 0. @internal */
export function splitBatch<T>(batch: Batch<T>): [Batch<T>, Batch<T>] {
  const middle = Math.ceil(batch.items.length / 2);
  return [
    newBatch(batch.firstSeq, batch.items.slice(0, middle), batch.sizes.slice(0, middle), true),
    newBatch(batch.firstSeq + middle, batch.items.slice(middle), batch.sizes.slice(middle), true),
  ];
}

export interface BatchLimits<T> {
  readonly maxBatchEvents: number;
  readonly maxBatchBytes: number;
  readonly canAppend: ((batchFirst: T, batchLast: T, item: T) => boolean) | undefined;
  /** Called when `canAppend` throws; the item then starts a new batch. */
  readonly onCanAppendError: (error: unknown) => void;
}

/**
 * The items waiting to be sent, already cut into batches as they arrive: a linked list of
 * full batches, then one open (partial) batch. Cutting at push keeps `push()` O(1) and lets
 * the queue know at once when a full batch is ready, without ever scanning or shifting items.
 * @internal
 */
export class WaitingBatches<T> {
  /** Items waiting, in full batches and the open one. */
  events = 0;
  private fullHead: Batch<T> | undefined;
  private fullTail: Batch<T> | undefined;
  private open: Batch<T> | undefined;

  constructor(private readonly limits: BatchLimits<T>) {}

  /** Appends an accepted item, cutting the open batch first if the item does not fit in it. */
  append(item: T, bytes: number, seq: number): void {
    const limits = this.limits;
    let open = this.open;
    if (open !== undefined && !this.fits(open, item, bytes)) {
      this.closeOpen();
      open = undefined;
    }
    if (open === undefined) {
      open = newBatch<T>(seq, [], [], false);
      this.open = open;
    }
    open.items.push(item);
    open.sizes.push(bytes);
    open.bytes += bytes;
    this.events++;
    // A batch that can take nothing more is sent now rather than when the next item arrives.
    if (open.items.length >= limits.maxBatchEvents || open.bytes >= limits.maxBatchBytes) this.closeOpen();
  }

  /** True when a full batch is waiting. */
  get hasFull(): boolean {
    return this.fullHead !== undefined;
  }

  /** Sequence number of the oldest waiting item, or undefined when nothing waits. */
  get firstSeq(): number | undefined {
    return (this.fullHead ?? this.open)?.firstSeq;
  }

  /** True when a partial batch is waiting. */
  get hasOpen(): boolean {
    return this.open !== undefined;
  }

  /**
   * Takes the oldest batch: a full one, else the open one if `takeOpenBefore` says it is due
   * (its first item's sequence number is below it). Returns undefined when nothing may go.
   */
  take(takeOpenBefore: number): Batch<T> | undefined {
    let batch = this.fullHead;
    if (batch !== undefined) {
      this.fullHead = batch.next;
      if (this.fullHead === undefined) this.fullTail = undefined;
      batch.next = undefined;
    } else if (this.open !== undefined && this.open.firstSeq < takeOpenBefore) {
      batch = this.open;
      this.open = undefined;
    } else {
      return undefined;
    }
    this.events -= batch.items.length;
    return batch;
  }

  /** Removes and returns every waiting batch, oldest first. */
  takeAll(): Batch<T>[] {
    const all: Batch<T>[] = [];
    for (let batch = this.take(Number.POSITIVE_INFINITY); batch !== undefined; ) {
      all.push(batch);
      batch = this.take(Number.POSITIVE_INFINITY);
    }
    return all;
  }

  private fits(open: Batch<T>, item: T, bytes: number): boolean {
    const limits = this.limits;
    if (open.items.length >= limits.maxBatchEvents || open.bytes + bytes > limits.maxBatchBytes) return false;
    if (limits.canAppend === undefined) return true;
    try {
      return Boolean(limits.canAppend(open.items[0] as T, open.items[open.items.length - 1] as T, item));
    } catch (error) {
      limits.onCanAppendError(error);
      return false;
    }
  }

  private closeOpen(): void {
    const open = this.open;
    if (open === undefined) return;
    this.open = undefined;
    if (this.fullTail === undefined) this.fullHead = open;
    else this.fullTail.next = open;
    this.fullTail = open;
  }
}
