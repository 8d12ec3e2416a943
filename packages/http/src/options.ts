import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  type ContextFieldsSource,
  createErrorReporter,
  type ErrorHandler,
  getLogger,
  type HttpAccess,
  type LevelInput,
  type Logger,
  levels,
  parseLevel,
} from '@cloudlog/core';
import { type AccessLevels, type AccessSettings, type CompiledLevels, compileAccessLevels } from './access-policy.js';
import {
  type FieldKeys,
  type FieldNames,
  fieldKeysOf,
  type ResolvedFieldNames,
  resolveFieldNames,
} from './field-names.js';
import {
  compileHeaderPicker,
  compileSensitive,
  HEADER_NAME,
  type HeaderLogging,
  type HeaderPicker,
} from './headers.js';
import { ACCESS_FORMATS, type AccessFormat } from './morgan-formats.js';
import { compileTrustProxy, type TrustPredicate, type TrustProxy } from './remote-ip.js';
import { generateRequestId } from './request-id.js';
import {
  type AccessLogSetting,
  type CompiledRule,
  compileGlobalSettings,
  compileRouteRules,
  type RouteRule,
} from './route-rules.js';

/**
 * Options of the request-logging engine, shared by the Express and Koa adapters and the plain
 * node:http handler. Two levels are at play, documented apart:
 * - `level` / a rule's `level`: the threshold of `req.log` (what a handler's own lines need to
 *   be written), also followed by `getLogger()` loggers called below the handler;
 * - `accessLog`, `accessLevels`, `slowMs`: whether the one access line of a request is written
 *   and at which level. The access line is subject to the threshold of `logger` only.
 */
export interface HttpLoggingOptions<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
  Frame = undefined,
