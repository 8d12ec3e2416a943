// The local CloudWatch Logs server for bench/cloudwatch.ts, in a child process of its own: its CPU
// and the events it stores stay out of the benchmark's event loop and RSS, as a remote service
// would. Commands arrive over IPC as { id, cmd, ...args } and are answered { id, result }.
import { LocalCloudWatchLogs } from '@cloudlog/testing';

interface Command {
  readonly id: number;
  readonly cmd: 'stored' | 'calls' | 'hang' | 'clear' | 'stop' | 'restart' | 'verify' | 'close';
  readonly operation?: 'PutLogEvents' | 'DescribeLogStreams' | 'CreateLogStream';
  readonly group?: string;
  readonly prefix?: string;
}

const server = await LocalCloudWatchLogs.start();
const send = (message: unknown): void => {
  process.send?.(message);
};

const ofGroup = (group: string | undefined) => (request: { input?: Readonly<Record<string, unknown>> }) =>
  group === undefined || request.input?.logGroupName === group;

/** Events stored in a group, from the request log (cheap): the sum of accepted PutLogEvents batches. */
function stored(group: string | undefined): number {
  let total = 0;
  for (const request of server.requests('PutLogEvents').filter(ofGroup(group))) {
    if (request.status === 200) total += request.eventCount ?? 0;
  }
  return total;
}

/** Checks that a group holds `${prefix}0`, `${prefix}1`, ... with no gap; returns how many, and the first break. */
function verify(group: string, prefix: string): { count: number; firstGap: number } {
  const messages = server.messages(group);
  let firstGap = -1;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as string;
    const at = message.indexOf(prefix);
    const n = at === -1 ? Number.NaN : Number.parseInt(message.slice(at + prefix.length), 10);
    if (n !== i) {
      firstGap = i;
      break;
    }
  }
  return { count: messages.length, firstGap };
}

process.on('message', async (raw) => {
  const command = raw as Command;
  let result: unknown;
  switch (command.cmd) {
    case 'stored':
      result = stored(command.group);
      break;
    case 'calls':
      result = server.requests(command.operation).filter(ofGroup(command.group)).length;
      break;
    case 'hang':
      server.hang({ times: Number.POSITIVE_INFINITY });
      break;
    case 'clear':
      server.clearFaults();
      break;
    case 'stop':
      await server.stop();
      break;
    case 'restart':
      await server.restart();
      break;
    case 'verify':
      result = verify(command.group ?? '', command.prefix ?? '');
      break;
    case 'close':
      await server.close();
      send({ id: command.id, result: true });
      process.disconnect();
      return;
  }
  send({ id: command.id, result });
});

send({ ready: true, endpoint: server.endpoint });
