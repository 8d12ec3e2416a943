import type { LogRecord } from './record.js';

/**
 * Structured facts about one HTTP request, attached by the request-logging engine to the
 * fields of its access line under this symbol key. JSON formats do not see it (symbol keys are
 * not serialized); transports that map requests natively (Cloud Logging's `httpRequest`) read it
 * with `httpAccessOf(record)`, whatever the user renamed the visible fields to.
 */
export const HTTP_ACCESS: unique symbol = Symbol.for('cloudlog.http.access') as never;

export interface HttpAccess {
  readonly method: string;
  /** Path and query as received, e.g. `/users/42?x=1`. */
  readonly url: string;
  /** Path without the query. */
  readonly path: string;
  /** Matched route template, e.g. `/users/:id`, when the framework knows it. */
  readonly route?: string;
  /** Status sent; absent when the client aborted before the response ended. */
  readonly status?: number;
  readonly outcome: 'completed' | 'errored' | 'aborted';
  /** From the start of the request to the end of the response (monotonic clock). */
  readonly durationMs: number;
  readonly ttfbMs?: number;
  readonly bytesIn?: number;
  readonly bytesOut?: number;
  readonly remoteIp?: string;
  readonly userAgent?: string;
  readonly referer?: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol?: string;
}

/** The access facts of a record, when it is a request's access line. */
export function httpAccessOf(record: LogRecord): HttpAccess | undefined {
  const fields = record.fields as { [HTTP_ACCESS]?: HttpAccess } | undefined;
  return fields?.[HTTP_ACCESS];
}

/** Distributed-trace identifiers of a request, kept on its LogContext. */
export interface TraceContext {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits, when known. */
  readonly spanId?: string;
  readonly sampled?: boolean;
}
