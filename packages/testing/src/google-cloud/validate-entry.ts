// Per-entry validation of WriteLogEntries, in the order the checks are documented in the README.
// Every failure is INVALID_ARGUMENT with a message modelled on the service's own wording where
// it is known ("Timestamp is over a day in the future", "Log entry with size 300.0K exceeds
// maximum size of 256.0K", "Log name (x@y) contains illegal character ...").
import { status } from '@grpc/grpc-js';
import { effectiveEntrySize, formatServiceSize, type RequestLayout } from './entry-size.js';
import {
  MAX_ENTRY_BYTES,
  MAX_FUTURE_TIMESTAMP_MS,
  MAX_LABEL_KEY_BYTES,
  MAX_LABEL_VALUE_BYTES,
  MAX_LABELS_PER_ENTRY,
} from './limits.js';
import { type ParsedLogName, parseLogName } from './log-name.js';
import { LOG_SEVERITIES, type SeverityName } from './types.js';
import type { RpcStatus } from './wire.js';
import type { WireLogEntry, WireResource, WireTimestamp, WireWriteRequest } from './wire-types.js';

/**
 * How strictly `trace` and `spanId` are checked. The service itself stores any string (a
 * malformed value only breaks the link to Cloud Trace); `strict` catches that mistake in tests.
 */
export type TraceValidation = 'strict' | 'off';

export interface EntryContext {
  readonly request: WireWriteRequest;
  readonly layout: RequestLayout;
  readonly nowMs: number;
  readonly traceValidation: TraceValidation;
}

export interface ValidEntry {
  readonly name: ParsedLogName;
  readonly resource: { type: string; labels: Record<string, string> };
  readonly severity: SeverityName;
  readonly timestamp: { seconds: number; nanos: number } | undefined;
  readonly labels: Record<string, string>;
  readonly sizeBytes: number;
}

const TRACE = /^projects\/[^/]+\/traces\/([0-9a-f]{32})$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
// google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
const MIN_SECONDS = -62135596800;
const MAX_SECONDS = 253402300799;

const invalid = (message: string): { status: RpcStatus } => ({ status: { code: status.INVALID_ARGUMENT, message } });

const SEVERITY_BY_NUMBER = new Map<number, SeverityName>(
  Object.entries(LOG_SEVERITIES).map(([name, value]) => [value, name as SeverityName]),
);

function severityOf(value: string | number | undefined): SeverityName | undefined {
  if (value === undefined) return 'DEFAULT';
  if (typeof value === 'number') return SEVERITY_BY_NUMBER.get(value);
  return value in LOG_SEVERITIES ? (value as SeverityName) : undefined;
}

/** A Timestamp or Duration as numbers, or undefined when it is out of protobuf's ranges. */
export function secondsAndNanos(value: WireTimestamp): { seconds: number; nanos: number } | undefined {
  const seconds = Number(value.seconds ?? 0);
  const nanos = value.nanos ?? 0;
  if (!Number.isFinite(seconds) || !Number.isInteger(nanos)) return undefined;
  return { seconds, nanos };
}

function checkTimestamp(value: WireTimestamp, nowMs: number): string | { seconds: number; nanos: number } {
  const ts = secondsAndNanos(value);
  if (!ts || ts.nanos < 0 || ts.nanos >= 1e9 || ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS) {
    return `Invalid timestamp: seconds ${value.seconds ?? 0}, nanos ${value.nanos ?? 0}`;
  }
  if (ts.seconds * 1000 + ts.nanos / 1e6 > nowMs + MAX_FUTURE_TIMESTAMP_MS)
    return 'Timestamp is over a day in the future';
  return ts;
}

