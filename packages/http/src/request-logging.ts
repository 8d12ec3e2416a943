import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LogContext, type Logger, quote, type TraceContext } from '@cloudlog/core';
import { asError, writeAccessLine } from './access-line.js';
import {
  type FrameworkBinding,
  type HttpLoggingOptions,
  type PreparingLogger,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { generateRequestId, requestIdFrom } from './request-id.js';
import { attachState, type RequestScope, RequestState, stateOf } from './request-scope.js';
import { settle, watchEnd } from './response-end.js';
import { matchRule } from './route-rules.js';
import { requestTraceContext } from './trace-context.js';

/** The request-logging engine: one per middleware instance, shared by all its requests. */
export interface RequestLogging<Frame = undefined> {
  /** The logger request loggers are made from. */
  readonly logger: Logger;
  /**
   * Starts logging a request: makes its id, trace context and logger, and arranges for exactly
   * one access line when the response ends or the connection closes. Returns undefined when the
   * request is already being logged (a second middleware) or when logging could not start (the
   * failure goes to `onError`; the request goes on unlogged). `frame` is the framework's own
   * per-request object (Koa's `ctx`), handed back to the binding when the line is written.
   */
  begin(req: IncomingMessage, res: ServerResponse, frame?: Frame): RequestScope | undefined;
  /** Failures inside request logging so far (each also went to `onError`). */
  readonly failures: number;
  /** The (lower-case) header the request id is echoed under, or undefined when it is not echoed. */
  readonly echoHeader: string | undefined;
}

/**
 * Makes the engine. Options are validated here, once: a mistake is a TypeError that names it.
 * `binding` is for framework adapters (route template, client address under the framework's
 * proxy setting, parsed body).
 */
export function createRequestLogging<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
  Frame = undefined,
>(
  options?: HttpLoggingOptions<Req, Res, Frame>,
  binding: FrameworkBinding<Req, Res, Frame> = {},
): RequestLogging<Frame> {
  return new Engine(
    resolveOptions(options, binding) as unknown as ResolvedOptions<IncomingMessage, ServerResponse, unknown>,
  );
}

class Engine implements RequestLogging<unknown> {
  failures = 0;

  constructor(readonly o: ResolvedOptions<IncomingMessage, ServerResponse, unknown>) {}

  get logger(): Logger {
    return this.o.logger;
  }

  get echoHeader(): string | undefined {
    return this.o.echoId ? this.o.idHeader : undefined;
  }

  begin(req: IncomingMessage, res: ServerResponse, frame?: unknown): RequestScope | undefined {
    if (stateOf(req) !== undefined) return undefined;
    try {
      return this.start(req, res, frame);
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private start(req: IncomingMessage, res: ServerResponse, frame: unknown): RequestState {
    const o = this.o;
    const start = performance.now();
    const headers = req.headers;
    let id = o.idHeader === undefined ? undefined : requestIdFrom(headers[o.idHeader]);
    // An id taken from the request passed SAFE_REQUEST_ID: it needs no JSON escaping.
    let plainId = true;
    if (id === undefined) {
      id = this.newId();
      plainId = o.plainIds;
    }
    const trace = o.trace ? requestTraceContext(headers) : undefined;
    const method = req.method ?? 'GET';
    const url = o.binding.originalUrl?.(req, frame) ?? req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const rule = o.rules.length === 0 ? undefined : matchRule(o.rules, method, undefined, path);
    const socket = req.socket ?? undefined;
    const httpVersion = req.httpVersion;
    const http1 = socket !== undefined && (httpVersion === '1.1' || httpVersion === '1.0');
    const state = new RequestState(
      this,
      req,
      res,
      socket,
      start,
      id,
      method,
      url,
      path,
      trace,
      rule,
      socket?.remoteAddress,
      http1 ? (socket.bytesWritten ?? -1) : -1,
      headers,
      httpVersion,
      frame,
      http1,
    );
    // The context's JSON is built here from fields of known types; its fields object only if
    // something reads it (a text format, getLogger() merging).
    let accessLog: Logger | undefined;
    if (o.preparedJson) {
      const methodJson = quote(method);
      const pathJson = quote(path);
      state.plainMethod = methodJson.length === method.length + 2;
      state.plainPath = pathJson.length === path.length + 2;
      accessLog = (o.logger as PreparingLogger).withPreparedContext?.(
        this.contextJson(id, plainId, methodJson, pathJson, trace),
        state,
      );
    }
    accessLog ??= o.logger.withContext(this.contextFields(state));
    const context = accessLog.context as LogContext;
    if (trace !== undefined) context.trace = trace;
    let log = accessLog;
    const levelName = rule?.levelName ?? o.levelName;
    if (levelName !== undefined) {
      // req.log gets the route's threshold; the access line keeps the engine logger's.
      context.level = rule?.level ?? o.level;
      log = accessLog.child({}, { level: levelName as never });
    }
    state.accessLog = accessLog;
    state.log = log;
    state.context = context;
    attachState(req, state);
    if (o.echoId && !res.headersSent) this.echo(res, o.idHeader as string, id);
    watchEnd(state, http1);
    return state;
  }

  /** @internal Writes the access line once; never throws into the request. */
  end(state: RequestState): void {
    if (state.done) return;
    state.done = true;
    try {
      settle(state);
      writeAccessLine(this.o, state);
    } catch (error) {
      this.report(error);
    }
  }

  /** @internal The request context's fields (requestId, trace ids, method, path), as their (renamed) keys. */
  contextFields(state: RequestState): Record<string, unknown> {
    const n = this.o.names;
    const trace = state.trace;
    const fields: Record<string, unknown> = {};
    fields[n.requestId] = state.id;
    if (trace !== undefined) {
      fields[n.traceId] = trace.traceId;
      if (trace.spanId !== undefined) fields[n.spanId] = trace.spanId;
      if (trace.sampled !== undefined) fields[n.traceSampled] = trace.sampled;
    }
    fields[n.method] = state.method;
    fields[n.path] = state.path;
    return fields;
  }

  /** `fieldsJson(contextFields(state))`, built directly: trace ids are validated hex, plain ids need no escaping. */
  private contextJson(
    id: string,
    plainId: boolean,
    methodJson: string,
    pathJson: string,
    trace: TraceContext | undefined,
  ): string {
    const k = this.o.keys;
    let json = `${k.requestId}${plainId ? `"${id}"` : quote(id)}`;
    if (trace !== undefined) {
      json += `${k.traceId}"${trace.traceId}"`;
      if (trace.spanId !== undefined) json += `${k.spanId}"${trace.spanId}"`;
      if (trace.sampled !== undefined) json += `${k.traceSampled}${trace.sampled}`;
    }
    return `${json}${k.method}${methodJson}${k.path}${pathJson}`;
  }

  private echo(res: ServerResponse, header: string, id: string): void {
    try {
      res.setHeader(header, id);
    } catch (error) {
      // A generated id Node refuses in a header (control characters): log it, do not echo it.
      this.report(error);
    }
  }

  private newId(): string {
    try {
      const id = this.o.generateId();
      if (typeof id === 'string' && id !== '') return id;
      this.report(new TypeError('cloudlog: generateRequestId must return a non-empty string'));
    } catch (error) {
      this.report(error);
    }
    return generateRequestId();
  }

  private report(error: unknown): void {
    this.failures++;
    try {
      this.o.onError(asError(error, 'request logging failed'));
    } catch {}
  }
}
