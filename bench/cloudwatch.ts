// pnpm bench:cloudwatch: cloudlog's CloudWatch transport against winston-cloudwatch, both shipping
// to the local CloudWatch Logs server (in a child process) through the real AWS SDK client.
//  1. throughput: the same small events (78-byte JSON lines), written in chunks that yield to the
//     event loop; events/s = what the server stored / time until it had them; PutLogEvents calls
//     per 10,000 events; DescribeLogStreams calls;
//  2. short lines (40 bytes): more than 10,000 fit in 1 MB, the case PutLogEvents' count limit is for;
//  3. a 20 s stall under a steady 5,000 events/s: event-loop delay p99 and RSS growth during the
//     stall, then recovery, with every event delivered or counted as dropped.
// BENCH_EVENTS (1,000,000), BENCH_WINSTON_EVENTS (100,000) and BENCH_STALL_MS (20,000) scale it.
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchTransport } from '@cloudlog/cloudwatch';
import { createLogger } from '@cloudlog/core';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';
import {
  MB,
  median,
  type ServerHandle,
  sampleRss,
  startServer,
  steadyLoad,
  storedOrStalled,
} from './cloudwatch-harness.js';
import { recordResult, table } from './harness.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const WINSTON_EVENTS = Number(process.env.BENCH_WINSTON_EVENTS ?? 100_000);
const STALL_MS = Number(process.env.BENCH_STALL_MS ?? 20_000);
const STEADY_RATE = 5_000;
const CHUNK = 2_000;
const STALL_BUFFER_BYTES = 8 * MB;

/** What each event looks like on the wire. */
interface Shape {
  /** Width of the message `bench <i> ....`. */
  readonly width: number;
  /** Ship the message alone instead of a JSON line. */
  readonly raw: boolean;
}
/** 78-byte JSON lines `{"level":"info","time":"…","msg":"bench 12 ......."}`: 10,000 of them fill 1 MiB. */
const JSON_78: Shape = { width: 19, raw: false };
/** 40-byte plain lines: more than 10,000 fit in 1 MB. */
const RAW_40: Shape = { width: 40, raw: true };

const message = (i: number, shape: Shape): string => `bench ${i} `.padEnd(shape.width, '.');
/** cloudlog's json() line, for winston-cloudwatch's messageFormatter: the same bytes. */
const jsonLine = (msg: unknown): string => `{"level":"info","time":"${new Date().toISOString()}","msg":"${msg}"}`;

interface Row {
  readonly name: string;
  readonly logged: number;
  readonly stored: number;
  readonly ms: number;
  readonly puts: number;
  readonly describes: number;
  readonly inOrder: boolean;
  readonly writeNs?: number;
}

async function shipCloudlog(server: ServerHandle, group: string, count: number, shape: Shape): Promise<Row> {
  const transport = cloudWatchTransport({
    logGroupName: group,
    logStreamName: 'bench',
    clientConfig: server.clientConfig,
    onError: () => {},
    ...(shape.raw ? { format: { format: (record: { msg: string }) => record.msg } } : {}),
  });
  const logger = createLogger({ level: 'info', transports: [transport] });
  let writeNs = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += CHUNK) {
    // A producer faster than the network waits for the buffer rather than overflowing it.
    while (transport.stats().bufferedEvents > 50_000) await yieldToLoop();
    const t0 = process.hrtime.bigint();
    const end = Math.min(i + CHUNK, count);
    for (let k = i; k < end; k++) logger.info(message(k, shape));
    writeNs += Number(process.hrtime.bigint() - t0);
    await yieldToLoop();
  }
  await transport.flush(120_000);
  const ms = performance.now() - started;
  await transport.close();
  return {
    name: 'cloudlog',
    logged: count,
    stored: await server.stored(group),
    ms,
    puts: await server.calls('PutLogEvents', group),
    describes: await server.calls('DescribeLogStreams', group),
    inOrder: (await server.verify(group, 'bench ')).firstGap === -1,
    writeNs: writeNs / count,
  };
}

function winstonLogger(group: string, client: CloudWatchLogs, shape: Shape, onError: () => void) {
  const transport = new WinstonCloudWatch({
    logGroupName: group,
    logStreamName: 'bench',
    cloudWatchLogs: client,
    messageFormatter: (entry) => (shape.raw ? String(entry.message) : jsonLine(entry.message)),
    errorHandler: onError,
  });
  return { transport, logger: winston.createLogger({ level: 'info', transports: [transport] }) };
}

