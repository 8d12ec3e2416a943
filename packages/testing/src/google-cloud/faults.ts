// Faults injected on demand: the next N calls fail with a status or hang, or a fraction of
// calls fail. One-shot faults are used first, in the order they were added.
import { status } from '@grpc/grpc-js';
import type { LoggingMethod } from './protos.js';

/** A gRPC status, by name (`'UNAVAILABLE'`) or number (`14`). */
export type FaultCode = Exclude<keyof typeof status, 'OK'> | number;

export interface FaultOptions {
  /**
   * Which calls the fault applies to.
   * @default 'WriteLogEntries'
   */
  readonly method?: LoggingMethod | '*';
  /** Status message; a default in the service's wording is used when omitted. */
  readonly message?: string;
}

export interface FailNextOptions extends FaultOptions {
  /** @default 1 */
  readonly times?: number;
}

export interface FailRandomlyOptions extends FaultOptions {
  /** Source of randomness in [0, 1), for reproducible runs. @default Math.random */
  readonly random?: () => number;
}

export interface HangNextOptions {
  /** @default 1 */
  readonly times?: number;
  /** @default 'WriteLogEntries' */
  readonly method?: LoggingMethod | '*';
  /**
   * Answer (and apply the write) after this many milliseconds instead of never. The client's
   * deadline may fire first, yet the entries still land: what a slow real service does.
   */
  readonly delayMs?: number;
}

export type Fault =
  | { readonly kind: 'fail'; readonly code: number; readonly message: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'delay'; readonly delayMs: number };

interface QueuedFault {
  readonly method: LoggingMethod | '*';
  remaining: number;
  readonly fault: Fault;
}

interface RandomFault {
  readonly method: LoggingMethod | '*';
  readonly fraction: number;
  readonly random: () => number;
  readonly fault: Fault;
}

const DEFAULT_MESSAGES: Partial<Record<number, string>> = {
  [status.UNAVAILABLE]: 'The service is currently unavailable.',
  [status.RESOURCE_EXHAUSTED]:
    "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute' of service 'logging.googleapis.com'.",
  [status.INTERNAL]: 'Internal error encountered.',
  [status.DEADLINE_EXCEEDED]: 'Deadline exceeded.',
  [status.PERMISSION_DENIED]: "Permission 'logging.logEntries.create' denied on resource (or it may not exist).",
  [status.UNAUTHENTICATED]: 'Request had invalid authentication credentials.',
};

/** Resolves a status name or number; throws a TypeError naming the valid names otherwise. */
export function statusCodeOf(code: FaultCode): number {
  if (typeof code === 'number') {
    if (Number.isInteger(code) && code > 0 && code <= 16) return code;
  } else if (typeof status[code] === 'number' && (code as string) !== 'OK') {
    return status[code];
  }
  const names = Object.keys(status).filter((k) => Number.isNaN(Number(k)) && k !== 'OK');
  throw new TypeError(`Unknown gRPC status ${String(code)}: use one of ${names.join(', ')} or a number 1-16`);
}

function failure(code: FaultCode, message: string | undefined): Fault {
  const numeric = statusCodeOf(code);
  return { kind: 'fail', code: numeric, message: message ?? DEFAULT_MESSAGES[numeric] ?? `Injected fault ${numeric}` };
}

function positiveCount(times: number | undefined): number {
  const n = times ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`times must be a positive integer, got ${String(times)}`);
  return n;
}

export class FaultPlan {
  #queue: QueuedFault[] = [];
  #random: RandomFault | undefined;

  failNext(code: FaultCode, options: FailNextOptions = {}): void {
    const fault = failure(code, options.message);
    this.#queue.push({ method: options.method ?? 'WriteLogEntries', remaining: positiveCount(options.times), fault });
  }

  failRandomly(fraction: number, code: FaultCode, options: FailRandomlyOptions = {}): void {
    if (!(fraction >= 0 && fraction <= 1)) throw new TypeError(`fraction must be in [0, 1], got ${fraction}`);
    this.#random = {
      method: options.method ?? 'WriteLogEntries',
      fraction,
      random: options.random ?? Math.random,
      fault: failure(code, options.message),
    };
  }

  hangNext(options: HangNextOptions = {}): void {
    const { delayMs } = options;
    if (delayMs !== undefined && !(delayMs >= 0)) throw new TypeError(`delayMs must be >= 0, got ${delayMs}`);
    const fault: Fault = delayMs === undefined ? { kind: 'hang' } : { kind: 'delay', delayMs };
    this.#queue.push({ method: options.method ?? 'WriteLogEntries', remaining: positiveCount(options.times), fault });
  }

  clear(): void {
    this.#queue = [];
    this.#random = undefined;
  }

  /** The fault for this call, if any, consuming one use of a one-shot fault. */
  take(method: LoggingMethod): Fault | undefined {
    const queued = this.#queue.find((q) => q.method === '*' || q.method === method);
    if (queued) {
      queued.remaining--;
      if (queued.remaining === 0) this.#queue.splice(this.#queue.indexOf(queued), 1);
      return queued.fault;
    }
    const random = this.#random;
    if (random && (random.method === '*' || random.method === method) && random.random() < random.fraction) {
      return random.fault;
    }
    return undefined;
  }
}