> {
  /** The logger request loggers are made from. @default getLogger() */
  readonly logger?: Logger;
  /** Threshold of `req.log` on every route (rules and `routeLevel()` override it). @default the logger's level */
  readonly level?: LevelInput;
  /**
   * Header carrying the request id, read from the request and echoed on the response. An
   * incoming id is reused only when it is 1-128 characters of `[A-Za-z0-9._:-]`. `false`: never
   * read nor echo one, always generate. @default 'x-request-id'
   */
  readonly requestIdHeader?: string | false;
  /** Echo the request id on the response, under `requestIdHeader`. @default true */
  readonly echoRequestId?: boolean;
  /** Makes a request id when there is no safe incoming one. @default crypto.randomUUID */
  readonly generateRequestId?: () => string;
  /**
   * Give each request a trace context: OpenTelemetry's active span when there is one with valid
   * ids (its server span, under OpenTelemetry's HTTP instrumentation), else the first valid of
   * `traceparent`, `x-cloud-trace-context` and `x-amzn-trace-id`. @default true
   */
  readonly trace?: boolean;
  /**
   * Plain node:http only (frameworks apply their own setting): which proxies may report the
   * client address in `X-Forwarded-For`; see `TrustProxy`. @default false
   */
  readonly trustProxy?: TrustProxy;
  /** Per-route overrides, first match wins; see `RouteRule`. @default [] */
  readonly routes?: readonly RouteRule[];
  /** Access line of routes no rule overrides: 'on', 'off', 'errors' or a level. @default 'on' */
  readonly accessLog?: AccessLogSetting;
  /** Share of successful access lines kept (0 to 1); failures and slow requests are always kept. @default 1 */
  readonly sampleRate?: number;
  /** Requests taking at least this many milliseconds are marked `slow: true` and logged at `accessLevels.slow` or above. @default undefined (off) */
  readonly slowMs?: number;
  /** Level of the access line by outcome. @default { success: 'info', clientError: 'warn', serverError: 'error', aborted: 'warn', slow: 'warn' } */
  readonly accessLevels?: AccessLevels;
  /**
   * Log headers on the access line: `true` for request and response headers, or choose with
   * `{ request, response }` (each `true` or a list of names). Sensitive headers
   * (`SENSITIVE_HEADERS` and `redactHeaders`) are always replaced by `[Redacted]`. @default false
   */
  readonly headers?: boolean | HeaderLogging;
  /** More header names to redact when headers are logged. @default [] */
  readonly redactHeaders?: readonly string[];
  /** Log the request body a body parser left on `req.body`; the logger's redact paths apply. @default false */
  readonly body?: boolean;
  /** Log the query string (it often carries tokens) in `query` and in the access facts' `url`. @default false */
  readonly query?: boolean;
  /** Extra fields for the access line, computed when it is written. @default undefined */
  readonly customFields?: (req: Req, res: Res, frame: Frame) => Readonly<Record<string, unknown>> | undefined;
  /** Message of the access line: fixed text, or built from the access facts. @default e.g. 'GET /users/:id 200 12ms' */
  readonly message?: string | ((access: HttpAccess, req: Req, res: Res, frame: Frame) => string);
  /**
   * The access line's message in one of morgan's named formats, token for token (with
   * `template('%(message)s')` the line is morgan's); the line's fields stay as they are.
   * `:url` has the query string only with `query: true`; `:response-time` is the time until the
   * response headers went out (`ttfbMs`), as in morgan. An aborted request prints `-` for its
   * status and length. `dev`'s colours show through pretty() (text formats escape control
   * characters, so template() prints `dev` without colours, as morgan does under NO_COLOR).
   * Not with `message`. @default undefined (cloudlog's message, e.g. 'GET /users/:id 200 12ms')
   */
  readonly accessFormat?: AccessFormat;
  /**
   * Called once per request when it is over (the status is known, as with morgan's `skip`): true
   * leaves the access line out, as a route whose `accessLog` is 'off' would, so server errors
   * (5xx, a recorded error, a response cut short) and slow requests are still logged. It wins over
   * `routes` rules and `routeLevel()`, and only ever removes lines; `req.log` is not affected.
   * A predicate that throws skips nothing (the error goes to `onError`). @default undefined
   */
  readonly skip?: (req: Req, res: Res, frame: Frame) => boolean;
  /** Rename the fields the engine writes, e.g. `{ durationMs: 'latency_ms' }`. @default {} */
  readonly fieldNames?: FieldNames;
  /** Failures inside request logging (a throwing customFields, …); never thrown into the request. @default one line on stderr */
  readonly onError?: ErrorHandler;
}

/**
 * What a framework adapter tells the engine about its requests (all optional). `frame` is the
 * framework's own per-request object, passed to `begin()` (Koa's `ctx`; undefined for Express,
 * whose `req` carries everything); every function is called only when the line is written.
 */
export interface FrameworkBinding<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
  Frame = undefined,
> {
  /** The URL as received, before routers rewrite `req.url`. @default req.url */
  readonly originalUrl?: (req: Req, frame: Frame) => string | undefined;
  /** The matched route template, read when the access line is written. */
  readonly route?: (req: Req, res: Res, frame: Frame) => string | undefined;
  /**
   * The client address under the framework's proxy setting, given the socket's peer address
   * (read when the request started) and the request headers. @default the peer, or `trustProxy`
   */
  readonly remoteIp?: (
    req: Req,
    peer: string | undefined,
    headers: IncomingHttpHeaders,
    frame: Frame,
  ) => string | undefined;
  /** The parsed request body, for `body: true`. @default req.body */
  readonly body?: (req: Req, frame: Frame) => unknown;
  /** Options the adapter does not accept (e.g. `trustProxy` where the framework has its own). */
  readonly rejectOptions?: Readonly<Record<string, string>>;
}

/**
 * @internal What a core logger offers engines beyond the public Logger (see `withPreparedContext`
 * and `logPrepared` in @cloudlog/core); absent on a logger from another copy of core.
 */
