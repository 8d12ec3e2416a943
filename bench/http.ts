// pnpm bench:http: an Express hello-world under autocannon on 127.0.0.1, bare and with each
// request logger (cloudlog, pino-http, morgan, express-winston), each logging to a destination
// that discards bytes and counts lines. Every contender runs in its own server process, one after
// the other, with the same connections and duration; autocannon runs here, in the parent.
// Prints req/s, the ratio to bare, latency, and the server's CPU time per request.
//
// Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS
// (default 10), BENCH_ROUNDS (default 3: rounds interleave the contenders; a small VM drifts by
// 20% between runs, so each contender is compared with the bare run of its own round and the
// median of those ratios is reported), BENCH_ONLY (comma-separated contenders), BENCH_EXPRESS
// (4 or 5, default 5), BENCH_FRAMEWORK (express or koa, default express: koa runs
// bench/http-koa-server.ts's contenders), BENCH_KOA (2 or 3, default 3).
//
// "CPU µs/req" is the server process's CPU time per request (GC threads included): the cost of
// the logger without the client's share of the machine. "capacity" is bare's CPU per request
// over the contender's: the throughput it would keep on a server saturated by its own work.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { recordResult, table } from './harness.js';
import {
  CONTENDERS,
  type ContenderName,
  KOA_CONTENDERS,
  type KoaContenderName,
  REFERENCES,
  type ServerMessage,
} from './http-contenders.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()) ?? [];
const KOA = process.env.BENCH_FRAMEWORK === 'koa';
const contenders = (KOA ? KOA_CONTENDERS : CONTENDERS).filter(
  (c) => ONLY.length === 0 || ONLY.includes(c) || c === 'bare',
) as (ContenderName | KoaContenderName)[];

interface Sample {
  readonly rps: number;
  readonly p99: number;
  readonly cpuPerRequest: number;
  readonly linesPerRequest: number;
}

const serverScript = fileURLToPath(new URL(KOA ? './http-koa-server.ts' : './http-server.ts', import.meta.url));

async function runOne(name: ContenderName | KoaContenderName): Promise<Sample> {
  const child = fork(serverScript, [name], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await next(child, 'ready');
    const url = `http://127.0.0.1:${ready.port}/`;
    if (WARMUP > 0) await autocannon({ url, connections: CONNECTIONS, duration: WARMUP });
    child.send('reset');
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
    child.send('report');
    const stats = await next(child, 'stats');
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return {
      rps: result.requests.average,
      p99: result.latency.p99,
      cpuPerRequest: stats.cpuMicros / stats.requests,
      linesPerRequest: stats.lines / stats.requests,
    };
  } finally {
    child.kill();
  }
}

function next<T extends ServerMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => reject(new Error(`server exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const samples = new Map<ContenderName | KoaContenderName, Sample[]>(contenders.map((c) => [c, []]));
const framework = KOA
  ? `Koa ${process.env.BENCH_KOA === '2' ? 2 : 3}`
  : `Express ${process.env.BENCH_EXPRESS === '4' ? 4 : 5}`;
console.log(
  `${framework} hello-world, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per contender, ${ROUNDS} round(s)\n`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (const name of contenders) {
    const sample = await runOne(name);
    samples.get(name)?.push(sample);
    console.log(
      `round ${round + 1}: ${name.padEnd(16)} ${Math.round(sample.rps)} req/s, ${sample.cpuPerRequest.toFixed(1)} µs CPU/request`,
    );
  }
}

const bareRounds = samples.get('bare') ?? [];
const summary = contenders.map((name) => {
  const list = samples.get(name) ?? [];
  return {
    name,
    rps: median(list.map((s) => s.rps)),
    ratio: median(list.map((s, round) => s.rps / (bareRounds[round]?.rps ?? Number.NaN))),
    capacity: median(list.map((s, round) => (bareRounds[round]?.cpuPerRequest ?? Number.NaN) / s.cpuPerRequest)),
    p99: median(list.map((s) => s.p99)),
    cpu: median(list.map((s) => s.cpuPerRequest)),
    lines: median(list.map((s) => s.linesPerRequest)),
  };
});
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
console.log(
  `\n${table(
    ['contender', 'req/s', 'vs bare', 'capacity', 'p99 ms', 'CPU µs/req', 'lines/req'],
    summary.map((s) => [
      s.name,
      String(Math.round(s.rps)),
      percent(s.ratio),
      percent(s.capacity),
      String(s.p99),
      s.cpu.toFixed(1),
      s.lines.toFixed(2),
    ]),
  )}`,
);
console.log("\nvs bare: median over rounds of req/s divided by bare's req/s in the same round.");

const ours = summary.find((s) => s.name === 'cloudlog');
for (const other of summary) {
  if (ours === undefined || REFERENCES.includes(other.name) || other.name === 'cloudlog') continue;
  const common = { bench: 'http', competitor: other.name } as const;
  recordResult({
    ...common,
    metric: `${framework} hello-world, req/s as % of bare`,
    cloudlog: 100 * ours.ratio,
    other: 100 * other.ratio,
    unit: '%',
    better: 'higher',
  });
  recordResult({
    ...common,
    metric: `${framework} hello-world, server CPU per request`,
    cloudlog: ours.cpu,
    other: other.cpu,
    unit: 'µs',
    better: 'lower',
  });
}
