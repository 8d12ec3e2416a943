import { createWriteStream, openSync } from 'node:fs';
import { defaultJson } from '../formats/json.js';
import { template } from '../formats/template.js';
import type { Format } from '../formats/types.js';
import type { LevelInput } from '../levels.js';
import type { LogRecord } from '../record.js';
import { createErrorReporter } from '../report-error.js';
import { messageOf } from '../serialize.js';
import { DeliveryCounters } from './counters.js';
import type { ErrorHandler, Transport, TransportStats } from './types.js';

/** Anything with a `write(chunk)` method: process.stdout, a file stream, a socket, a test double. */
export interface Destination {
  write(chunk: string): unknown;
}

export interface StreamTransportOptions {
  /** Where lines go; a string is a file path, opened for appending. @default process.stdout */
  readonly destination?: Destination | string;
  /** How records become lines; a string is a template(). @default json() */
  readonly format?: Format | string;
  /** Lowest level written. @default every level the logger lets through */
  readonly level?: LevelInput;
  /** Internal failures (a closed pipe, a full disk). @default one rate-limited line on stderr */
  readonly onError?: ErrorHandler;
}

export interface StreamTransport extends Transport {
  readonly destination: Destination;
}

type WritableLike = Destination & {
  on?: (event: string, listener: (...args: unknown[]) => void) => unknown;
  once?: (event: string, listener: (...args: unknown[]) => void) => unknown;
  off?: (event: string, listener: (...args: unknown[]) => void) => unknown;
  end?: (callback?: () => void) => unknown;
  writableLength?: number;
  writableNeedDrain?: boolean;
  destroyed?: boolean;
};

// Streams already given an 'error' listener, so an EPIPE on stdout is reported, not fatal.
const guarded = new WeakSet<object>();

/** Writes each record as one line to a stream: stdout by default, a file, or any writable. */
export function stream(options: StreamTransportOptions = {}): StreamTransport {
  const format = resolveFormat(options.format);
  const onError = options.onError ?? createErrorReporter('stream');
  if (typeof onError !== 'function') throw new TypeError('cloudlog: stream({ onError }) must be a function');
  const owned = typeof options.destination === 'string';
  const destination = openDestination(options.destination);
  const counters = new DeliveryCounters();
  let closed = false;

  const report = (error: unknown): void => {
    try {
      onError(error instanceof Error ? error : new Error(messageOf(error)));
    } catch {}
  };
  const target = destination as WritableLike;
  if (typeof target.on === 'function' && !guarded.has(target)) {
    guarded.add(target);
    target.on('error', report);
  }

  return {
    level: options.level,
    destination,
    write(record: LogRecord): void {
      if (closed) {
        counters.refuse('closed');
        return;
      }
      counters.enqueued++;
      try {
        destination.write(`${format.format(record)}\n`);
        counters.sent++;
      } catch (error) {
        counters.drop('write_error');
        report(error);
      }
    },
    flush: (timeoutMs = 10_000) => drained(target, timeoutMs),
    async close(timeoutMs = 10_000): Promise<void> {
      if (closed) return;
      closed = true;
      await drained(target, timeoutMs);
      if (owned && typeof target.end === 'function' && !target.destroyed) {
        await withDeadline(new Promise<void>((resolve) => target.end?.(() => resolve())), timeoutMs);
      }
    },
    stats: (): TransportStats => counters.snapshot(target.writableLength ?? 0),
  };
}

function resolveFormat(format: Format | string | undefined): Format {
  if (format === undefined) return defaultJson;
  if (typeof format === 'string') return template(format);
  if (typeof format !== 'object' || format === null || typeof format.format !== 'function') {
    throw new TypeError(
      'cloudlog: format must be json(), template(...), pretty(), a template string or { format(record) }',
    );
  }
  return format;
}

function openDestination(destination: Destination | string | undefined): Destination {
  if (destination === undefined) return process.stdout;
  if (typeof destination === 'string') {
    let fd: number;
    try {
      fd = openSync(destination, 'a');
    } catch (error) {
      throw new TypeError(`cloudlog: cannot open log file ${JSON.stringify(destination)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return createWriteStream(destination, { fd, flags: 'a' });
  }
  if (typeof destination !== 'object' || destination === null || typeof destination.write !== 'function') {
    throw new TypeError('cloudlog: destination must be a file path or an object with a write(chunk) method');
  }
  return destination;
}

/** Waits until a stream's buffered writes are done (or the deadline); plain objects are always drained. */
function drained(target: WritableLike, timeoutMs: number): Promise<void> {
  if (!target.writableLength || target.destroyed) return Promise.resolve();
  // Writes complete in order: the callback of an empty write runs once all earlier ones are out.
  return withDeadline(
    new Promise<void>((resolve) => {
      try {
        (target.write as (chunk: string, callback: () => void) => unknown)('', () => resolve());
      } catch {
        resolve();
      }
    }),
    timeoutMs,
  );
}

function withDeadline(promise: Promise<void>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
