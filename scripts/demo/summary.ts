// The summary a person reads at a glance once the demo's requests are done.
import type { StoredEntry } from '@cloudlog/testing';
import type { Check, Landed, Line } from './checks.js';
import type { AppName, AppStats } from './protocol.js';

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const green = (s: string): string => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s: string): string => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s);

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): string {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export interface AppReport {
  readonly app: AppName;
  readonly url: string;
  readonly requests: number;
  readonly stats: AppStats;
  readonly landed: Landed;
  readonly checks: readonly Check[];
}

export function printSummary(reports: readonly AppReport[], seconds: number): boolean {
  const out: string[] = [];
  out.push('', bold('cloudlog demo: summary'), '');
  out.push(bold('CloudWatch Logs (local server)'));
  for (const r of reports) {
    const lines = r.landed.lines;
    out.push(
      `  ${r.app.padEnd(8)} ${String(lines.length).padStart(3)} events   levels: ${countBy(lines, (l) => l.level)}`,
    );
    out.push(`  ${''.padEnd(8)}              outcomes: ${countBy(lines, (l) => l.outcome as string | undefined)}`);
  }
  out.push('', bold('Cloud Logging (local server)'));
  for (const r of reports) {
    const all: StoredEntry[] = [...r.landed.entries, ...r.landed.requestLogs];
    out.push(
      `  ${r.app.padEnd(8)} ${String(r.landed.entries.length).padStart(3)} entries + ${r.landed.requestLogs.length} request logs   severities: ${countBy(all, (e) => e.severity)}`,
    );
    out.push(
      `  ${''.padEnd(8)}              outcomes: ${countBy(r.landed.requestLogs, (e) => e.jsonPayload?.outcome as string | undefined)}`,
    );
  }
  const first = reports[0];
  if (first !== undefined) {
    const access = first.landed.lines.find(
      (l: Line) => l.outcome === 'completed' && l.status === 200 && l.traceId !== undefined,
    );
    out.push(
      '',
      bold(`One CloudWatch event in full (${first.app}, an access line)`),
      indent(JSON.stringify(access, null, 2)),
    );
    const entry = first.landed.requestLogs.find((e) => e.httpRequest?.status === 200 && e.trace !== undefined);
    out.push(
      '',
      bold(`One Cloud Logging entry in full (${first.app}, the request log)`),
      indent(JSON.stringify(entry, null, 2)),
    );
  }
  out.push('', bold('Transport stats'));
  for (const r of reports) {
    for (const [name, s] of Object.entries(r.stats)) {
      if (s === undefined) continue;
      const dropped = s.droppedTotal === 0 ? 'dropped 0' : `dropped ${JSON.stringify(s.dropped)}`;
      out.push(
        `  ${r.app.padEnd(8)} ${name.padEnd(12)} enqueued ${s.enqueued}, sent ${s.sent}, retried ${s.retried}, ${dropped}, buffered ${s.bufferedEvents}`,
      );
    }
  }
  out.push('', bold('Checks'));
  let ok = true;
  for (const r of reports) {
    for (const c of r.checks) {
      ok &&= c.ok;
      out.push(
        `  ${c.ok ? green('✓') : red('✗')} ${r.app.padEnd(8)} ${c.what}${c.ok || c.detail === undefined ? '' : ` (${c.detail})`}`,
      );
    }
  }
  const requests = reports.reduce((n, r) => n + r.requests, 0);
  out.push(
    '',
    `${ok ? green('PASS') : red('FAIL')}: ${reports.length} apps, ${requests} requests, ${seconds.toFixed(1)} s`,
  );
  console.log(out.join('\n'));
  return ok;
}