export interface PreparingLogger extends Logger {
  withPreparedContext?(json: string, source: ContextFieldsSource): Logger | undefined;
  logPrepared?(
    level: number,
    fields: Readonly<Record<string, unknown>>,
    fieldsText: string,
    msg: string,
    msgText?: string,
  ): void;
}

/** @internal Options validated and compiled once, at construction. */
export interface ResolvedOptions<Req extends IncomingMessage, Res extends ServerResponse, Frame> {
  readonly logger: Logger;
  readonly levelName: string | undefined;
  readonly level: number | undefined;
  readonly idHeader: string | undefined;
  readonly echoId: boolean;
  readonly generateId: () => string;
  readonly trace: boolean;
  readonly trust: TrustPredicate | undefined;
  readonly rules: readonly CompiledRule[];
  readonly settings: AccessSettings;
  readonly levels: CompiledLevels;
  readonly requestHeaders: HeaderPicker | undefined;
  readonly responseHeaders: HeaderPicker | undefined;
  readonly body: boolean;
  readonly query: boolean;
  readonly customFields:
    | ((req: Req, res: Res, frame: Frame) => Readonly<Record<string, unknown>> | undefined)
    | undefined;
  readonly message: string | ((access: HttpAccess, req: Req, res: Res, frame: Frame) => string) | undefined;
  readonly accessFormat: AccessFormat | undefined;
  readonly skip: ((req: Req, res: Res, frame: Frame) => boolean) | undefined;
  readonly names: ResolvedFieldNames;
  /** `names` as JSON keys, for the fragments the engine builds itself. */
  readonly keys: FieldKeys;
  /** `generateId` is the default one, whose ids need no JSON escaping. */
  readonly plainIds: boolean;
  /**
   * The engine may build its JSON fragments itself: no field is renamed to an array index,
   * which objects list first (the fragment must have the fields object's key order).
   */
  readonly preparedJson: boolean;
  /**
   * Access lines without an error may have their JSON built by the engine too: `preparedJson`,
   * a core logger, and none of headers, body or custom fields (values of unknown types).
   */
  readonly preparedAccess: boolean;
  readonly onError: ErrorHandler;
  readonly binding: FrameworkBinding<Req, Res, Frame>;
}

const KNOWN_OPTIONS = new Set([
  'logger',
  'level',
  'requestIdHeader',
  'echoRequestId',
  'generateRequestId',
  'trace',
  'trustProxy',
  'routes',
  'accessLog',
  'sampleRate',
  'slowMs',
  'accessLevels',
  'headers',
  'redactHeaders',
  'body',
  'query',
  'customFields',
  'message',
  'accessFormat',
  'skip',
  'fieldNames',
  'onError',
]);

