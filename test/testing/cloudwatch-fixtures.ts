// Shared set-up for the local CloudWatch Logs server tests: a server on 127.0.0.1 port 0 with a
// fixed clock, and the real AWS SDK v3 client pointed at it.

import { CloudWatchLogsClient, type InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs, type LocalCloudWatchLogsOptions } from '@cloudlog/testing';

// The SDK warns once per process that it will require Node 22 from 2027; this project runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface Harness {
  server: LocalCloudWatchLogs;
  client: CloudWatchLogsClient;
}

export interface HarnessOptions extends LocalCloudWatchLogsOptions {
  /** Client attempts; 1 shows raw answers without SDK retries. */
  readonly maxAttempts?: number;
  /** Client `requestTimeout` in ms (with `throwOnRequestTimeout`). */
  readonly requestTimeoutMs?: number;
}

/** Starts a fresh server and client before each test of the calling suite, closes both after. */
export function useLocalCloudWatch(options: HarnessOptions = {}): Harness {
  const { maxAttempts = 1, requestTimeoutMs, ...serverOptions } = options;
  const harness = {} as Harness;
  beforeEach(async () => {
    harness.server = await LocalCloudWatchLogs.start({ now: () => NOW, ...serverOptions });
    harness.client = new CloudWatchLogsClient({
      ...harness.server.clientConfig({ maxAttempts }),
      ...(requestTimeoutMs === undefined
        ? {}
        : { requestHandler: { requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true } }),
    });
  });
  afterEach(async () => {
    harness.client.destroy();
    await harness.server.close();
  });
  return harness;
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** `count` events one millisecond apart from `start`, messages `${prefix}${i}`. */
export function logEvents(count: number, { start = NOW, prefix = 'line ' } = {}): InputLogEvent[] {
  return Array.from({ length: count }, (_, i) => ({ timestamp: start + i, message: `${prefix}${i}` }));
}
