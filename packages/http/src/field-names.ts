import { quote } from '@cloudlog/core';
// Names of the fields the engine writes. Users may rename any of them (to match an existing
// log schema); the access facts for transports stay under the HTTP_ACCESS symbol regardless.

export const ENGINE_FIELDS = [
  'requestId',
  'traceId',
  'spanId',
  'traceSampled',
  'method',
  'path',
  'route',
  'status',
  'outcome',
  'durationMs',
  'ttfbMs',
  'bytesIn',
  'bytesOut',
  'remoteIp',
  'userAgent',
  'slow',
  'err',
  'query',
  'requestHeaders',
  'responseHeaders',
  'body',
] as const;

export type EngineField = (typeof ENGINE_FIELDS)[number];

/** A rename map, e.g. `{ durationMs: 'latency_ms', requestId: 'reqId' }`. */
export type FieldNames = { readonly [K in EngineField]?: string };

export type ResolvedFieldNames = { readonly [K in EngineField]: string };

const DEFAULT_NAMES: ResolvedFieldNames = Object.freeze(
  Object.fromEntries(ENGINE_FIELDS.map((f) => [f, f])) as Record<EngineField, string>,
);

export function resolveFieldNames(option: unknown): ResolvedFieldNames {
  if (option === undefined) return DEFAULT_NAMES;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw new TypeError('cloudlog: fieldNames must be an object mapping field names to new names');
  }
  const out: Record<string, string> = { ...DEFAULT_NAMES };
  for (const [key, value] of Object.entries(option)) {
    if (!(ENGINE_FIELDS as readonly string[]).includes(key)) {
      throw new TypeError(
        `cloudlog: fieldNames has an unknown field ${JSON.stringify(key)}; known: ${ENGINE_FIELDS.join(', ')}`,
      );
    }
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '' || value === '__proto__') {
      throw new TypeError(`cloudlog: fieldNames.${key} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  const seen = new Map<string, string>();
  for (const field of ENGINE_FIELDS) {
    const name = out[field] as string;
    const other = seen.get(name);
    if (other !== undefined) {
      throw new TypeError(`cloudlog: fieldNames gives ${other} and ${field} the same name ${JSON.stringify(name)}`);
    }
    seen.set(name, field);
  }
  return out as ResolvedFieldNames;
}

/** Each field's JSON key as it starts a member of a fragment: `,"durationMs":`. */
export type FieldKeys = { readonly [K in EngineField]: string };

/** The JSON keys of the (possibly renamed) fields, quoted once, when the options are resolved. */
export function fieldKeysOf(names: ResolvedFieldNames): FieldKeys {
  return Object.fromEntries(ENGINE_FIELDS.map((f) => [f, `,${quote(names[f])}:`])) as FieldKeys;
}