export function resolveOptions<Req extends IncomingMessage, Res extends ServerResponse, Frame>(
  options: HttpLoggingOptions<Req, Res, Frame> | undefined,
  binding: FrameworkBinding<Req, Res, Frame>,
): ResolvedOptions<Req, Res, Frame> {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError('cloudlog: request logging options must be an object');
  for (const key of Object.keys(o)) {
    const rejected = binding.rejectOptions?.[key];
    if (rejected !== undefined && (o as Record<string, unknown>)[key] !== undefined) {
      throw new TypeError(`cloudlog: ${key} is not an option here: ${rejected}`);
    }
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(
        `cloudlog: unknown request logging option ${JSON.stringify(key)}; known: ${[...KNOWN_OPTIONS].join(', ')}`,
      );
    }
  }
  const logger = o.logger ?? getLogger();
  if (typeof logger !== 'object' || logger === null || typeof logger.withContext !== 'function') {
    throw new TypeError('cloudlog: logger must be a cloudlog Logger (createLogger() or getLogger())');
  }
  const levelName = o.level === undefined ? undefined : parseLevel(o.level, 'level');
  const idHeader = resolveIdHeader(o.requestIdHeader);
  const generateId = o.generateRequestId ?? generateRequestId;
  if (typeof generateId !== 'function')
    throw new TypeError('cloudlog: generateRequestId must be a function returning a string');
  const global = compileGlobalSettings({ accessLog: o.accessLog, sampleRate: o.sampleRate, slowMs: o.slowMs });
  const sensitive = compileSensitive(o.redactHeaders);
  const headers = o.headers;
  if (
    headers !== undefined &&
    typeof headers !== 'boolean' &&
    (typeof headers !== 'object' || headers === null || Array.isArray(headers))
  ) {
    throw new TypeError('cloudlog: headers must be true, false or { request?, response? }');
  }
  const requestSelection = typeof headers === 'object' ? headers.request : headers;
  const responseSelection = typeof headers === 'object' ? headers.response : headers;
  if (o.customFields !== undefined && typeof o.customFields !== 'function') {
    throw new TypeError('cloudlog: customFields must be a function (req, res) => fields');
  }
  if (o.message !== undefined && typeof o.message !== 'string' && typeof o.message !== 'function') {
    throw new TypeError('cloudlog: message must be a string or a function (access, req, res) => string');
  }
  const accessFormat = o.accessFormat;
  if (accessFormat !== undefined && !ACCESS_FORMATS.includes(accessFormat)) {
    throw new TypeError(
      `cloudlog: accessFormat must be one of morgan's formats ${ACCESS_FORMATS.map((f) => `'${f}'`).join(', ')}, got ${JSON.stringify(accessFormat)}`,
    );
  }
  if (accessFormat !== undefined && o.message !== undefined) {
    throw new TypeError('cloudlog: message and accessFormat both set the access line’s message: choose one');
  }
  if (o.skip !== undefined && typeof o.skip !== 'function') {
    throw new TypeError('cloudlog: skip must be a function (req, res) => boolean, true to leave the access line out');
  }
  if (o.onError !== undefined && typeof o.onError !== 'function')
    throw new TypeError('cloudlog: onError must be a function');
  const names = resolveFieldNames(o.fieldNames);
  const preparedJson = !Object.values(names).some((name) => /^(?:0|[1-9][0-9]*)$/.test(name));
  const requestHeaders = compileHeaderPicker(requestSelection, sensitive, 'headers.request');
  const responseHeaders = compileHeaderPicker(responseSelection, sensitive, 'headers.response');
  const body = flag(o.body, 'body', false);
  return {
    logger,
    levelName,
    level: levelName === undefined ? undefined : levels[levelName],
    idHeader,
    echoId: idHeader !== undefined && flag(o.echoRequestId, 'echoRequestId', true),
    generateId,
    trace: flag(o.trace, 'trace', true),
    trust: compileTrustProxy(o.trustProxy),
    rules: compileRouteRules(o.routes),
    settings: {
      accessMode: global.accessMode ?? 'on',
      accessLevel: global.accessLevel,
      sampleRate: global.sampleRate ?? 1,
      slowMs: global.slowMs,
    },
    levels: compileAccessLevels(o.accessLevels),
    requestHeaders,
    responseHeaders,
    body,
    query: flag(o.query, 'query', false),
    customFields: o.customFields,
    message: o.message,
    accessFormat,
    skip: o.skip,
    names,
    keys: fieldKeysOf(names),
    plainIds: generateId === generateRequestId,
    preparedJson,
    preparedAccess:
      preparedJson &&
      typeof (logger as PreparingLogger).logPrepared === 'function' &&
      requestHeaders === undefined &&
      responseHeaders === undefined &&
      !body &&
      o.customFields === undefined,
    onError: o.onError ?? createErrorReporter('http'),
    binding,
  };
}

function resolveIdHeader(option: unknown): string | undefined {
  if (option === false) return undefined;
  if (option === undefined) return 'x-request-id';
  if (typeof option !== 'string' || !HEADER_NAME.test(option)) {
    throw new TypeError(`cloudlog: requestIdHeader must be a header name or false, got ${JSON.stringify(option)}`);
  }
  return option.toLowerCase();
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new TypeError(`cloudlog: ${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
