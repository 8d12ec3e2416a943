interface Waiter {
  /** Resolve once every item with a lower sequence number is sent or dropped (Infinity: once the queue is empty). */
  readonly target: number;
  readonly resolve: (settled: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The pending `flush()`, `close()` and exit-flush calls of one queue, each waiting until the
 * items pushed before it are settled, or until its deadline. Items carry consecutive sequence
 * numbers, so "pushed before the call" is exact even when a later batch settles before an
 * earlier one that is being retried: a call resolves when the oldest unsettled item is past it.
 * @internal
 */
export class SettleWaiters {
  readonly #waiters: Waiter[] = [];

  /** @param onAliveChange told when the first call starts waiting and when the last one stops. */
  constructor(private readonly onAliveChange: (alive: boolean) => void) {}

  get size(): number {
    return this.#waiters.length;
  }

  /** Resolves true once `settledBefore` (see {@link settle}) reaches `target`, false after `timeoutMs`. */
  wait(target: number, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { target, resolve, timer: undefined };
      if (timeoutMs !== Number.POSITIVE_INFINITY) {
        // Ref'd on purpose: someone awaits this, and the deadline bounds how long it holds the process.
        waiter.timer = setTimeout(() => this.#remove(waiter, false), timeoutMs);
      }
      this.#waiters.push(waiter);
      if (this.#waiters.length === 1) this.onAliveChange(true);
    });
  }

  /** Resolves every call whose items are all settled: `settledBefore` is the oldest unsettled sequence number. */
  settle(settledBefore: number): void {
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i]!;
      if (waiter.target <= settledBefore) this.#remove(waiter, true);
      else i++;
    }
  }

  #remove(waiter: Waiter, settled: boolean): void {
    const index = this.#waiters.indexOf(waiter);
    if (index === -1) return;
    this.#waiters.splice(index, 1);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    if (this.#waiters.length === 0) this.onAliveChange(false);
    waiter.resolve(settled);
  }
}
