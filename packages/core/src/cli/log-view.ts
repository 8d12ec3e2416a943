// What cloudlog-pretty reads from one JSON line, whichever logger wrote it: cloudlog's json()
// (`level` name, `time`, `msg`), its Cloud Logging stdout shape (`severity`, `message`,
// `timestamp`, `httpRequest`, `logging.googleapis.com/*` keys) and pino's (`level` 10-60,
// `time` in epoch ms, `msg`, pino-http's `req`/`res`/`responseTime`).
import { levels, parseLevel } from '../levels.js';

/** The facts of an access line, for its readable summary: method path status duration. */
export interface AccessFacts {
  readonly method: string;
  readonly path: string;
  /** The matched route template (cloudlog's `route`), when known; it stays among the fields too. */
  readonly route: string | undefined;
  readonly status: number | undefined;
  readonly durationMs: number | undefined;
  /** `completed`, `errored`, `aborted` (cloudlog), when known. */
  readonly outcome: string | undefined;
}

/** An error object of a line (`{ type, message, stack }`), shown as `err=Type: message`. */
export class ErrorFacts {
  constructor(
    /** `TypeError: boom`. */
    readonly text: string,
    readonly stack: string | undefined,
  ) {}
}

export interface LogView {
  readonly time: number | undefined;
  /** Numeric level (10 trace … 60 fatal), undefined when the line has none that is known. */
  readonly level: number | undefined;
  /** The line's own level text, shown when `level` is unknown. */
  readonly levelText: string | undefined;
  readonly name: string | undefined;
  readonly msg: string;
  readonly requestId: string | undefined;
  readonly access: AccessFacts | undefined;
  readonly err: ErrorFacts | undefined;
  /** The other fields, in the line's order (an error among them as ErrorFacts). */
  readonly fields: readonly (readonly [string, unknown])[];
}

// Cloud Logging severities. https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#logseverity
const SEVERITY: Readonly<Record<string, number>> = {
  DEBUG: levels.debug,
  INFO: levels.info,
  NOTICE: levels.info,
  WARNING: levels.warn,
  ERROR: levels.error,
  CRITICAL: levels.fatal,
  ALERT: levels.fatal,
  EMERGENCY: levels.fatal,
};
const GOOGLE = 'logging.googleapis.com/';
/** pino's own noise on every line. */
const PINO_NOISE = ['pid', 'hostname'];
/** Messages that only say an access line is one. */
const GENERIC_ACCESS_MESSAGES = new Set(['request completed', 'request errored', 'request aborted']);

