// Distributed-trace headers, parsed strictly: a value that does not follow its format is
// ignored (never logged raw) and the next header in precedence order is tried.
import { activeSpanContext, type TraceContext } from '@cloudlog/core';

/** Longest trace header value looked at; longer ones are hostile or broken. */
const MAX_TRACE_HEADER_LENGTH = 512;

const LOWER_HEX = /^[0-9a-f]+$/;
const ANY_HEX = /^[0-9a-fA-F]+$/;
const ALL_ZEROS = /^0+$/;
const MAX_UINT64 = 18446744073709551615n;

type HeaderValue = string | readonly string[] | undefined;

/**
 * W3C Trace Context `traceparent`: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`.
 * Version 00 must be exactly 55 characters; a later version may append fields after a `-`
 * (parsed as version 00, as the spec asks); version `ff` is invalid. Hex must be lowercase and
 * neither id may be all zeros. Flag bit 0 is `sampled`.
 * https://www.w3.org/TR/trace-context/#traceparent-header
 */
export function parseTraceparent(value: HeaderValue): TraceContext | undefined {
  if (typeof value !== 'string' || value.length < 55 || value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  const version = value.slice(0, 2);
  if (!LOWER_HEX.test(version) || version === 'ff') return undefined;
  if (version === '00' ? value.length !== 55 : value.length > 55 && value[55] !== '-') return undefined;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!isHexId(traceId, LOWER_HEX) || !isHexId(spanId, LOWER_HEX) || !LOWER_HEX.test(flags)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/**
 * Google Cloud `X-Cloud-Trace-Context`: `TRACE_ID[/SPAN_ID][;o=OPTIONS]`, where TRACE_ID is
 * 32 hex digits and SPAN_ID is a DECIMAL unsigned 64-bit integer, converted here to the 16 hex
 * digits Cloud Logging expects. `o=1` means sampled. A span id of 0 means none; one that is not
 * a decimal uint64 makes the whole header invalid. Hex is accepted in either case, kept lowercase.
 * https://cloud.google.com/trace/docs/trace-context#legacy-http-header
 */
export function parseCloudTraceContext(value: HeaderValue): TraceContext | undefined {
  if (typeof value !== 'string' || value.length < 32 || value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  const match = /^([0-9a-fA-F]{32})(?:\/([0-9]{1,20}))?(?:;o=([01]))?$/.exec(value);
  if (match === null) return undefined;
  const traceId = (match[1] as string).toLowerCase();
  if (ALL_ZEROS.test(traceId)) return undefined;
  let spanId: string | undefined;
  if (match[2] !== undefined) {
    const span = BigInt(match[2]);
    if (span > MAX_UINT64) return undefined;
    if (span !== 0n) spanId = span.toString(16).padStart(16, '0');
  }
  const sampled = match[3] === undefined ? undefined : match[3] === '1';
  return compact(traceId, spanId, sampled);
}

/**
 * AWS X-Ray `X-Amzn-Trace-Id`: `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1|?>`, keys
 * in any order, others (`Self=`, `Lineage=`) ignored. The trace id is the 8 + 24 hex digits.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function parseAmznTraceId(value: HeaderValue): TraceContext | undefined {
  if (typeof value !== 'string' || value.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  let traceId: string | undefined;
  let spanId: string | undefined;
  let sampled: boolean | undefined;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (part.trim() === '') continue;
      return undefined;
    }
    const key = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (key === 'Root') {
      const root = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/.exec(field);
      if (root === null) return undefined;
      traceId = `${root[1]}${root[2]}`.toLowerCase();
    } else if (key === 'Parent') {
      if (field.length !== 16 || !isHexId(field, ANY_HEX)) return undefined;
      spanId = field.toLowerCase();
    } else if (key === 'Sampled') {
      sampled = field === '1' ? true : field === '0' ? false : undefined;
    }
  }
  if (traceId === undefined || ALL_ZEROS.test(traceId)) return undefined;
  return compact(traceId, spanId, sampled);
}

/**
 * The trace context the request logging engine gives a request: OpenTelemetry's active span
 * (see `activeSpanContext`), else the request's trace headers (see `traceContextFrom`).
 */
export function requestTraceContext(headers: Readonly<Record<string, HeaderValue>>): TraceContext | undefined {
  return activeSpanContext() ?? traceContextFrom(headers);
}

/**
 * The trace context of a request's headers. When several headers are present, the first valid one wins,
 * in this order: `traceparent` (the W3C standard, what OpenTelemetry propagates), then
 * `x-cloud-trace-context` (Google front ends), then `x-amzn-trace-id` (AWS load balancers).
 */
export function traceContextFrom(headers: Readonly<Record<string, HeaderValue>>): TraceContext | undefined {
  const traceparent = headers.traceparent;
  if (traceparent !== undefined) {
    const parsed = parseTraceparent(traceparent);
    if (parsed !== undefined) return parsed;
  }
  const cloud = headers['x-cloud-trace-context'];
  if (cloud !== undefined) {
    const parsed = parseCloudTraceContext(cloud);
    if (parsed !== undefined) return parsed;
  }
  const amzn = headers['x-amzn-trace-id'];
  return amzn === undefined ? undefined : parseAmznTraceId(amzn);
}

function isHexId(text: string, alphabet: RegExp): boolean {
  return alphabet.test(text) && !ALL_ZEROS.test(text);
}

function compact(traceId: string, spanId: string | undefined, sampled: boolean | undefined): TraceContext {
  if (spanId === undefined) return sampled === undefined ? { traceId } : { traceId, sampled };
  return sampled === undefined ? { traceId, spanId } : { traceId, spanId, sampled };
}
