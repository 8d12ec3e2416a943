// OpenTelemetry's active span, read without depending on @opentelemetry/api: every copy of the
// API (1.x) keeps what is registered, the context manager among them, on globalThis under one
// Symbol.for key, and a context's span under another.
import { LogContext } from './context.js';
import type { TraceContext } from './http-access.js';

const OTEL_API = Symbol.for('opentelemetry.js.api.1');
const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;

interface OtelSpanContext {
  readonly traceId?: unknown;
  readonly spanId?: unknown;
  readonly traceFlags?: unknown;
}

interface OtelApiGlobal {
  readonly context?: { active?(): { getValue?(key: symbol): { spanContext?(): OtelSpanContext } | undefined } };
}

/**
 * The span context of OpenTelemetry's active span, when OpenTelemetry is set up in the process
 * (a context manager registered with @opentelemetry/api 1.x) and a span with valid ids is active.
 * Ids must be lowercase hex, 32 and 16 digits, not all zeros; trace flag bit 0 is `sampled`.
 * Never throws: a broken or foreign global is ignored. Without OpenTelemetry: one property read.
 */
export function activeSpanContext(): TraceContext | undefined {
  const api = (globalThis as Record<symbol, OtelApiGlobal | undefined>)[OTEL_API];
  if (api === undefined || api === null) return undefined;
  try {
    const ids = api.context?.active?.()?.getValue?.(OTEL_SPAN_KEY)?.spanContext?.();
    if (ids === undefined || ids === null) return undefined;
    const { traceId, spanId, traceFlags } = ids;
    if (typeof traceId !== 'string' || !HEX_TRACE_ID.test(traceId) || ALL_ZEROS.test(traceId)) return undefined;
    if (typeof spanId !== 'string' || !HEX_SPAN_ID.test(spanId) || ALL_ZEROS.test(spanId)) return undefined;
    return typeof traceFlags === 'number' ? { traceId, spanId, sampled: (traceFlags & 1) === 1 } : { traceId, spanId };
  } catch {
    return undefined;
  }
}

/** The context of the last span seen: lines logged in one span share it. */
let lastSpan: LogContext | undefined;

/**
 * @internal For a line logged outside any request context: a context holding the active span's
 * `traceId`, `spanId` and `traceSampled` (and its `trace`, for transports such as Cloud Logging),
 * or undefined when no span is active.
 */
export function spanLineContext(): LogContext | undefined {
  const trace = activeSpanContext();
  if (trace === undefined) return undefined;
  const last = lastSpan?.trace;
  if (
    last !== undefined &&
    last.spanId === trace.spanId &&
    last.traceId === trace.traceId &&
    last.sampled === trace.sampled
  ) {
    return lastSpan;
  }
  const context = new LogContext(
    trace.sampled === undefined
      ? { traceId: trace.traceId, spanId: trace.spanId }
      : { traceId: trace.traceId, spanId: trace.spanId, traceSampled: trace.sampled },
  );
  context.trace = trace;
  lastSpan = context;
  return context;
}
