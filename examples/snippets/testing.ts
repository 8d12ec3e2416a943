// @cloudlog/testing: assert on what your app really ships, against local CloudWatch Logs and
// Cloud Logging servers, through the real client libraries, with faults on demand.
import { cloudWatchTransport } from '@cloudlog/cloudwatch';
import { createLogger } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';
import { LocalCloudLogging, LocalCloudWatchLogs } from '@cloudlog/testing';

const cloudWatch = await LocalCloudWatchLogs.start(); // 127.0.0.1, a free port
const cloudLogging = await LocalCloudLogging.start();

const logger = createLogger({
  transports: [
    cloudWatchTransport({ logGroupName: '/my/app', clientConfig: cloudWatch.clientConfig() }),
    googleCloudTransport({
      mode: 'api',
      clientOptions: cloudLogging.clientOptions('my-project'),
      resource: { type: 'global' },
    }),
  ],
});

cloudWatch.throttle({ times: 2 }); // the next two PutLogEvents calls are throttled: retried, not lost
logger.info({ orderId: 'o-1' }, 'order placed');
await logger.flush();

const [event] = await cloudWatch.waitForEvents('/my/app', 1);
const [entry] = await cloudLogging.waitForEntries(1, { logName: 'cloudlog' });
console.assert(JSON.parse(event?.message ?? '{}').orderId === 'o-1');
console.assert(entry?.jsonPayload?.orderId === 'o-1');

await logger.close();
await Promise.all([cloudWatch.close(), cloudLogging.close()]);
