// An access line's HTTP facts (core's HttpAccess) as Cloud Logging's `httpRequest`.
// @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#httprequest
import { type HttpAccess, quote } from '@cloudlog/core';

/** A `google.protobuf.Duration`. */
export interface Duration {
  readonly seconds: number;
  readonly nanos: number;
}

/** `google.logging.type.HttpRequest`, as `Log.write` takes it (gRPC: latency as a Duration). */
export interface HttpRequestFields {
  readonly requestMethod: string;
  readonly requestUrl: string;
  readonly status?: number;
  readonly responseSize?: number;
  readonly requestSize?: number;
  readonly userAgent?: string;
  readonly remoteIp?: string;
  readonly referer?: string;
  readonly protocol?: string;
  readonly latency: Duration;
}

/** Milliseconds as a Duration, nanos always in [0, 1e9). Negative or non-finite values count as 0. */
export function durationOf(ms: number): Duration {
  if (!(ms > 0) || !Number.isFinite(ms)) return { seconds: 0, nanos: 0 };
  let seconds = Math.floor(ms / 1000);
  let nanos = Math.round((ms - seconds * 1000) * 1e6);
  if (nanos >= 1e9) {
    seconds += 1;
    nanos -= 1e9;
  }
  return { seconds, nanos };
}

/** The latency as the logging agents read it from a JSON line: seconds with a trailing `s`, e.g. `"1.234s"`. */
export function durationText(ms: number): string {
  const { seconds, nanos } = durationOf(ms);
  if (nanos === 0) return `${seconds}s`;
  return `${seconds}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}s`;
}

const count = (n: number | undefined): number | undefined =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;

/** For `Log.write`. An aborted request has no status: `status` is then left out, never 200. */
export function httpRequestOf(access: HttpAccess): HttpRequestFields {
  const out: { -readonly [K in keyof HttpRequestFields]: HttpRequestFields[K] } = {
    requestMethod: String(access.method),
    requestUrl: String(access.url),
    latency: durationOf(access.durationMs),
  };
  const status = count(access.status);
  if (status !== undefined) out.status = status;
  const responseSize = count(access.bytesOut);
  if (responseSize !== undefined) out.responseSize = responseSize;
  const requestSize = count(access.bytesIn);
  if (requestSize !== undefined) out.requestSize = requestSize;
  if (typeof access.userAgent === 'string' && access.userAgent !== '') out.userAgent = access.userAgent;
  if (typeof access.remoteIp === 'string' && access.remoteIp !== '') out.remoteIp = access.remoteIp;
  if (typeof access.referer === 'string' && access.referer !== '') out.referer = access.referer;
  if (typeof access.protocol === 'string' && access.protocol !== '') out.protocol = access.protocol;
  return out;
}

/** For a JSON line: the same fields, latency as a string, int64 sizes as JSON strings as in proto3 JSON. */
export function httpRequestJson(access: HttpAccess): string {
  const r = httpRequestOf(access);
  let out = `{"requestMethod":${quote(r.requestMethod)},"requestUrl":${quote(r.requestUrl)}`;
  if (r.status !== undefined) out += `,"status":${r.status}`;
  if (r.responseSize !== undefined) out += `,"responseSize":"${r.responseSize}"`;
  if (r.requestSize !== undefined) out += `,"requestSize":"${r.requestSize}"`;
  if (r.userAgent !== undefined) out += `,"userAgent":${quote(r.userAgent)}`;
  if (r.remoteIp !== undefined) out += `,"remoteIp":${quote(r.remoteIp)}`;
  if (r.referer !== undefined) out += `,"referer":${quote(r.referer)}`;
  if (r.protocol !== undefined) out += `,"protocol":${quote(r.protocol)}`;
  return `${out},"latency":"${durationText(access.durationMs)}"}`;
}