function checkTrace(entry: WireLogEntry): string | undefined {
  if (entry.trace) {
    const match = TRACE.exec(entry.trace);
    if (!match || /^0+$/.test(match[1]!)) {
      return `Invalid trace "${entry.trace}": expected projects/[PROJECT_ID]/traces/[TRACE_ID], TRACE_ID 32 lowercase hex digits, not all zero`;
    }
  }
  if (entry.spanId && (!SPAN_ID.test(entry.spanId) || /^0+$/.test(entry.spanId))) {
    return `Invalid spanId "${entry.spanId}": expected 16 lowercase hex digits, not all zero`;
  }
  return undefined;
}

function checkLatency(entry: WireLogEntry): string | undefined {
  const latency = entry.httpRequest?.latency;
  if (!latency) return undefined;
  const d = secondsAndNanos(latency);
  if (!d || d.nanos < 0 || d.nanos >= 1e9 || d.seconds < 0) {
    return `Invalid httpRequest.latency: seconds ${latency.seconds ?? 0}, nanos ${latency.nanos ?? 0}; a Duration needs seconds >= 0 and nanos in [0, 999999999]`;
  }
  return undefined;
}

/** Truncates to at most `maxBytes` of UTF-8 on a character boundary, marking the cut with "...". */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes - 3) break;
    bytes += size;
    out += char;
  }
  return `${out}...`;
}

function mergeLabels(entry: WireLogEntry, request: WireWriteRequest): Record<string, string> | string {
  const merged: Record<string, string> = { ...(request.labels ?? {}), ...(entry.labels ?? {}) };
  const keys = Object.keys(merged);
  if (keys.length > MAX_LABELS_PER_ENTRY) {
    return `Log entry has ${keys.length} labels; at most ${MAX_LABELS_PER_ENTRY} are allowed`;
  }
  const out: Record<string, string> = {};
  for (const key of keys) {
    out[truncateUtf8(key, MAX_LABEL_KEY_BYTES)] = truncateUtf8(merged[key] ?? '', MAX_LABEL_VALUE_BYTES);
  }
  return out;
}

function resourceOf(entry: WireLogEntry, request: WireWriteRequest): WireResource | undefined {
  const resource = entry.resource ?? request.resource;
  return resource?.type ? resource : undefined;
}

/** Validates one entry of a request; `index` is its position in `request.entries`. */
export function validateEntry(
  entry: WireLogEntry,
  index: number,
  context: EntryContext,
): { entry: ValidEntry } | { status: RpcStatus } {
  const { request } = context;
  const rawName = entry.logName || request.logName;
  if (!rawName) return invalid('Log entry has no log name: set logName on the entry or on the request');
  const name = parseLogName(rawName);
  if ('error' in name) return invalid(name.error);
  const resource = resourceOf(entry, request);
  if (!resource) return invalid('Log entry has no monitored resource: set resource on the entry or on the request');
  const severity = severityOf(entry.severity);
  if (!severity)
    return invalid(`Invalid severity ${String(entry.severity)}: not a google.logging.type.LogSeverity value`);
  let timestamp: { seconds: number; nanos: number } | undefined;
  if (entry.timestamp) {
    const checked = checkTimestamp(entry.timestamp, context.nowMs);
    if (typeof checked === 'string') return invalid(checked);
    timestamp = checked;
  }
  const traceError = context.traceValidation === 'strict' ? checkTrace(entry) : undefined;
  if (traceError) return invalid(traceError);
  const latencyError = checkLatency(entry);
  if (latencyError) return invalid(latencyError);
  const labels = mergeLabels(entry, request);
  if (typeof labels === 'string') return invalid(labels);
  const sizeBytes = effectiveEntrySize(context.layout, index, entry);
  if (sizeBytes > MAX_ENTRY_BYTES) {
    return invalid(
      `Log entry with size ${formatServiceSize(sizeBytes)} exceeds maximum size of ${formatServiceSize(MAX_ENTRY_BYTES)}`,
    );
  }
  return {
    entry: {
      name,
      resource: { type: resource.type ?? '', labels: { ...(resource.labels ?? {}) } },
      severity,
      timestamp,
      labels,
      sizeBytes,
    },
  };
}
