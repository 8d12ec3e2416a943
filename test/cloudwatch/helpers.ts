// Shared set-up for the CloudWatch transport tests: a local CloudWatch Logs server on 127.0.0.1
// port 0, transports pointed at it through the real AWS SDK v3 client, and records with exact
// timestamps and messages.

import { type CloudWatchTransport, type CloudWatchTransportOptions, cloudWatchTransport } from '@cloudlog/cloudwatch';
import { Bindings, type Format, LogRecord } from '@cloudlog/core';
import { LocalCloudWatchLogs, type LocalCloudWatchLogsOptions } from '@cloudlog/testing';

// The SDK warns once per process that it will require Node 22 from 2027; this project runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const GROUP = '/cloudlog/test';
export const STREAM = 'test-stream';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface CloudWatchHarness {
  server: LocalCloudWatchLogs;
  /** Everything the transports reported to onError. */
  errors: Error[];
  /** A transport on the server, group GROUP and stream STREAM unless overridden; closed after the test. */
  make(options?: Partial<CloudWatchTransportOptions>): CloudWatchTransport;
}

/** Starts a fresh server before each test of the calling suite; closes the transports and the server after. */
export function useCloudWatch(serverOptions: LocalCloudWatchLogsOptions = {}): CloudWatchHarness {
  const made: CloudWatchTransport[] = [];
  const harness: CloudWatchHarness = {
    server: undefined as unknown as LocalCloudWatchLogs,
    errors: [],
    make(options = {}) {
      const transport = cloudWatchTransport({
        logGroupName: GROUP,
        logStreamName: STREAM,
        ...(options.client === undefined ? { clientConfig: harness.server.clientConfig() } : {}),
        onError: (error) => harness.errors.push(error),
        ...options,
      });
      made.push(transport);
      return transport;
    },
  };
  beforeEach(async () => {
    harness.errors = [];
    harness.server = await LocalCloudWatchLogs.start(serverOptions);
  });
  afterEach(async () => {
    harness.server.clearFaults();
    await Promise.all(made.splice(0).map((transport) => transport.close(2_000)));
    await harness.server.close();
  });
  return harness;
}

/** A record with an exact time and message, as the logger would hand it to a transport. */
export function record(msg: string, time: number = Date.now(), level = 30): LogRecord {
  return new LogRecord(level, time, msg, undefined, Bindings.EMPTY, undefined);
}

/** The message is the record's msg, byte for byte: lets a test size events exactly. */
export const rawMessage: Format = { format: (r) => r.msg };

export { until } from '../support/capture.js';

/** `enqueued + droppedAtPush === sent + droppedTotal + bufferedEvents`: every record is in exactly one place. */
export function balances(stats: ReturnType<CloudWatchTransport['stats']>): boolean {
  return stats.enqueued + stats.droppedAtPush === stats.sent + stats.droppedTotal + stats.bufferedEvents;
}

/** Messages `${prefix}0` .. `${prefix}${count - 1}`. */
export function numbered(count: number, prefix = 'event '): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
