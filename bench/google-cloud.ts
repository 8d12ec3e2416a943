// pnpm bench:google-cloud: the Cloud Logging transport against Google's own integrations.
//   api mode:    entries per second that the local Cloud Logging server received, cloudlog's
//                googleCloudTransport({ mode: 'api' }) against @google-cloud/logging-winston,
//                both through the real @google-cloud/logging client.
//   stdout mode: lines per second to a destination that discards the bytes, cloudlog's
//                googleCloudTransport({ mode: 'stdout' }) against pino with
//                @google-cloud/pino-logging-gcp-config.
// Logging yields to the event loop between batches; only what was written or received counts.
process.env.METADATA_SERVER_DETECTION = 'none'; // winston's client detects a resource per write: never probe

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createLogger, type Logger } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';
import { LocalCloudLogging } from '@cloudlog/testing';
import { LoggingWinston } from '@google-cloud/logging-winston';
import { createGcpLoggingPinoConfig } from '@google-cloud/pino-logging-gcp-config';
import pino from 'pino';
import winston from 'winston';
import { type Contender, DiscardDestination, formatNs, measure, recordResult, table } from './harness.js';

const API_ENTRIES = Number(process.env.BENCH_API_ENTRIES ?? 50_000);
const API_BATCH = Number(process.env.BENCH_API_BATCH ?? 500);
const STDOUT_BATCH = Number(process.env.BENCH_BATCH ?? 2_000);
const STDOUT_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PROJECT = 'bench-project';
const RESOURCE = { type: 'global', labels: { project_id: PROJECT } };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

const order = { orderId: 'ord_9f8e7d', items: 3, total: 42.5, customer: { id: 42, tier: 'gold' } };

// ---------------------------------------------------------------------------------------------
// api mode

interface ApiContender {
  readonly name: string;
  readonly logName: string;
  /** Logs entry `i`. */
  readonly log: (i: number) => void;
  /** Asks for delivery of what is buffered (the clock stops when the server has everything). */
  readonly flush: () => Promise<void>;
  readonly close: () => Promise<void>;
}

function cloudlogApi(server: LocalCloudLogging, logName: string): ApiContender {
  const transport = googleCloudTransport({
    mode: 'api',
    logName,
    clientOptions: server.clientOptions(PROJECT),
    resource: RESOURCE,
    env: {},
  });
  const logger = createLogger({ level: 'info', transports: [transport] }).child({ service: 'orders' });
  const request = logger.withContext({ requestId: 'req-1' });
  request.context!.trace = { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true };
  return {
    name: 'cloudlog api',
    logName,
    log: (i) => request.info({ ...order, i }, 'order placed'),
    flush: () => transport.flush(120_000),
    close: () => transport.close(),
  };
}

function winstonApi(server: LocalCloudLogging, logName: string): ApiContender {
  const transport = new LoggingWinston({ ...server.clientOptions(PROJECT), logName, resource: RESOURCE });
  const logger = winston.createLogger({ level: 'info', transports: [transport] }).child({ service: 'orders' });
  const trace = `projects/${PROJECT}/traces/${TRACE_ID}`;
  return {
    name: '@google-cloud/logging-winston',
    logName,
    log: (i) =>
      logger.info('order placed', {
        ...order,
        i,
        requestId: 'req-1',
        [LoggingWinston.LOGGING_TRACE_KEY]: trace,
        [LoggingWinston.LOGGING_SPAN_KEY]: SPAN_ID,
        [LoggingWinston.LOGGING_SAMPLED_KEY]: true,
      }),
    flush: async () => {},
    close: async () => {
      logger.close();
    },
  };
}

