import { defaultJson } from '../formats/json.js';
import type { Format } from '../formats/types.js';
import type { LevelInput, LogLevelName } from '../levels.js';
import type { LogRecord } from '../record.js';
import { DeliveryCounters } from './counters.js';
import type { Transport, TransportStats } from './types.js';

/** A record as a memory transport keeps it: the JSON line, parsed back (a deep snapshot). */
export interface CapturedRecord {
  readonly level: LogLevelName;
  readonly time: string;
  readonly name?: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface MemoryTransportOptions {
  /** Lowest level kept. @default every level the logger lets through */
  readonly level?: LevelInput;
  /** Format of `lines`; `records` are always the parsed json() line. @default json() */
  readonly format?: Format;
  /** Oldest records are forgotten past this many. @default 100_000 */
  readonly limit?: number;
}

export interface MemoryTransport extends Transport {
  readonly records: readonly CapturedRecord[];
  readonly lines: readonly string[];
  clear(): void;
  /** Resolves with the first record matching, as soon as it is written; rejects at the deadline. */
  waitFor(predicate: (record: CapturedRecord) => boolean, timeoutMs?: number): Promise<CapturedRecord>;
}

/** Keeps records in memory, for tests: `records` are plain objects, `lines` the formatted text. */
export function memory(options: MemoryTransportOptions = {}): MemoryTransport {
  const format = options.format ?? defaultJson;
  const limit = options.limit ?? 100_000;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError('cloudlog: memory({ limit }) must be a positive integer');
  const records: CapturedRecord[] = [];
  const lines: string[] = [];
  const waiters = new Set<(record: CapturedRecord) => void>();
  const counters = new DeliveryCounters();

  return {
    level: options.level,
    records,
    lines,
    write(record: LogRecord): void {
      counters.enqueued++;
      try {
        const text = defaultJson.format(record);
        const captured = JSON.parse(text) as CapturedRecord;
        records.push(captured);
        lines.push(format === defaultJson ? text : format.format(record));
        if (records.length > limit) {
          records.shift();
          lines.shift();
        }
        counters.sent++;
        for (const waiter of waiters) waiter(captured);
      } catch {
        counters.drop('format_error');
      }
    },
    clear(): void {
      records.length = 0;
      lines.length = 0;
    },
    waitFor(predicate, timeoutMs = 5_000): Promise<CapturedRecord> {
      const found = records.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (record: CapturedRecord): void => {
          if (!predicate(record)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(record);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`memory transport: no matching record within ${timeoutMs} ms (${records.length} records)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    stats: (): TransportStats => counters.snapshot(),
  };
}
