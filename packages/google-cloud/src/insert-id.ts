// insertIds: unique and increasing within the process. Cloud Logging orders entries with the
// same timestamp by insertId and drops an entry whose insertId and timestamp repeat one it
// already has, so ids must never repeat and should sort in logging order.
// @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry (insertId)
import { randomBytes } from 'node:crypto';

interface Sequence {
  /** Identifies this process run: start time and randomness, so that restarts never reuse an id. */
  readonly prefix: string;
  next: number;
}

// One sequence per process, shared by every transport and by the ESM and CommonJS builds, so
// that ids increase across all of them: the whole point of the sequence is a process-wide order.
const KEY = Symbol.for('cloudlog.google-cloud.insert-id.v1');
const holder = globalThis as unknown as Record<symbol, Sequence | undefined>;
holder[KEY] ??= {
  prefix: `${Date.now().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}-`,
  next: 0,
};
const sequence: Sequence = holder[KEY];

/** Width of the counter: base 36, fixed, so that ids sort as text in the order they were taken. */
const WIDTH = 10;

/** Takes the next number of the process-wide sequence. */
export function nextInsertSeq(): number {
  return sequence.next++;
}

/** The insertId of a sequence number, e.g. `lx3k9w2ab1f2c3d4-000000002s`. */
export function insertIdOf(seq: number): string {
  return sequence.prefix + seq.toString(36).padStart(WIDTH, '0');
}
