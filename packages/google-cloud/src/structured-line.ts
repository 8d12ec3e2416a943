// stdout mode: one JSON line per record in the structured-logging form that the logging agents
// of Cloud Run, Cloud Run functions and GKE turn into LogEntry fields. Built by concatenation
// on core's serialized fields; the special keys come last, so they win over fields of the same
// name, as they do in the API's entries.
// @see https://cloud.google.com/logging/docs/structured-logging#structured_logging_special_fields
import { type Format, httpAccessOf, type LogRecord, quote, stringify, type TraceContext } from '@cloudlog/core';
import { httpRequestJson } from './http-request.js';
import { insertIdOf, nextInsertSeq } from './insert-id.js';
import { type Severity, severityOf } from './severity.js';
import { sourceLocationOf } from './source-location.js';
import { traceFieldsOf } from './trace.js';

export interface StructuredLineOptions {
  /** For `logging.googleapis.com/trace`; a line's trace is left out while it is unknown. */
  readonly projectId: string | undefined;
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** Access lines carry `httpRequest`. */
  readonly requestLog: boolean;
}

const SEVERITY: Readonly<Record<Severity, string>> = {
  DEFAULT: ',"severity":"DEFAULT"',
  DEBUG: ',"severity":"DEBUG"',
  INFO: ',"severity":"INFO"',
  NOTICE: ',"severity":"NOTICE"',
  WARNING: ',"severity":"WARNING"',
  ERROR: ',"severity":"ERROR"',
  CRITICAL: ',"severity":"CRITICAL"',
  ALERT: ',"severity":"ALERT"',
  EMERGENCY: ',"severity":"EMERGENCY"',
};

export class StructuredLine implements Format {
  /** Set later when the project is looked up from the metadata server. */
  projectId: string | undefined;
  readonly #labelsJson: string;
  readonly #requestLog: boolean;
  /** The trace keys of each request's TraceContext, serialized once for all of the request's lines. */
  readonly #traceKeys = new WeakMap<TraceContext, string>();

  constructor(options: StructuredLineOptions) {
    this.projectId = options.projectId;
    this.#labelsJson =
      options.labels === undefined ? '' : `,"logging.googleapis.com/labels":${stringify(options.labels)}`;
    this.#requestLog = options.requestLog;
  }

  format(record: LogRecord): string {
    const fields = record.allFieldsJson;
    const time = record.time;
    const seconds = Math.floor(time / 1000);
    const nanos = Math.round((time - seconds * 1000) * 1e6);
    let line = fields === '' ? '{"message":' : `{${fields.slice(1)},"message":`;
    line += record.msgJson;
    line += SEVERITY[severityOf(record.level)];
    line += `,"timestamp":{"seconds":${seconds},"nanos":${nanos}}`;
    line += `,"logging.googleapis.com/insertId":"${insertIdOf(nextInsertSeq())}"`;
    line += this.#labelsJson;
    const trace = record.context?.trace;
    if (trace !== undefined && this.projectId !== undefined) line += this.#traceJson(trace, this.projectId);
    if (record.fields !== undefined) {
      if (this.#requestLog) {
        const access = httpAccessOf(record);
        if (access !== undefined) line += `,"httpRequest":${httpRequestJson(access)}`;
      }
      const location = sourceLocationOf(record);
      if (location !== undefined) line += `,"logging.googleapis.com/sourceLocation":${stringify(location)}`;
    }
    return `${line}}`;
  }

  #traceJson(context: TraceContext, projectId: string): string {
    let json = this.#traceKeys.get(context);
    if (json === undefined) {
      json = '';
      const trace = traceFieldsOf(context, projectId);
      if (trace !== undefined) {
        json = `,"logging.googleapis.com/trace":${quote(trace.trace)}`;
        if (trace.spanId !== undefined) json += `,"logging.googleapis.com/spanId":"${trace.spanId}"`;
        if (trace.traceSampled !== undefined) json += `,"logging.googleapis.com/trace_sampled":${trace.traceSampled}`;
      }
      this.#traceKeys.set(context, json);
    }
    return json;
  }
}
