// Faults on demand: each is scoped to an operation and answers the next N matching calls, or a
// seeded fraction of them. Faults compose in the order they were added: a call takes the first
// one that applies to it, so `throttle({ times: 2 })` then `unavailable()` gives two throttles,
// then one 503, then normal answers.

import type { CloudWatchFaultScope, CloudWatchOperation } from './types.js';

export type FaultAction =
  | { readonly kind: 'error'; readonly type: string | undefined; readonly message: string; readonly status: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'delay'; readonly delayMs: number };

interface ActiveFault {
  readonly operation: CloudWatchOperation | '*';
  readonly rate: number | undefined;
  readonly random: () => number;
  readonly action: FaultAction;
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(scope: CloudWatchFaultScope, action: FaultAction): void {
    const { operation = 'PutLogEvents', rate, seed = 1 } = scope;
    const times = scope.times ?? (rate === undefined ? 1 : Number.POSITIVE_INFINITY);
    if (!(times >= 1) || (Number.isFinite(times) && !Number.isInteger(times))) {
      throw new TypeError(`fault option times must be a positive integer, got ${String(scope.times)}`);
    }
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
      throw new TypeError(`fault option rate must be between 0 and 1, got ${String(rate)}`);
    }
    if (action.kind === 'delay' && !(action.delayMs >= 0 && Number.isFinite(action.delayMs))) {
      throw new TypeError(`fault option delayMs must be a finite number >= 0, got ${String(action.delayMs)}`);
    }
    this.faults.push({ operation, rate, random: seededRandom(seed), action, remaining: times });
  }

  /** The fault that answers this call, if any; it counts as one of that fault's uses. */
  take(operation: CloudWatchOperation): FaultAction | undefined {
    for (const fault of this.faults) {
      if (fault.operation !== '*' && fault.operation !== operation) continue;
      if (fault.rate !== undefined && !(fault.random() < fault.rate)) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((other) => other !== fault);
      return fault.action;
    }
    return undefined;
  }

  /** Number of faults still armed. */
  get pending(): number {
    return this.faults.length;
  }

  clear(): void {
    this.faults = [];
  }
}

/** mulberry32: small, fast and good enough to make fault fractions repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
