// One example app in its own process, as it would run in production: the root logger ships to a
// pretty console, to CloudWatch Logs and to Cloud Logging (api mode) at once; the local servers
// were started by the demo script, whose addresses arrive in DEMO_TARGETS. The parent drives
// requests, then sends 'finish': the app flushes, reports its transports' stats and exits.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudWatchTransport } from '@cloudlog/cloudwatch';
import { configure, getLogger, pretty, stream } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';
import { localCloudLoggingClientOptions } from '@cloudlog/testing';
import { createApp as createExpressApp } from '../../examples/express-app/src/app.js';
import { createApp as createKoaApp } from '../../examples/koa-app/src/app.js';
import { type AppName, DEMO_PROJECT, type DemoTargets, logNamesOf, type ToChild, type ToParent } from './protocol.js';

const name = process.argv[2] as AppName;
const targets = JSON.parse(process.env.DEMO_TARGETS ?? '{}') as DemoTargets;
const names = logNamesOf(name);

const console = stream({ format: pretty() });
const cloudWatch = cloudWatchTransport({
  logGroupName: names.cloudWatchGroup,
  logStreamName: 'demo-{pid}',
  clientConfig: {
    endpoint: targets.cloudWatchEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALDEMO', secretAccessKey: 'local-demo-secret' },
  },
  flushIntervalMs: 200,
});
const googleCloud = googleCloudTransport({
  mode: 'api',
  logName: names.cloudLoggingLog,
  clientOptions: localCloudLoggingClientOptions({ port: targets.cloudLoggingPort, projectId: DEMO_PROJECT }),
  resource: { type: 'global', labels: { project_id: DEMO_PROJECT } },
  flushIntervalMs: 200,
});
configure({ level: 'info', transports: [console, cloudWatch, googleCloud] });

function send(message: ToParent): void {
  process.send?.(message);
}

async function start(): Promise<Server> {
  const slowMs = 300;
  const server =
    name === 'koa'
      ? createKoaApp({ slowMs, slowRouteDelayMs: 400 }).listen(0, '127.0.0.1')
      : createExpressApp({ slowMs, slowRouteMs: 400 }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return server;
}

const server = await start();
send({ type: 'listening', port: (server.address() as AddressInfo).port });

process.on('message', async (message: ToChild) => {
  if (message.type !== 'finish') return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await getLogger().flush({ timeoutMs: 10_000 });
  send({
    type: 'stats',
    stats: { console: console.stats?.(), cloudWatch: cloudWatch.stats(), googleCloud: googleCloud.stats() },
  });
  await getLogger().close({ timeoutMs: 5_000 });
  process.disconnect?.();
});
