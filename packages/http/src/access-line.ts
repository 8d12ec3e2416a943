// The access line, built only when it is written: outcome, status, timing, bytes and the
// fields the options ask for, plus the HttpAccess facts under the HTTP_ACCESS symbol.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COLORED_MESSAGE, HTTP_ACCESS, type HttpAccess, type LevelInput, levelNameOf, quote } from '@cloudlog/core';
import { type AccessSettings, accessLevelFor, type Outcome, settingsFor } from './access-policy.js';
import type { FieldKeys } from './field-names.js';
import { morganLine } from './morgan-formats.js';
import type { PreparingLogger, ResolvedOptions } from './options.js';
import { remoteIpFrom } from './remote-ip.js';
import type { RequestState } from './request-scope.js';
import { matchRule } from './route-rules.js';

/** Header values longer than this (user agent, referer) are cut: a client controls them. */
export const MAX_HEADER_FIELD_LENGTH = 512;

export function writeAccessLine<Req extends IncomingMessage, Res extends ServerResponse, Frame>(
  o: ResolvedOptions<Req, Res, Frame>,
  s: RequestState,
): void {
  const durationMs = performance.now() - s.start;
  const res = s.res;
  let status: number | undefined;
  let outcome: Outcome;
  // Over HTTP/2 the compatibility response reports writableFinished for a reset stream too.
  if (res.writableFinished && (s.http1 || res.writableEnded)) {
    status = res.statusCode;
    outcome = status >= 500 ? 'errored' : 'completed';
  } else if (s.hasError || !peerClosed(s)) {
    // The server gave up on the response (an error after the headers went out, a destroyed socket).
    outcome = 'errored';
    status = res.headersSent ? res.statusCode : undefined;
  } else {
    outcome = 'aborted';
  }
  const req = s.req as Req;
  const frame = s.frame as Frame;
  const route = s.route ?? o.binding.route?.(req, res as Res, frame);
  const rule = o.rules.length === 0 || route === undefined ? s.rule : matchRule(o.rules, s.method, route, s.path);
  let settings = settingsFor(o.settings, rule, s.override);
  if (o.skip !== undefined && skipped(o, req, res as Res, frame)) settings = skippedSettings(settings);
  const slow = settings.slowMs !== undefined && durationMs >= settings.slowMs;
  const level = accessLevelFor(settings, o.levels, outcome, status, slow);
  if (level === undefined) return;
  const levelName = levelNameOf(level);
  if (levelName === undefined || !s.accessLog.isLevelEnabled(level as LevelInput)) return;

  const headers = s.headers;
  const ttfbMs = s.ttfb < 0 ? undefined : round(s.ttfb);
  const bytesIn = contentLength(headers['content-length']);
  const bytesOut = bytesOutOf(s);
  const remoteIp =
    o.binding.remoteIp === undefined
      ? remoteIpFrom(s.peer, headers['x-forwarded-for'], o.trust)
      : o.binding.remoteIp(req, s.peer, headers, frame);
  const userAgent = capped(headers['user-agent']);
  const duration = round(durationMs);
  const access: HttpAccess = {
    method: s.method,
    url: o.query ? s.url : s.path,
    path: s.path,
    route,
    status,
    outcome,
    durationMs: duration,
    ttfbMs,
    bytesIn,
    bytesOut,
    remoteIp,
    userAgent,
    referer: refererOf(headers.referer, o.query),
    protocol: protocolOf(s.httpVersion),
  };

  const n = o.names;
  const fields: Record<string | symbol, unknown> = {};
  if (route !== undefined) fields[n.route] = route;
  if (status !== undefined) fields[n.status] = status;
  fields[n.outcome] = outcome;
  fields[n.durationMs] = duration;
  if (ttfbMs !== undefined) fields[n.ttfbMs] = ttfbMs;
  if (bytesIn !== undefined) fields[n.bytesIn] = bytesIn;
  if (bytesOut !== undefined) fields[n.bytesOut] = bytesOut;
  if (remoteIp !== undefined) fields[n.remoteIp] = remoteIp;
  if (userAgent !== undefined) fields[n.userAgent] = userAgent;
  if (slow) fields[n.slow] = true;
  const query = o.query && s.url.length > s.path.length ? s.url.slice(s.path.length + 1) : undefined;
  if (query !== undefined) fields[n.query] = query;
  if (s.hasError) fields[n.err] = s.error;
  if (o.requestHeaders !== undefined) fields[n.requestHeaders] = o.requestHeaders(headers);
  if (o.responseHeaders !== undefined) fields[n.responseHeaders] = o.responseHeaders(res.getHeaders());
  if (o.body) {
    const body = o.binding.body === undefined ? (req as { body?: unknown }).body : o.binding.body(req, frame);
    if (body !== undefined) fields[n.body] = body;
  }
  if (o.customFields !== undefined) addCustomFields(o, fields, req, res as Res, frame);
  fields[HTTP_ACCESS] = access;
  let msg: string;
  if (o.accessFormat === undefined) msg = messageOf(o, access, req, res as Res, frame);
  else {
    const line = morganLine(o.accessFormat, {
      access,
      headers,
      referrer: access.referer || refererOf(headers.referrer as string | undefined, o.query),
      httpVersion: s.httpVersion,
      contentLength: status === undefined || !res.headersSent ? undefined : res.getHeader('content-length'),
      now: Date.now(),
    });
    msg = line.text;
    if (line.colored !== undefined) fields[COLORED_MESSAGE] = line.colored;
  }
  const logger = s.accessLog as PreparingLogger;
  if (
    o.preparedAccess &&
    logger.logPrepared !== undefined &&
    !s.hasError &&
    (route === undefined || typeof route === 'string') &&
    (remoteIp === undefined || typeof remoteIp === 'string')
  ) {
    // Every field is one of the engine's own, of a known type: the JSON fragment is built here.
    const routeJson = route === undefined ? undefined : quote(route as string);
    // The default message needs no escaping when its method and target need none (escaping
    // only lengthens a string): its JSON is then the message in quotes, with no scan.
    const msgText =
      o.message === undefined &&
      o.accessFormat === undefined &&
      s.plainMethod &&
      (routeJson === undefined ? s.plainPath : routeJson.length === (route as string).length + 2)
        ? `"${msg}"`
        : undefined;
    logger.logPrepared(level, fields, accessJson(o.keys, access, routeJson, slow, query), msg, msgText);
  } else {
    logger[levelName](fields, msg);
  }
}

