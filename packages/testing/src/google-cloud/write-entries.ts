// WriteLogEntries semantics, as a pure function of the request: request-level checks, then
// per-entry validation; with partialSuccess the valid entries are written and the call fails
// with INVALID_ARGUMENT carrying `WriteLogEntriesPartialErrors` (entry index -> Status) in the
// `grpc-status-details-bin` trailer; without it, one invalid entry fails the whole request and
// nothing is written. Missing timestamps and insertIds are assigned so that entries keep their
// request order.
import { status } from '@grpc/grpc-js';
import { requestLayout } from './entry-size.js';
import { buildRecord, type StoredRecord } from './entry-view.js';
import { MAX_DESTINATIONS_PER_REQUEST, MAX_REQUEST_BYTES } from './limits.js';
import { parseLogName } from './log-name.js';
import { type TraceValidation, validateEntry } from './validate-entry.js';
import { encodePartialErrors, encodeStatus, type RpcStatus } from './wire.js';
import type { WireWriteRequest } from './wire-types.js';

export const PARTIAL_ERRORS_TYPE_URL = 'type.googleapis.com/google.logging.v2.WriteLogEntriesPartialErrors';

export interface WriteOutcome {
  /** Entries to store (empty when the request failed as a whole or was a dry run). */
  readonly accepted: StoredRecord[];
  /** The call's error, if it failed (wholly or partly). */
  readonly error?: RpcStatus & { readonly statusDetailsBin?: Uint8Array };
}

export interface WriteEnvironment {
  readonly nowMs: number;
  readonly traceValidation: TraceValidation;
  /** Next insertId sequence number; advanced by the number of ids assigned. */
  readonly nextInsertId: () => string;
}

const reject = (message: string): WriteOutcome => ({ accepted: [], error: { code: status.INVALID_ARGUMENT, message } });

function timeOf(ms: number, extraNanos: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1e6 + extraNanos;
  return { seconds: seconds + Math.floor(nanos / 1e9), nanos: nanos % 1e9 };
}

export function writeEntries(raw: Uint8Array, request: WireWriteRequest, env: WriteEnvironment): WriteOutcome {
  if (raw.length > MAX_REQUEST_BYTES) {
    return reject(`Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`);
  }
  const entries = request.entries ?? [];
  if (entries.length === 0) return reject('entries: at least one log entry is required');
  if (request.logName) {
    const parsed = parseLogName(request.logName);
    if ('error' in parsed) return reject(parsed.error);
  }
  const layout = requestLayout(raw);
  const context = { request, layout, nowMs: env.nowMs, traceValidation: env.traceValidation };
  const results = entries.map((entry, index) => validateEntry(entry, index, context));

  const destinations = new Set(results.flatMap((r) => ('entry' in r ? [r.entry.name.parent] : [])));
  if (destinations.size > MAX_DESTINATIONS_PER_REQUEST) {
    return reject(
      `A request may write to at most ${MAX_DESTINATIONS_PER_REQUEST} projects, organizations, folders or billing accounts; this one addresses ${destinations.size}`,
    );
  }

  const failures = new Map<number, RpcStatus>();
  results.forEach((r, index) => {
    if ('status' in r) failures.set(index, r.status);
  });
  const firstFailure = failures.values().next().value;
  if (firstFailure && !request.partialSuccess) return { accepted: [], error: firstFailure };

  const receiveTimestamp = timeOf(env.nowMs, 0);
  const accepted: StoredRecord[] = [];
  results.forEach((r, index) => {
    if (!('entry' in r)) return;
    const wire = entries[index]!;
    accepted.push(
      buildRecord(wire, r.entry, {
        timestamp: r.entry.timestamp ?? timeOf(env.nowMs, index),
        receiveTimestamp,
        insertId: wire.insertId || env.nextInsertId(),
      }),
    );
  });
  const kept = request.dryRun ? [] : accepted;
  if (!firstFailure) return { accepted: kept };
  // "If any entry failed, then the response status is the response status of one of the failed entries."
  const details = [{ typeUrl: PARTIAL_ERRORS_TYPE_URL, value: encodePartialErrors(failures) }];
  const statusDetailsBin = encodeStatus({ ...firstFailure, details });
  return { accepted: kept, error: { ...firstFailure, details, statusDetailsBin } };
}
