// Header logging is opt-in, and whenever headers are logged the sensitive ones are replaced,
// so credentials and session cookies never reach a log, whatever the user's redact paths say.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Headers whose values are always replaced by `[Redacted]` when headers are logged. */
export const SENSITIVE_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'cookie',
  'set-cookie',
  'proxy-authorization',
  'x-api-key',
]);

export const REDACTED = '[Redacted]';

/**
 * Which headers go on the access line: `false` none, `true` all, or a list of names (an
 * allow-list). Sensitive headers are redacted in every case.
 */
export type HeaderSelection = boolean | readonly string[];

export interface HeaderLogging {
  /** Request headers. @default false */
  readonly request?: HeaderSelection;
  /** Response headers, as set when the response ended. @default false */
  readonly response?: HeaderSelection;
}

export type HeaderPicker = (headers: IncomingHttpHeaders | OutgoingHttpHeaders) => Record<string, unknown>;

export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Compiles a selection once; undefined means "do not log these headers". */
export function compileHeaderPicker(
  selection: unknown,
  sensitive: ReadonlySet<string>,
  where: string,
): HeaderPicker | undefined {
  if (selection === undefined || selection === false) return undefined;
  if (selection === true) {
    return (headers) => {
      const out: Record<string, unknown> = Object.create(null);
      for (const name of Object.keys(headers)) {
        const value = headers[name];
        if (value !== undefined) out[name] = sensitive.has(name) ? REDACTED : value;
      }
      return out;
    };
  }
  if (!Array.isArray(selection)) {
    throw new TypeError(`cloudlog: ${where} must be true, false or a list of header names`);
  }
  const names = selection.map((name: unknown) => {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new TypeError(`cloudlog: ${where} has an invalid header name ${JSON.stringify(name)}`);
    }
    return name.toLowerCase();
  });
  return (headers) => {
    const out: Record<string, unknown> = Object.create(null);
    for (const name of names) {
      const value = headers[name];
      if (value !== undefined) out[name] = sensitive.has(name) ? REDACTED : value;
    }
    return out;
  };
}

export function compileSensitive(extra: unknown): ReadonlySet<string> {
  if (extra === undefined) return new Set(SENSITIVE_HEADERS);
  if (!Array.isArray(extra)) throw new TypeError('cloudlog: redactHeaders must be a list of header names');
  const set = new Set(SENSITIVE_HEADERS);
  for (const name of extra as unknown[]) {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new TypeError(`cloudlog: redactHeaders has an invalid header name ${JSON.stringify(name)}`);
    }
    set.add(name.toLowerCase());
  }
  return set;
}
