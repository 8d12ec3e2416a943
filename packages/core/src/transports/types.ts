import type { LevelInput } from '../levels.js';
import type { LogRecord } from '../record.js';

/**
 * Where records go. `write()` is synchronous, O(1), never throws and never returns a promise:
 * shipping over a network happens later, off the request path (see BatchQueue).
 */
export interface Transport {
  /** Records below this level are not passed to `write()`. @default every level */
  readonly level?: LevelInput | undefined;
  /** Takes one record. Must format what it needs now: `record.fields` belongs to the caller. */
  write(record: LogRecord): void;
  /** Resolves when everything written before the call is delivered or counted as dropped, or at the deadline. */
  flush?(timeoutMs?: number): Promise<unknown>;
  /** Flushes within the deadline, then releases what the transport owns. */
  close?(timeoutMs?: number): Promise<void>;
  stats?(): TransportStats;
}

/**
 * What a transport did: the same counters for a stream and for a network transport. They add
 * up: `enqueued + droppedAtPush === sent + droppedTotal + bufferedEvents`.
 */
export interface TransportStats {
  /** Records accepted by write() (not counting those refused at once: see droppedAtPush). */
  readonly enqueued: number;
  /** Records delivered (written to the stream, or accepted by the service). */
  readonly sent: number;
  /** Re-sends after a failed attempt. */
  readonly retried: number;
  /** Records not delivered, by reason (`queue_full`, `closed`, `write_error`, …). */
  readonly dropped: Readonly<Record<string, number>>;
  readonly droppedTotal: number;
  /** The part of droppedTotal refused at write() itself (buffer full, closed): never enqueued. */
  readonly droppedAtPush: number;
  /** Records in requests under way. */
  readonly inFlight: number;
  /** Records waiting or in flight. */
  readonly bufferedEvents: number;
  /** Bytes waiting or in flight. */
  readonly bufferedBytes: number;
}

/** Called with internal failures of a transport; never receives them back through a logger. */
export type ErrorHandler = (error: Error) => void;
