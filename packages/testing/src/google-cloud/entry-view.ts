// Turns an accepted wire entry into the plain `StoredEntry` users assert on (Struct as a JS
// object, Timestamp as a Date, int64 as numbers, severity by name), and keeps the wire form,
// with the service-assigned values, for answering ListLogEntries.
import type { JsonValue, StoredEntry, StoredHttpRequest } from './types.js';
import type { ValidEntry } from './validate-entry.js';
import type { WireHttpRequest, WireLogEntry, WireStruct, WireTimestamp, WireValue } from './wire-types.js';

/** The key `@google-cloud/logging` uses for its once-per-process instrumentation entry. */
export const DIAGNOSTIC_KEY = 'logging.googleapis.com/diagnostic';

export interface StoredRecord {
  readonly view: StoredEntry;
  readonly wire: WireLogEntry;
  /** Timestamp in nanoseconds since the epoch, for ordering and filters. */
  readonly timeNanos: bigint;
}

export interface AssignedValues {
  readonly timestamp: { seconds: number; nanos: number };
  readonly receiveTimestamp: { seconds: number; nanos: number };
  readonly insertId: string;
}

export function valueToJson(value: WireValue | undefined): JsonValue {
  if (!value) return null;
  if (value.structValue !== undefined) return structToJson(value.structValue);
  if (value.listValue !== undefined) return (value.listValue.values ?? []).map(valueToJson);
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.numberValue !== undefined) return value.numberValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return null;
}

export function structToJson(struct: WireStruct | undefined): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(struct?.fields ?? {})) out[key] = valueToJson(value);
  return out;
}

function toNumber(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

// Rounded, not truncated: @google-cloud/logging turns a Date's .678 s into 677999973 ns.
function toDate(ts: { seconds: number; nanos: number }): Date {
  return new Date(ts.seconds * 1000 + Math.round(ts.nanos / 1e6));
}

function httpRequestView(req: WireHttpRequest): StoredHttpRequest {
  const { requestSize, responseSize, cacheFillBytes, latency, ...rest } = req;
  const view: Record<string, unknown> = { ...rest };
  if (requestSize !== undefined) view.requestSize = toNumber(requestSize);
  if (responseSize !== undefined) view.responseSize = toNumber(responseSize);
  if (cacheFillBytes !== undefined) view.cacheFillBytes = toNumber(cacheFillBytes);
  if (latency) view.latency = { seconds: Number(latency.seconds ?? 0), nanos: latency.nanos ?? 0 };
  return view as StoredHttpRequest;
}

function wireTime(ts: { seconds: number; nanos: number }): WireTimestamp {
  return { seconds: String(ts.seconds), nanos: ts.nanos };
}

export function buildRecord(wire: WireLogEntry, valid: ValidEntry, assigned: AssignedValues): StoredRecord {
  const jsonPayload = wire.jsonPayload ? structToJson(wire.jsonPayload) : undefined;
  const view: StoredEntry = {
    logName: valid.name.logName,
    logId: valid.name.logId,
    parent: valid.name.parent,
    projectId: valid.name.projectId,
    resource: valid.resource,
    timestamp: toDate(assigned.timestamp),
    receiveTimestamp: toDate(assigned.receiveTimestamp),
    severity: valid.severity,
    insertId: assigned.insertId,
    labels: valid.labels,
    ...(jsonPayload ? { jsonPayload } : {}),
    ...(wire.textPayload !== undefined ? { textPayload: wire.textPayload } : {}),
    ...(wire.protoPayload
      ? {
          protoPayload: {
            typeUrl: wire.protoPayload.typeUrl ?? '',
            value: wire.protoPayload.value ?? new Uint8Array(),
          },
        }
      : {}),
    ...(wire.httpRequest ? { httpRequest: httpRequestView(wire.httpRequest) } : {}),
    ...(wire.trace ? { trace: wire.trace } : {}),
    ...(wire.spanId ? { spanId: wire.spanId } : {}),
    traceSampled: wire.traceSampled === true,
    ...(wire.operation ? { operation: wire.operation } : {}),
    ...(wire.sourceLocation
      ? { sourceLocation: { ...wire.sourceLocation, line: toNumber(wire.sourceLocation.line) } }
      : {}),
    ...(wire.split ? { split: wire.split } : {}),
    sizeBytes: valid.sizeBytes,
    diagnostic: jsonPayload !== undefined && DIAGNOSTIC_KEY in jsonPayload,
  };
  const stored: WireLogEntry = {
    ...wire,
    logName: valid.name.logName,
    resource: valid.resource,
    labels: valid.labels,
    severity: valid.severity,
    insertId: assigned.insertId,
    timestamp: wireTime(assigned.timestamp),
    receiveTimestamp: wireTime(assigned.receiveTimestamp),
  };
  const timeNanos = BigInt(assigned.timestamp.seconds) * 1_000_000_000n + BigInt(assigned.timestamp.nanos);
  return { view, wire: stored, timeNanos };
}
