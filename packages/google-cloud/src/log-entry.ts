// A pending entry as the `Entry` that Log.write sends, built when its batch goes out: the
// payload parsed back from core's JSON (always valid, so always a plain object), the trace in
// the project's name form, and, when the entry could exceed the service's size limit, the
// payload cut to fit, measured as the service measures it.
import type { Entry } from '@google-cloud/logging';
import { fitPayload } from './fit-payload.js';
import { insertIdOf } from './insert-id.js';
import { MAX_ENTRY_BYTES } from './limits.js';
import type { PendingEntry } from './pending-entry.js';
import { severityOf } from './severity.js';
import type { Target } from './target.js';
import { traceFieldsOf } from './trace.js';
import { utf8Bytes } from './wire-size.js';

/**
 * Most protobuf bytes one byte of JSON can become: a list of one-digit numbers, `1,` (2 bytes)
 * encoded as a ListValue item holding a double (11 bytes). Payloads whose JSON times this
 * cannot reach the limit skip the exact measurement.
 */
const MAX_WIRE_BYTES_PER_JSON_BYTE = 6;

/** Room left under the limit for what the estimate of the metadata may miss. */
const SAFETY_BYTES = 512;

/** The jsonPayload field's own tag and length. */
const PAYLOAD_FIELD_BYTES = 6;

export function logEntryOf(pending: PendingEntry, target: Target): Entry {
  const seconds = Math.floor(pending.time / 1000);
  const nanos = Math.min(999_999_999, Math.max(0, Math.round((pending.time - seconds * 1000) * 1e6)));
  const metadata: Record<string, unknown> = {
    timestamp: { seconds, nanos },
    severity: severityOf(pending.level),
    insertId: insertIdOf(pending.seq),
  };
  const trace = traceFieldsOf(pending.trace, target.projectId);
  if (trace !== undefined) Object.assign(metadata, trace);
  if (pending.httpRequest !== undefined) {
    metadata.httpRequest = pending.httpRequest;
    metadata.logName = target.requestLogName;
  }
  if (pending.sourceLocation !== undefined) metadata.sourceLocation = pending.sourceLocation;

  let data = JSON.parse(pending.payload) as Record<string, unknown>;
  const overhead =
    target.inheritedBytes +
    (pending.httpRequest === undefined ? target.logNameBytes : 0) +
    metadataBytes(metadata) +
    PAYLOAD_FIELD_BYTES +
    SAFETY_BYTES;
  if (pending.payloadBytes * MAX_WIRE_BYTES_PER_JSON_BYTE + overhead > MAX_ENTRY_BYTES) {
    data = fitPayload(data, MAX_ENTRY_BYTES - overhead);
  }
  return target.log.entry(metadata, data);
}

/**
 * An upper bound of the encoded size of the entry's metadata: each string costs its bytes plus
 * a two-byte tag and a varint length, each number a tag and a 64-bit value.
 */
function metadataBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return utf8Bytes(value) + 6;
    case 'number':
      return 12;
    case 'boolean':
      return 4;
    case 'object': {
      if (value === null) return 0;
      let size = 6;
      for (const member of Object.values(value)) size += metadataBytes(member);
      return size;
    }
    default:
      return 0;
  }
}