/**
 * `fieldsJson(fields)` of an access line without error, headers, body or custom fields, built
 * directly, in the order writeAccessLine adds the fields: numbers are finite (or null, as
 * fieldsJson writes them), strings are quoted, the outcome is one of three plain words.
 */
function accessJson(
  k: FieldKeys,
  access: HttpAccess,
  routeJson: string | undefined,
  slow: boolean,
  query: string | undefined,
): string {
  let text = '';
  if (routeJson !== undefined) text += `${k.route}${routeJson}`;
  if (access.status !== undefined) text += `${k.status}${numberJson(access.status)}`;
  text += `${k.outcome}"${access.outcome}"${k.durationMs}${millisJson(access.durationMs)}`;
  if (access.ttfbMs !== undefined) text += `${k.ttfbMs}${millisJson(access.ttfbMs)}`;
  if (access.bytesIn !== undefined) text += `${k.bytesIn}${numberJson(access.bytesIn)}`;
  if (access.bytesOut !== undefined) text += `${k.bytesOut}${numberJson(access.bytesOut)}`;
  if (access.remoteIp !== undefined) text += `${k.remoteIp}${quote(access.remoteIp)}`;
  if (access.userAgent !== undefined) text += `${k.userAgent}${quote(access.userAgent)}`;
  if (slow) text += `${k.slow}true`;
  if (query !== undefined) text += `${k.query}${quote(query)}`;
  return text;
}

function numberJson(value: number): string {
  return Number.isFinite(value) ? `${value}` : 'null';
}

/** `.001` … `.999` without trailing zeros (`.5`, `.25`), and '' for 0. */
const FRACTIONS = Array.from({ length: 1000 }, (_, i) =>
  i === 0 ? '' : `.${String(i).padStart(3, '0').replace(/0+$/, '')}`,
);

/**
 * `numberJson(ms)` for a duration rounded to the microsecond, from its integer microseconds:
 * a double's own decimal conversion costs ~75 ns, this ~25. Exact: below 1e9 the doubles are
 * far closer together than 0.001, so `ms`'s shortest decimal is its three-decimal form; any
 * other value takes the generic conversion.
 */
function millisJson(ms: number): string {
  if (!(ms >= 0 && ms < 1e9)) return numberJson(ms);
  const micros = Math.round(ms * 1000);
  if (micros / 1000 !== ms) return numberJson(ms);
  return `${Math.floor(micros / 1000)}${FRACTIONS[micros % 1000]}`;
}

/**
 * The client went away (a client abort), as opposed to the server giving up: over HTTP/1 the
 * peer closed (FIN: `readableEnded`) or reset (`errored`) the connection, where a server-side
 * `destroy()` leaves both unset. An HTTP/2 stream that ends unfinished was reset by the client.
 */
