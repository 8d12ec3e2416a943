// pnpm demo: cloudlog's whole job on this machine, with no cloud account. Starts local CloudWatch
// Logs and Cloud Logging servers, runs the example Express and Koa apps (each logging to a pretty
// console, CloudWatch and Cloud Logging at once), drives a scripted mix of real requests at them,
// flushes, and prints what landed where. Exits 0 only if every line that should have landed did.
// `pnpm demo --serve` leaves the apps and servers running instead.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { LocalCloudLogging, LocalCloudWatchLogs } from '@cloudlog/testing';
import { checkApp, landedFor } from './demo/checks.js';
import { APPS, type AppName, type AppStats, type DemoTargets, type ToChild, type ToParent } from './demo/protocol.js';
import { scenariosFor, send } from './demo/requests.js';
import { type AppReport, printSummary } from './demo/summary.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const serve = process.argv.includes('--serve');
const started = performance.now();

interface RunningApp {
  readonly app: AppName;
  readonly child: ChildProcess;
  readonly port: number;
  readonly stats: Promise<AppStats>;
}

function startApp(app: AppName, targets: DemoTargets): Promise<RunningApp> {
  const child = fork(join(import.meta.dirname, 'demo', 'app-process.ts'), [app], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DEMO_TARGETS: JSON.stringify(targets),
      ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // The app's console transport: its pretty lines, prefixed with the app's name.
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = pending + chunk.toString('utf8');
    const lines = text.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`[${app.padEnd(7)}] ${line}\n`);
  });
  const stats = new Promise<AppStats>((resolve, reject) => {
    child.on('message', (m: ToParent) => {
      if (m.type === 'stats') resolve(m.stats);
    });
    child.once('exit', (code) => reject(new Error(`${app} app exited (${code}) before reporting its stats`)));
  });
  stats.catch(() => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} app did not start within 20 s`)), 20_000);
    child.on('message', (m: ToParent) => {
      if (m.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ app, child, port: m.port, stats });
    });
    child.once('exit', (code) => reject(new Error(`${app} app exited (${code}) while starting`)));
  });
}

async function main(): Promise<number> {
  const cloudWatch = await LocalCloudWatchLogs.start();
  const cloudLogging = await LocalCloudLogging.start();
  const targets: DemoTargets = { cloudWatchEndpoint: cloudWatch.endpoint, cloudLoggingPort: cloudLogging.port };
  const apps: RunningApp[] = [];
  try {
    for (const app of APPS) apps.push(await startApp(app, targets));
    console.log(
      `local CloudWatch Logs at ${cloudWatch.endpoint}, local Cloud Logging at 127.0.0.1:${cloudLogging.port}`,
    );
    for (const a of apps) console.log(`${a.app} example app at http://127.0.0.1:${a.port}`);
    if (serve) {
      console.log('\n--serve: the apps and servers keep running; Ctrl-C stops them all.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      return 0;
    }
    console.log('');
    const reports: AppReport[] = [];
    for (const a of apps) {
      const sent = [];
      for (const scenario of scenariosFor(a.app)) sent.push(await send(a.port, scenario));
      a.child.send({ type: 'finish' } satisfies ToChild);
      const stats = await a.stats;
      const landed = landedFor(a.app, cloudWatch, cloudLogging);
      reports.push({
        app: a.app,
        url: `http://127.0.0.1:${a.port}`,
        requests: sent.length,
        stats,
        landed,
        checks: checkApp(a.app, sent, stats, landed),
      });
    }
    return printSummary(reports, (performance.now() - started) / 1000) ? 0 : 1;
  } finally {
    for (const a of apps) if (a.child.exitCode === null) a.child.kill('SIGTERM');
    await Promise.all([cloudWatch.close(), cloudLogging.close()]);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('demo failed:', error);
    process.exit(1);
  },
);