/** The view of a parsed JSON line, or undefined when it is not a log line (then it is passed through). */
export function viewOf(value: unknown): LogView | undefined {
  if (!isRecord(value)) return undefined;
  const o = value;
  const google = typeof o.severity === 'string' || isRecord(o.httpRequest) || Object.keys(o).some(isGoogleKey);
  const pino = !google && typeof o.level === 'number';
  if (!google && o.level === undefined && typeof o.msg !== 'string' && typeof o.message !== 'string') return undefined;
  const rest = new Map<string, unknown>(Object.entries(o));
  const take = (key: string): unknown => {
    const v = rest.get(key);
    rest.delete(key);
    return v;
  };

  let level: number | undefined;
  let levelText: string | undefined;
  const levelValue = google && typeof o.severity === 'string' ? take('severity') : take('level');
  if (typeof levelValue === 'number') {
    level = Number.isFinite(levelValue) ? levelValue : undefined;
    levelText = String(levelValue);
  } else if (typeof levelValue === 'string') {
    level = levelOfText(levelValue);
    levelText = levelValue;
  }
  const time = timeOf(take('time')) ?? (rest.has('timestamp') ? timeOf(take('timestamp')) : undefined);
  const nameValue = rest.get('name');
  const name = typeof nameValue === 'string' ? (take('name') as string) : undefined;
  let msg = '';
  if (typeof o.msg === 'string') msg = take('msg') as string;
  else if (typeof o.message === 'string') msg = take('message') as string;
  if (pino) for (const key of PINO_NOISE) take(key);
  if (google) mapGoogleKeys(rest);

  const access = accessOf(rest);
  const err = errorOf(rest, 'err') ?? errorOf(rest, 'error');
  if (access !== undefined && restates(msg, access)) msg = '';
  return {
    time,
    level,
    levelText,
    name,
    msg,
    requestId: requestIdOf(o),
    access,
    err,
    fields: [...rest],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGoogleKey(key: string): boolean {
  return key.startsWith(GOOGLE);
}

function levelOfText(text: string): number | undefined {
  const severity = SEVERITY[text.toUpperCase()];
  if (severity !== undefined) return severity;
  try {
    const name = parseLevel(text);
    return name === 'silent' ? undefined : levels[name];
  } catch {
    return undefined;
  }
}

/** Epoch ms from epoch ms, an ISO string, or a protobuf Timestamp `{ seconds, nanos }`. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (isRecord(value) && typeof value.seconds === 'number') {
    const nanos = typeof value.nanos === 'number' ? value.nanos : 0;
    const ms = value.seconds * 1000 + Math.floor(nanos / 1e6);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** The special keys of a Cloud Logging line, under short names: trace ids as cloudlog names them. */
function mapGoogleKeys(rest: Map<string, unknown>): void {
  for (const [key, value] of [...rest]) {
    if (!isGoogleKey(key)) continue;
    rest.delete(key);
    const short = key.slice(GOOGLE.length);
    if (short === 'insertId') continue;
    if (short === 'trace') {
      const id = typeof value === 'string' ? value.slice(value.lastIndexOf('/') + 1) : value;
      if (!rest.has('traceId')) rest.set('traceId', id);
    } else if (short === 'spanId') {
      if (!rest.has('spanId')) rest.set('spanId', value);
    } else if (short === 'trace_sampled') {
      if (!rest.has('traceSampled')) rest.set('traceSampled', value);
    } else rest.set(short, value);
  }
}

/** cloudlog's access fields, else Cloud Logging's `httpRequest`, else pino-http's `req`/`res`. */
function accessOf(rest: Map<string, unknown>): AccessFacts | undefined {
  const method = rest.get('method');
  const path = rest.get('path');
  const outcome = rest.get('outcome');
  const httpRequest = rest.get('httpRequest');
  if (typeof method === 'string' && typeof path === 'string' && typeof outcome === 'string') {
    const status = rest.get('status');
    const duration = rest.get('durationMs');
    const route = rest.get('route');
    for (const key of ['method', 'path', 'status', 'durationMs', 'outcome']) rest.delete(key);
    // The same facts again, for Cloud Logging.
    if (isRecord(httpRequest)) rest.delete('httpRequest');
    return {
      method,
      path,
      route: typeof route === 'string' ? route : undefined,
      status: typeof status === 'number' ? status : undefined,
      durationMs: typeof duration === 'number' ? duration : undefined,
      outcome,
    };
  }
  if (isRecord(httpRequest) && typeof httpRequest.requestMethod === 'string') {
    const { requestMethod, requestUrl, status, latency, ...others } = httpRequest;
    if (Object.keys(others).length > 0) rest.set('httpRequest', others);
    else rest.delete('httpRequest');
    return {
      method: requestMethod,
      path: typeof requestUrl === 'string' ? pathOfUrl(requestUrl) : '-',
      route: undefined,
      status: typeof status === 'number' ? status : undefined,
      durationMs: latencyMs(latency),
      outcome: undefined,
    };
  }
  const req = rest.get('req');
  const res = rest.get('res');
  if (isRecord(req) && typeof req.method === 'string' && typeof req.url === 'string' && isRecord(res)) {
    const { method: m, url, id: _id, ...reqOthers } = req;
    const { statusCode, ...resOthers } = res;
    const responseTime = rest.get('responseTime');
    rest.delete('responseTime');
    if (Object.keys(reqOthers).length > 0) rest.set('req', reqOthers);
    else rest.delete('req');
    if (Object.keys(resOthers).length > 0) rest.set('res', resOthers);
    else rest.delete('res');
    return {
      method: m as string,
      path: url as string,
      route: undefined,
      status: typeof statusCode === 'number' ? statusCode : undefined,
      durationMs: typeof responseTime === 'number' ? responseTime : undefined,
      outcome: undefined,
    };
  }
  return undefined;
}

/** `https://host/a?b` → `/a?b`; a path is kept as it is. */
function pathOfUrl(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(.*)$/i.exec(url);
  return match === null ? url : match[1] || '/';
}

/** `"0.123s"` (stdout JSON) or `{ seconds, nanos }` → milliseconds. */
function latencyMs(latency: unknown): number | undefined {
  if (typeof latency === 'string' && /^\d+(?:\.\d+)?s$/.test(latency)) return Number(latency.slice(0, -1)) * 1000;
  if (isRecord(latency) && typeof latency.seconds === 'number') {
    return latency.seconds * 1000 + (typeof latency.nanos === 'number' ? latency.nanos / 1e6 : 0);
  }
  return undefined;
}

/** A message that only restates the access facts (cloudlog's default, a morgan format, pino-http's) is not repeated. */
function restates(msg: string, access: AccessFacts): boolean {
  if (msg === '' || GENERIC_ACCESS_MESSAGES.has(msg)) return true;
  const route = access.route;
  return (
    msg.includes(`${access.method} `) && (msg.includes(access.path) || (route !== undefined && msg.includes(route)))
  );
}

/** An error object (`{ type, message, stack }`) becomes ErrorFacts in place; its other keys follow as `err.key`. */
function errorOf(rest: Map<string, unknown>, key: string): ErrorFacts | undefined {
  const value = rest.get(key);
  if (!isRecord(value) || (typeof value.message !== 'string' && typeof value.stack !== 'string')) return undefined;
  const { type, name, message, stack, ...others } = value;
  const kind = typeof type === 'string' ? type : typeof name === 'string' ? name : 'Error';
  const facts = new ErrorFacts(
    typeof message === 'string' ? `${kind}: ${message}` : kind,
    typeof stack === 'string' ? stack : undefined,
  );
  const entries = [...rest];
  rest.clear();
  for (const [k, v] of entries) {
    if (k !== key) {
      rest.set(k, v);
      continue;
    }
    rest.set(k, facts);
    for (const [own, ownValue] of Object.entries(others)) rest.set(`${key}.${own}`, ownValue);
  }
  return facts;
}

/** cloudlog's `requestId`, pino-http's `req.id` or `reqId`, `request_id`, or a Cloud Logging label. */
function requestIdOf(o: Record<string, unknown>): string | undefined {
  const labels = o[`${GOOGLE}labels`];
  const candidates = [
    o.requestId,
    o.reqId,
    o.request_id,
    isRecord(o.req) ? o.req.id : undefined,
    isRecord(labels) ? labels.requestId : undefined,
  ];
  for (const c of candidates) {
    if (typeof c === 'string' || (typeof c === 'number' && Number.isFinite(c))) return String(c);
  }
  return undefined;
}