function peerClosed(s: RequestState): boolean {
  const socket = s.socket;
  return !s.http1 || socket === undefined || socket.readableEnded || socket.errored != null;
}

/**
 * Bytes of the response (status line, headers and body, as Cloud Logging's `responseSize`
 * counts them), settled from the socket's count when the request ended (see `settle`). For an
 * aborted response it counts bytes handed to the socket, not bytes the client received; HTTP/2
 * falls back to Content-Length.
 */
function bytesOutOf(s: RequestState): number | undefined {
  if (s.bytesOut >= 0) return s.bytesOut;
  return contentLength(s.res.getHeader('content-length'));
}

function contentLength(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 15) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function addCustomFields<Req extends IncomingMessage, Res extends ServerResponse, Frame>(
  o: ResolvedOptions<Req, Res, Frame>,
  fields: Record<string | symbol, unknown>,
  req: Req,
  res: Res,
  frame: Frame,
): void {
  let extra: Readonly<Record<string, unknown>> | undefined;
  try {
    extra = o.customFields?.(req, res, frame);
  } catch (error) {
    o.onError(asError(error, 'customFields threw'));
    return;
  }
  if (typeof extra !== 'object' || extra === null) return;
  for (const key of Object.keys(extra)) {
    Object.defineProperty(fields, key, { value: extra[key], enumerable: true, writable: true, configurable: true });
  }
}

/**
 * `skip` said so: the line is dropped as on a route whose access log is 'off' (server errors and
 * slow requests are still logged). A throwing predicate skips nothing.
 */
function skipped<Req extends IncomingMessage, Res extends ServerResponse, Frame>(
  o: ResolvedOptions<Req, Res, Frame>,
  req: Req,
  res: Res,
  frame: Frame,
): boolean {
  try {
    return Boolean(o.skip?.(req, res, frame));
  } catch (error) {
    o.onError(asError(error, 'skip threw'));
    return false;
  }
}

function skippedSettings(settings: AccessSettings): AccessSettings {
  return { ...settings, accessMode: 'off', accessLevel: undefined };
}

function messageOf<Req extends IncomingMessage, Res extends ServerResponse, Frame>(
  o: ResolvedOptions<Req, Res, Frame>,
  access: HttpAccess,
  req: Req,
  res: Res,
  frame: Frame,
): string {
  const message = o.message;
  if (typeof message === 'string') return message;
  if (message !== undefined) {
    try {
      const text = message(access, req, res, frame);
      if (typeof text === 'string') return text;
    } catch (error) {
      o.onError(asError(error, 'message threw'));
    }
  }
  return defaultMessage(access);
}

/** `GET /users/:id 200 12ms`, `GET /x aborted 3.2ms`, `GET /x 200 errored 40ms` (cut short after the headers). */
export function defaultMessage(access: HttpAccess): string {
  let text = `${access.method} ${access.route ?? access.path} `;
  const status = access.status;
  if (status !== undefined) text += `${status} `;
  if (access.outcome !== 'completed' && !(status !== undefined && status >= 500)) text += `${access.outcome} `;
  const d = access.durationMs;
  return `${text}${d < 10 ? tenthsOf(d) : Math.round(d)}ms`;
}

/**
 * `d.toFixed(1)`, which costs ~60 ns, from the integer thousandths of a duration rounded to the
 * microsecond. Exact: away from a tie the double is on the same side of it as its three-decimal
 * value (they differ by far less than 0.001); ties (`x.x50`) and any other value take toFixed.
 */
function tenthsOf(d: number): string {
  if (!(d >= 0)) return d.toFixed(1);
  const thousandths = Math.round(d * 1000);
  const rest = thousandths % 100;
  if (thousandths / 1000 !== d || rest === 50) return d.toFixed(1);
  const tenths = (thousandths - rest) / 100 + (rest > 50 ? 1 : 0);
  return `${(tenths - (tenths % 10)) / 10}.${tenths % 10}`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function capped(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > MAX_HEADER_FIELD_LENGTH ? `${value.slice(0, MAX_HEADER_FIELD_LENGTH)}…` : value;
}

function refererOf(value: string | undefined, withQuery: boolean): string | undefined {
  if (value === undefined || withQuery) return capped(value);
  const q = value.indexOf('?');
  return capped(q === -1 ? value : value.slice(0, q));
}

function protocolOf(version: string | undefined): string | undefined {
  if (version === '1.1') return 'HTTP/1.1';
  if (version === '2.0') return 'HTTP/2.0';
  return version === undefined ? undefined : `HTTP/${version}`;
}

export function asError(error: unknown, context: string): Error {
  if (error instanceof Error) return error;
  return new Error(`${context}: ${String(error)}`);
}