async function shipWinston(server: ServerHandle, group: string, count: number, shape: Shape): Promise<Row> {
  const client = new CloudWatchLogs(server.clientConfig);
  let errors = 0;
  const { transport, logger } = winstonLogger(group, client, shape, () => errors++);
  let writeNs = 0;
  const started = performance.now();
  for (let i = 0; i < count; i += CHUNK) {
    const t0 = process.hrtime.bigint();
    const end = Math.min(i + CHUNK, count);
    for (let k = i; k < end; k++) logger.info(message(k, shape));
    writeNs += Number(process.hrtime.bigint() - t0);
    await yieldToLoop();
  }
  // Done when everything is stored, or when nothing new arrived for 10 s (what failed is lost).
  const { stored, lastProgress } = await storedOrStalled(server, group, count, 600_000, 50);
  const ms = lastProgress - started;
  await new Promise<void>((resolve) => transport.kthxbye(() => resolve()));
  client.destroy();
  return {
    name: `winston-cloudwatch${errors > 0 ? ` (${errors} errors)` : ''}`,
    logged: count,
    stored,
    ms,
    puts: await server.calls('PutLogEvents', group),
    describes: await server.calls('DescribeLogStreams', group),
    inOrder: (await server.verify(group, 'bench ')).firstGap === -1,
    writeNs: writeNs / count,
  };
}

function recordThroughput(ours: Row, theirs: Row, what: string): void {
  const rate = (row: Row): number => (row.stored / row.ms) * 1_000;
  const common = { bench: 'cloudwatch', competitor: 'winston-cloudwatch' } as const;
  recordResult({
    ...common,
    metric: `${what}, events stored`,
    cloudlog: rate(ours),
    other: rate(theirs),
    unit: 'events/s',
    better: 'higher',
  });
  recordResult({
    ...common,
    metric: `${what}, share delivered`,
    cloudlog: (100 * ours.stored) / ours.logged,
    other: (100 * theirs.stored) / theirs.logged,
    unit: '%',
    better: 'higher',
  });
}

function throughputTable(rows: readonly Row[]): string {
  const [base] = rows;
  return table(
    ['shipper', 'logged', 'stored', 'events/s', 'vs cloudlog', 'puts / 10k', 'describes', 'in order', 'write ns'],
    rows.map((row) => {
      const rate = (row.stored / row.ms) * 1_000;
      const baseRate = base === undefined ? rate : (base.stored / base.ms) * 1_000;
      return [
        row.name,
        String(row.logged),
        String(row.stored),
        Math.round(rate).toLocaleString('en'),
        `${(rate / baseRate).toFixed(3)}x`,
        row.stored === 0 ? '-' : ((row.puts / row.stored) * 10_000).toFixed(2),
        String(row.describes),
        row.inOrder ? 'yes' : 'NO',
        row.writeNs === undefined ? '-' : row.writeNs.toFixed(0),
      ];
    }),
  );
}

/** Heap in use after a full GC (the stall runs with --expose-gc); NaN without it. */
function retainedHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  gc();
  return process.memoryUsage().heapUsed;
}

interface StallResult {
  readonly name: string;
  readonly logged: number;
  readonly stored: number;
  /** Counted drops; null when the shipper does not count them. */
  readonly dropped: number | null;
  readonly lagP99Normal: number;
  readonly lagP99Stall: number;
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  /** Heap still in use after a full GC at the end of the stall, minus the same before it: what the buffer holds. */
  readonly retainedMb: number;
  readonly boundMb: number | undefined;
}

/** Steady 5,000 events/s: 5 s normal, STALL_MS stalled, then recovery; what was logged must be stored or counted. */
async function stallRun(
  name: string,
  write: (count: number, first: number) => void,
  stall: () => Promise<void>,
  recover: () => Promise<void>,
  settle: (logged: number) => Promise<{ stored: number; dropped: number | null }>,
  boundMb: number | undefined,
): Promise<StallResult> {
  let logged = 0;
  const stopLoad = steadyLoad(STEADY_RATE, (count) => {
    write(count, logged);
    logged += count;
  });
  const normalLag = monitorEventLoopDelay({ resolution: 1 });
  normalLag.enable();
  const beforeStall = sampleRss();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  normalLag.disable();
  const baseline = median(beforeStall().slice(-20));
  const heapBaseline = process.memoryUsage().heapUsed;
  const retainedBefore = retainedHeap();
  await stall();
  const stallLag = monitorEventLoopDelay({ resolution: 1 });
  stallLag.enable();
  const duringStall = sampleRss();
  let heapPeak = heapBaseline;
  const heapSampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 100);
  await new Promise((resolve) => setTimeout(resolve, STALL_MS));
  clearInterval(heapSampler);
  const peak = Math.max(...duringStall());
  const retainedDuring = retainedHeap();
  stallLag.disable();
  await recover();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  stopLoad();
  const { stored, dropped } = await settle(logged);
  return {
    name,
    logged,
    stored,
    dropped,
    lagP99Normal: normalLag.percentile(99) / 1e6,
    lagP99Stall: stallLag.percentile(99) / 1e6,
    rssGrowthMb: (peak - baseline) / MB,
    heapGrowthMb: (heapPeak - heapBaseline) / MB,
    retainedMb: (retainedDuring - retainedBefore) / MB,
    boundMb,
  };
}

