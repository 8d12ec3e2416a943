import { contextState } from './context.js';
import type { Format } from './formats/types.js';
import { levels, parseLevel } from './levels.js';
import type { LogRecord } from './record.js';
import { compileRedaction, type RedactOptions, type Redactor } from './redact.js';
import { createErrorReporter } from './report-error.js';
import { messageOf } from './serialize.js';
import { type Destination, stream } from './transports/stream.js';
import type { ErrorHandler, Transport } from './transports/types.js';

/** Where a logger tree sends records; shared by a logger and all its children. */
export interface HubOptions {
  readonly transports?: Transport | readonly Transport[];
  readonly format?: Format | string;
  readonly destination?: Destination | string;
  readonly redact?: readonly string[] | RedactOptions;
  readonly onError?: ErrorHandler;
}

interface Entry {
  readonly transport: Transport;
  readonly min: number;
}

export class Hub {
  entries: readonly Entry[] = [];
  /** Lowest level any transport takes: loggers skip records below it early. */
  minTransport: number = levels.trace;
  redact: Redactor | undefined;
  onError: ErrorHandler = createErrorReporter('logger');
  /** Records dispatched so far (lets the exit helper skip a flush when nothing is new). */
  dispatched = 0;

  constructor(options: HubOptions) {
    this.apply(options);
  }

  /** Validates every option first, then swaps them in; returns the transports no longer used. */
  apply(options: HubOptions): Transport[] {
    const transports = resolveTransports(options);
    const redact = compileRedaction(options.redact);
    if (options.onError !== undefined && typeof options.onError !== 'function') {
      throw new TypeError('cloudlog: onError must be a function');
    }
    const entries = transports.map((transport) => ({
      transport,
      min: transport.level === undefined ? levels.trace : levels[parseLevel(transport.level, 'transport level')],
    }));
    const removed = this.entries.map((e) => e.transport).filter((t) => !transports.includes(t));
    this.entries = entries;
    this.minTransport = entries.length === 0 ? levels.silent : Math.min(...entries.map((e) => e.min));
    this.redact = redact;
    if (options.onError !== undefined) this.onError = options.onError;
    contextState.epoch++;
    return removed;
  }

  dispatch(record: LogRecord): void {
    this.dispatched++;
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Entry;
      if (record.level < entry.min) continue;
      try {
        entry.transport.write(record);
      } catch (error) {
        this.report(error);
      }
    }
  }

  report(error: unknown): void {
    try {
      this.onError(error instanceof Error ? error : new Error(messageOf(error)));
    } catch {}
  }

  async flush(timeoutMs: number): Promise<void> {
    await settleAll(this.entries.map((e) => e.transport.flush?.(timeoutMs)));
  }

  async close(timeoutMs: number): Promise<void> {
    const transports = this.entries.map((e) => e.transport);
    this.entries = [];
    this.minTransport = levels.silent;
    contextState.epoch++;
    await closeTransports(transports, timeoutMs);
  }
}

export async function closeTransports(transports: readonly Transport[], timeoutMs: number): Promise<void> {
  await settleAll(transports.map((t) => t.close?.(timeoutMs) ?? t.flush?.(timeoutMs)));
}

async function settleAll(promises: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  await Promise.allSettled(promises.map((p) => p ?? Promise.resolve()));
}

function resolveTransports(options: HubOptions): Transport[] {
  if (options.transports === undefined) {
    return [stream({ destination: options.destination, format: options.format })];
  }
  if (options.format !== undefined || options.destination !== undefined) {
    throw new TypeError(
      'cloudlog: format and destination configure the default stdout transport; with transports, give each transport its own format',
    );
  }
  const list = (Array.isArray(options.transports) ? options.transports : [options.transports]) as unknown[];
  list.forEach((t, i) => {
    if (typeof t !== 'object' || t === null || typeof (t as Transport).write !== 'function') {
      throw new TypeError(`cloudlog: transports[${i}] is not a transport (an object with a write(record) method)`);
    }
  });
  return list as Transport[];
}
