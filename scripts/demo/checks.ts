// What must be true once the demo's requests are done: every line landed in both services, and
// each scenario shows what it is for. Each check reads what the local servers stored.
import type { LocalCloudLogging, LocalCloudWatchLogs, StoredEntry } from '@cloudlog/testing';
import { type AppName, type AppStats, DEMO_PROJECT, logNamesOf } from './protocol.js';
import { CLOUD_SPAN_HEX, CLOUD_TRACE_ID, type Sent, TRACE_ID } from './requests.js';

export type Line = Record<string, unknown> & { level: string; msg: string; requestId?: string };

export interface Check {
  readonly app: AppName;
  readonly what: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface Landed {
  /** The app's CloudWatch events, parsed (they are JSON lines). */
  readonly lines: Line[];
  /** The app's Cloud Logging entries: ordinary lines, then request logs. */
  readonly entries: StoredEntry[];
  readonly requestLogs: StoredEntry[];
}

export function landedFor(app: AppName, cloudWatch: LocalCloudWatchLogs, cloudLogging: LocalCloudLogging): Landed {
  const names = logNamesOf(app);
  return {
    lines: cloudWatch.messages(names.cloudWatchGroup).map((m) => JSON.parse(m) as Line),
    entries: cloudLogging.entries({ logName: names.cloudLoggingLog }),
    requestLogs: cloudLogging.entries({ logName: names.requestLog }),
  };
}

export function checkApp(app: AppName, sent: readonly Sent[], stats: AppStats, landed: Landed): Check[] {
  const checks: Check[] = [];
  const check = (what: string, ok: boolean, detail?: string): void => {
    checks.push({ app, what, ok, ...(detail === undefined ? {} : { detail }) });
  };
  const { lines, entries, requestLogs } = landed;
  const logged = stats.console?.sent ?? 0;

  check(
    'every line reached CloudWatch Logs',
    stats.cloudWatch.enqueued === logged && stats.cloudWatch.sent === logged && lines.length === logged,
    `${lines.length} stored, ${stats.cloudWatch.sent} sent, ${logged} logged, ${stats.cloudWatch.droppedTotal} dropped`,
  );
  check(
    'every line reached Cloud Logging',
    stats.googleCloud.sent === logged && entries.length + requestLogs.length === logged,
    `${entries.length} entries + ${requestLogs.length} request logs, ${stats.googleCloud.sent} sent, ${logged} logged`,
  );

  const byLabel = new Map(sent.map((s) => [s.scenario.label, s]));
  const linesOf = (label: string): Line[] => {
    const id = byLabel.get(label)?.requestId;
    return id === undefined ? [] : lines.filter((l) => l.requestId === id);
  };
  const accessOf = (label: string): Line | undefined => linesOf(label).find((l) => 'outcome' in l);

  const normal = accessOf('a normal request, with traceparent');
  check(
    'a normal request: one info access line, 200, with its traceparent trace id',
    normal?.level === 'info' && normal.status === 200 && normal.traceId === TRACE_ID,
  );
  const notFound = accessOf('a 404');
  check('a 404: a warn access line', notFound?.level === 'warn' && notFound.status === 404);
  const thrown = accessOf('a thrown error');
  const err = thrown?.err as { message?: string } | undefined;
  check(
    'a thrown error: an error access line, 500, with the real error',
    thrown?.level === 'error' && thrown.status === 500 && typeof err?.message === 'string',
  );
  const aborted = accessOf('a client that aborts mid-response');
  check(
    'a client abort: outcome aborted, no status, warn',
    aborted?.outcome === 'aborted' && !('status' in aborted) && aborted.level === 'warn',
  );
  const slow = accessOf('a slow request');
  check('a slow request: marked slow, raised to warn', slow?.slow === true && slow.level === 'warn');
  const debugLines = linesOf('a route at debug (routeLevel)').filter((l) => l.level === 'debug');
  check(
    'routeLevel("debug"): debug lines from that route only',
    debugLines.length > 0 && lines.filter((l) => l.level === 'debug').length === debugLines.length,
  );
  check(
    'a health check with its access log off: no line at all',
    linesOf('a health check, access log off').length === 0 &&
      byLabel.get('a health check, access log off')?.status === 200,
  );
  const me = linesOf('userId added after auth (assign)');
  check(
    'assign({ userId }) after auth: on the later lines and the access line',
    me.length > 0 && accessOf('userId added after auth (assign)')?.userId === 'alice',
  );

  const cloudTrace = `projects/${DEMO_PROJECT}/traces/${CLOUD_TRACE_ID}`;
  const cloudReqLog = requestLogs.find((e) => e.trace === cloudTrace);
  check(
    'x-cloud-trace-context: trace and the decimal span id as 16 hex digits',
    cloudReqLog?.spanId === CLOUD_SPAN_HEX && cloudReqLog.traceSampled === true,
    `spanId ${cloudReqLog?.spanId ?? 'missing'}, expected ${CLOUD_SPAN_HEX}`,
  );
  const trace = `projects/${DEMO_PROJECT}/traces/${TRACE_ID}`;
  const parent = requestLogs.find((e) => e.trace === trace);
  const children = entries.filter((e) => e.trace === trace);
  check(
    'Cloud Logging: the access line is the request log (httpRequest), its lines share its trace',
    parent?.httpRequest?.status === 200 && parent.httpRequest.requestMethod === 'GET' && children.length > 0,
    `${children.length} lines under the request log's trace`,
  );
  return checks;
}