async function stallCloudlog(server: ServerHandle): Promise<StallResult> {
  const group = '/bench/stall-cloudlog';
  const transport = cloudWatchTransport({
    logGroupName: group,
    logStreamName: 'bench',
    clientConfig: server.clientConfig,
    maxBufferedBytes: STALL_BUFFER_BYTES,
    onError: () => {},
  });
  const logger = createLogger({ level: 'info', transports: [transport] });
  return stallRun(
    'cloudlog (service hangs)',
    (count, first) => {
      for (let k = first; k < first + count; k++) logger.info(message(k, JSON_78));
    },
    () => server.hang(),
    () => server.clear(),
    async (logged) => {
      await transport.flush(60_000);
      const stats = transport.stats();
      await transport.close();
      const stored = await server.stored(group);
      const exact = stored === stats.sent && stored + stats.droppedTotal === logged && stats.bufferedEvents === 0;
      console.log(
        exact
          ? `cloudlog stall: logged ${logged} = stored ${stored} + dropped ${stats.droppedTotal} ${JSON.stringify(stats.dropped)}, ${stats.failures} failed attempts`
          : `cloudlog stall: COUNTS DO NOT ADD UP ${JSON.stringify({ logged, stored, stats })}`,
      );
      return { stored, dropped: stats.droppedTotal };
    },
    STALL_BUFFER_BYTES / MB,
  );
}

async function stallWinston(server: ServerHandle): Promise<StallResult> {
  // Under a hang winston-cloudwatch never recovers (no request timeout, one upload at a time), so
  // its stall is the service going away (connections refused), which it can come back from.
  const group = '/bench/stall-winston';
  const client = new CloudWatchLogs(server.clientConfig);
  const { transport, logger } = winstonLogger(group, client, JSON_78, () => {});
  return stallRun(
    'winston-cloudwatch (service down)',
    (count, first) => {
      for (let k = first; k < first + count; k++) logger.info(message(k, JSON_78));
    },
    () => server.stop(),
    () => server.restart(),
    async (logged) => {
      const { stored } = await storedOrStalled(server, group, logged, 300_000, 100);
      await new Promise<void>((resolve) => transport.kthxbye(() => resolve()));
      client.destroy();
      return { stored, dropped: null };
    },
    undefined,
  );
}

function stallTable(rows: readonly StallResult[]): string {
  return table(
    [
      'shipper',
      'logged',
      'stored',
      'dropped (counted)',
      'lost silently',
      'loop p99 normal',
      'loop p99 stall',
      'RSS growth',
      'heap growth',
      'retained after GC',
      'bound + 20 MB',
    ],
    rows.map((row) => [
      row.name,
      String(row.logged),
      String(row.stored),
      row.dropped === null ? 'not counted' : String(row.dropped),
      String(row.logged - row.stored - (row.dropped ?? 0)),
      `${row.lagP99Normal.toFixed(1)} ms`,
      `${row.lagP99Stall.toFixed(1)} ms`,
      `${row.rssGrowthMb.toFixed(1)} MB`,
      `${row.heapGrowthMb.toFixed(1)} MB`,
      `${row.retainedMb.toFixed(1)} MB`,
      row.boundMb === undefined ? 'unbounded' : `${(row.boundMb + 20).toFixed(0)} MB`,
    ]),
  );
}

/** Runs one stall measurement in a fresh process, so that no earlier phase has grown the heap already. */
async function isolated(mode: string): Promise<StallResult> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  const lines = out.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  return JSON.parse(lines.at(-1) ?? '{}') as StallResult;
}

const mode = process.argv[2];
if (mode === '--stall-cloudlog' || mode === '--stall-winston') {
  const server = await startServer();
  try {
    const result = mode === '--stall-cloudlog' ? await stallCloudlog(server) : await stallWinston(server);
    console.log(JSON.stringify(result));
  } finally {
    await server.close();
  }
} else {
  const server = await startServer();
  try {
    console.log(
      `\nThroughput: ${EVENTS.toLocaleString('en')} events (cloudlog), ${WINSTON_EVENTS.toLocaleString('en')} (winston-cloudwatch), 78-byte JSON lines\n`,
    );
    const ours = await shipCloudlog(server, '/bench/cloudlog', EVENTS, JSON_78);
    const theirs = await shipWinston(server, '/bench/winston', WINSTON_EVENTS, JSON_78);
    console.log(throughputTable([ours, theirs]));
    recordThroughput(ours, theirs, '78-byte JSON lines');

    console.log('\nShort lines (40 bytes): 20,000 events; more than 10,000 of them fit in one 1 MB batch\n');
    const oursShort = await shipCloudlog(server, '/bench/short-cloudlog', 20_000, RAW_40);
    const theirsShort = await shipWinston(server, '/bench/short-winston', 20_000, RAW_40);
    console.log(throughputTable([oursShort, theirsShort]));
    recordThroughput(oursShort, theirsShort, '40-byte lines');
  } finally {
    await server.close();
  }
  console.log(
    `\nStall (each in a fresh process): ${STEADY_RATE.toLocaleString('en')} events/s, ${STALL_MS / 1_000} s without service, then recovery\n`,
  );
  const stalls = [await isolated('--stall-cloudlog'), await isolated('--stall-winston')];
  console.log(stallTable(stalls));
}
