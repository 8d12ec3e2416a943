// What write() keeps of a record for the API: everything formatted at once (the record's
// fields belong to the caller), nothing that needs the project or the client, which are only
// known once resolved. The LogEntry itself is built when its batch is sent.
import { httpAccessOf, type LogRecord, type TraceContext } from '@cloudlog/core';
import { fitPayload } from './fit-payload.js';
import { type HttpRequestFields, httpRequestOf } from './http-request.js';
import { nextInsertSeq } from './insert-id.js';
import { MAX_ENTRY_BYTES } from './limits.js';
import { payloadJson } from './payload.js';
import { type SourceLocation, sourceLocationOf } from './source-location.js';
import { utf8Bytes } from './wire-size.js';

export interface PendingEntry {
  /** Position in the process-wide insertId sequence. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly level: number;
  /** The jsonPayload as JSON text. */
  readonly payload: string;
  readonly payloadBytes: number;
  readonly trace: TraceContext | undefined;
  /** Set on an access line written as the request log. */
  readonly httpRequest: HttpRequestFields | undefined;
  readonly sourceLocation: SourceLocation | undefined;
  /** Bytes counted against the queue's bounds: payload plus metadata. */
  readonly bytes: number;
}

/** Bytes counted for an entry's metadata (timestamp, severity, insertId, trace) in the queue's estimate. */
const METADATA_ESTIMATE_BYTES = 160;

/**
 * Payloads larger than the entry limit are cut at write(), so that the buffer never holds
 * more than about an entry's worth per record; what remains over the exact limit (which also
 * counts the metadata) is cut when the batch is sent.
 */
const WRITE_PAYLOAD_BUDGET = MAX_ENTRY_BYTES - 8 * 1024;

export function pendingEntryOf(record: LogRecord, requestLog: boolean): PendingEntry {
  let payload = payloadJson(record);
  let payloadBytes = utf8Bytes(payload);
  if (payloadBytes > WRITE_PAYLOAD_BUDGET) {
    payload = JSON.stringify(fitPayload(JSON.parse(payload) as Record<string, unknown>, WRITE_PAYLOAD_BUDGET));
    payloadBytes = utf8Bytes(payload);
  }
  const access = requestLog ? httpAccessOf(record) : undefined;
  const httpRequest = access === undefined ? undefined : httpRequestOf(access);
  let bytes = payloadBytes + METADATA_ESTIMATE_BYTES;
  if (httpRequest !== undefined) bytes += utf8Bytes(httpRequest.requestUrl) + (httpRequest.userAgent?.length ?? 0);
  return {
    seq: nextInsertSeq(),
    time: record.time,
    level: record.level,
    payload,
    payloadBytes,
    trace: record.context?.trace,
    httpRequest,
    sourceLocation: sourceLocationOf(record),
    bytes,
  };
}