async function runApi(
  server: LocalCloudLogging,
  make: (logName: string) => ApiContender,
  count: number,
): Promise<{ name: string; received: number; seconds: number; requests: number }> {
  const contender = make(`bench-${Math.random().toString(36).slice(2, 8)}`);
  const received = (): number => server.entries({ logName: contender.logName }).length;
  const started = performance.now();
  for (let i = 0; i < count; i += API_BATCH) {
    for (let k = i; k < Math.min(count, i + API_BATCH); k++) contender.log(k);
    await yieldToLoop();
  }
  await contender.flush();
  const deadline = Date.now() + 120_000;
  while (received() < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  const seconds = (performance.now() - started) / 1000;
  const got = received();
  const requests = server.calls('WriteLogEntries').length;
  await contender.close();
  server.reset();
  return { name: contender.name, received: got, seconds, requests };
}

// ---------------------------------------------------------------------------------------------
// stdout mode

interface StdoutImpl {
  readonly name: string;
  readonly plain: (i: number) => void;
  readonly traced: (i: number) => void;
  readonly dest: DiscardDestination;
}

function cloudlogStdout(): StdoutImpl {
  const dest = new DiscardDestination();
  const transport = googleCloudTransport({ mode: 'stdout', projectId: PROJECT, destination: dest, env: {} });
  const logger: Logger = createLogger({ level: 'info', transports: [transport] }).child({ service: 'orders' });
  const request = logger.withContext({ requestId: 'req-1' });
  request.context!.trace = { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true };
  return {
    name: 'cloudlog stdout',
    plain: () => logger.info(order, 'order placed'),
    traced: () => request.info(order, 'order placed'),
    dest,
  };
}

function pinoGcp(): StdoutImpl {
  const dest = new DiscardDestination();
  const config = createGcpLoggingPinoConfig(
    { serviceContext: { service: 'bench' }, traceGoogleCloudProjectId: PROJECT, inihibitDiagnosticMessage: true },
    { level: 'info' },
  );
  const logger = pino(config, dest as unknown as pino.DestinationStream).child({ service: 'orders' });
  // pino-logging-gcp-config turns OpenTelemetry's trace_id / span_id / trace_flags into the special keys.
  const request = logger.child({ requestId: 'req-1', trace_id: TRACE_ID, span_id: SPAN_ID, trace_flags: '01' });
  return {
    name: 'pino + pino-logging-gcp-config',
    plain: () => logger.info(order, 'order placed'),
    traced: () => request.info(order, 'order placed'),
    dest,
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`\ngoogle-cloud benchmark (node ${process.version})`);

  // api mode: the server runs in this process, so its decoding competes for the same CPU.
  const server = await LocalCloudLogging.start();
  const apiMakers = [
    (logName: string) => cloudlogApi(server, logName),
    (logName: string) => winstonApi(server, logName),
  ];
  // Warm-up (also consumes the client's one-time diagnostic entry), then the measured runs.
  for (const make of apiMakers) await runApi(server, make, 2_000);
  const apiRows: string[][] = [];
  const apiRates: Record<string, number> = {};
  for (const make of apiMakers) {
    const { name, received, seconds, requests } = await runApi(server, make, API_ENTRIES);
    if (received !== API_ENTRIES) console.log(`  ${name}: the server received ${received} of ${API_ENTRIES} entries`);
    const rate = received / seconds;
    apiRates[name] = rate;
    apiRows.push([name, `${received}`, `${requests}`, seconds.toFixed(2), Math.round(rate).toLocaleString('en-US')]);
  }
  await server.close();
  const apiRatio = (apiRates['cloudlog api'] ?? 0) / (apiRates['@google-cloud/logging-winston'] ?? 1);
  console.log(
    `\napi mode: ${API_ENTRIES} entries (batches of ${API_BATCH} calls), received by a local Cloud Logging server\n`,
  );
  console.log(table(['contender', 'received', 'requests', 'seconds', 'entries/s'], apiRows));
  console.log(`\ncloudlog api / logging-winston: ${apiRatio.toFixed(2)}x the entries per second`);
  recordResult({
    bench: 'google-cloud',
    metric: 'api mode, entries shipped',
    competitor: '@google-cloud/logging-winston',
    cloudlog: apiRates['cloudlog api'] ?? 0,
    other: apiRates['@google-cloud/logging-winston'] ?? 0,
    unit: 'entries/s',
    better: 'higher',
  });

  // stdout mode
  const stdoutRows: string[][] = [];
  for (const label of ['plain', 'traced'] as const) {
    const impls = [cloudlogStdout(), pinoGcp()];
    const contenders: Contender[] = impls.map((impl) => ({
      name: impl.name,
      op: impl[label],
      lines: () => impl.dest.lines,
    }));
    const results = await measure(contenders, { batch: STDOUT_BATCH, rounds: STDOUT_ROUNDS });
    for (const r of results) if (r.lines === 0) throw new Error(`${r.name} wrote nothing`);
    const [ours, theirs] = results as [(typeof results)[0], (typeof results)[0]];
    recordResult({
      bench: 'google-cloud',
      metric: label === 'plain' ? 'stdout mode, a line' : 'stdout mode, a line in a request',
      competitor: 'pino + pino-logging-gcp-config',
      cloudlog: ours.nsPerOp,
      other: theirs.nsPerOp,
      unit: 'ns/line',
      better: 'lower',
    });
    stdoutRows.push([
      label === 'plain' ? 'object + child bindings' : 'in a request (trace keys)',
      formatNs(ours.nsPerOp),
      Math.round(1e9 / ours.nsPerOp).toLocaleString('en-US'),
      formatNs(theirs.nsPerOp),
      Math.round(1e9 / theirs.nsPerOp).toLocaleString('en-US'),
      `${(theirs.nsPerOp / ours.nsPerOp).toFixed(2)}x`,
    ]);
  }
  console.log(
    `\nstdout mode: median of ${STDOUT_ROUNDS} rounds of ${STDOUT_BATCH} lines to a discarding destination\n`,
  );
  console.log(
    table(
      ['case', 'cloudlog ns/line', 'cloudlog lines/s', 'pino-gcp ns/line', 'pino-gcp lines/s', 'cloudlog speed-up'],
      stdoutRows,
    ),
  );
}

void main();
