// morgan's named formats for the access line's message, token for token as morgan 1.x writes
// them (https://github.com/expressjs/morgan#predefined-formats): every value escaped as morgan
// escapes it, a missing one printed `-`. The JSON fields of the line are unchanged.
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpAccess } from '@cloudlog/core';

export type AccessFormat = 'combined' | 'common' | 'dev' | 'short' | 'tiny';

export const ACCESS_FORMATS: readonly AccessFormat[] = ['combined', 'common', 'dev', 'short', 'tiny'];

/** What a morgan line is made of, beyond the access facts. */
export interface MorganFacts {
  readonly access: HttpAccess;
  readonly headers: IncomingHttpHeaders;
  /** The Referer (or Referrer) header, as the access facts give it (cut, query kept only with `query: true`). */
  readonly referrer: string | undefined;
  /** `1.1`, as `req.httpVersion`. */
  readonly httpVersion: string | undefined;
  /** The response's Content-Length header, when a response was sent. */
  readonly contentLength: unknown;
  /** Epoch milliseconds, for `:date[clf]`. */
  readonly now: number;
}

export interface MorganLine {
  readonly text: string;
  /** `dev` only: the same line with morgan's colours (for formats that print colours). */
  readonly colored: string | undefined;
}

export function morganLine(format: AccessFormat, facts: MorganFacts): MorganLine {
  const a = facts.access;
  const method = token(a.method);
  const url = token(a.url);
  const status = token(a.status === undefined ? undefined : String(a.status));
  const length = token(Array.isArray(facts.contentLength) ? facts.contentLength.join(', ') : facts.contentLength);
  switch (format) {
    case 'tiny':
      return plain(`${method} ${url} ${status} ${length} - ${responseTime(a)} ms`);
    case 'dev': {
      const time = responseTime(a);
      return {
        text: `${method} ${url} ${status} ${time} ms - ${length}`,
        colored: `\x1b[0m${method} ${url} \x1b[${devColor(a.status)}m${status}\x1b[0m ${time} ms - ${length}\x1b[0m`,
      };
    }
    case 'short':
      return plain(
        `${token(a.remoteIp)} ${remoteUser(facts.headers)} ${method} ${url} HTTP/${token(facts.httpVersion)} ${status} ${length} - ${responseTime(a)} ms`,
      );
    case 'common':
      return plain(`${common(facts, method, url, status)} ${length}`);
    case 'combined':
      return plain(
        `${common(facts, method, url, status)} ${length} "${token(facts.referrer)}" "${token(a.userAgent)}"`,
      );
  }
}

function plain(text: string): MorganLine {
  return { text, colored: undefined };
}

/** `:remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version" :status` */
function common(facts: MorganFacts, method: string, url: string, status: string): string {
  return `${token(facts.access.remoteIp)} - ${remoteUser(facts.headers)} [${clfDate(facts.now)}] "${method} ${url} HTTP/${token(facts.httpVersion)}" ${status}`;
}

/**
 * morgan's `:response-time`: milliseconds, 3 decimals, until the response headers went out
 * (cloudlog's `ttfbMs`); `-` when they never did.
 */
function responseTime(access: HttpAccess): string {
  const ms = access.ttfbMs ?? (access.status === undefined ? undefined : access.durationMs);
  return ms === undefined ? '-' : ms.toFixed(3);
}

function devColor(status: number | undefined): number {
  if (status === undefined) return 0;
  if (status >= 500) return 31;
  if (status >= 400) return 33;
  if (status >= 300) return 36;
  return status >= 200 ? 32 : 0;
}

/** A token's text as morgan prints it: strings escaped, a falsy value `-`. */
function token(value: unknown): string {
  if (!value) return '-';
  return typeof value === 'string' ? escapeLogField(value) : String(value);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
const LOG_FIELD_SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** morgan's escaping of every token: control characters, quotes and backslashes. */
function escapeLogField(value: string): string {
  return value.replace(
    LOG_FIELD_SPECIAL,
    (ch) => NAMED_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// As the basic-auth package that morgan's `:remote-user` uses.
const BASIC_CREDENTIALS = /^ *(?:[Bb][Aa][Ss][Ii][Cc]) +([A-Za-z0-9._~+/-]+=*) *$/;
const USER_PASS = /^([^:]*):(.*)$/;

/** The user name of Basic credentials (never the password). */
function remoteUser(headers: IncomingHttpHeaders): string {
  const header = headers.authorization;
  if (typeof header !== 'string') return '-';
  const credentials = BASIC_CREDENTIALS.exec(header);
  if (credentials === null) return '-';
  const userPass = USER_PASS.exec(Buffer.from(credentials[1] as string, 'base64').toString());
  return token(userPass?.[1]);
}

const CLF_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let clfSecond = Number.NaN;
let clfText = '';

/** `24/Nov/2026:15:08:00 +0000` (UTC), cached for the second. */
function clfDate(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== clfSecond) {
    const d = new Date(second * 1000);
    clfText = `${pad2(d.getUTCDate())}/${CLF_MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
    clfSecond = second;
  }
  return clfText;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
