import type { TraceContext } from '@cloudlog/core';
import { SPAN_ID_PATTERN, TRACE_ID_PATTERN } from './limits.js';

/** The trace fields of a LogEntry. Malformed identifiers are left out rather than losing the entry. */
export interface TraceFields {
  readonly trace: string;
  readonly spanId?: string;
  readonly traceSampled?: boolean;
}

/** `projects/<project>/traces/<id>`, the form Logs Explorer links to Cloud Trace and groups by. */
export function traceName(projectId: string, traceId: string): string {
  return `projects/${projectId}/traces/${traceId}`;
}

export function traceFieldsOf(context: TraceContext | undefined, projectId: string): TraceFields | undefined {
  if (context === undefined || typeof context.traceId !== 'string' || !TRACE_ID_PATTERN.test(context.traceId)) {
    return undefined;
  }
  const { spanId, sampled } = context;
  return {
    trace: traceName(projectId, context.traceId),
    ...(typeof spanId === 'string' && SPAN_ID_PATTERN.test(spanId) ? { spanId } : {}),
    ...(typeof sampled === 'boolean' ? { traceSampled: sampled } : {}),
  };
}
