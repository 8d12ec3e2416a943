// @cloudlog/cloudwatch: ship every line to CloudWatch Logs, nothing lost at shutdown.
import { cloudWatchTransport } from '@cloudlog/cloudwatch';
import { configure, flushOnExit, getLogger, pretty, stream } from '@cloudlog/core';

const cloudWatch = cloudWatchTransport({
  logGroupName: '/my-app/web',
  logStreamName: '{hostname}-{pid}-{startTime}', // the default
  retentionInDays: 30,
  clientConfig: { region: 'eu-west-1' }, // credentials: the SDK's default chain, never options
});
configure({ level: 'info', transports: [stream({ format: pretty() }), cloudWatch] });
flushOnExit(getLogger()); // on SIGTERM / SIGINT, deliver what is buffered before the process ends

getLogger('orders').info({ orderId: 'o-42' }, 'order placed');

// What happened to every record: enqueued, sent, retried, dropped by reason, buffered.
const { sent, dropped } = cloudWatch.stats();
console.log(sent, dropped);
