import type { CloudWatchLogsClient, CloudWatchLogsClientConfig, LogGroupClass } from '@aws-sdk/client-cloudwatch-logs';
import type { ErrorHandler, Format, LevelInput, QueueStats, RetryOptions, Transport } from '@cloudlog/core';
import type { RetentionInDays } from './limits.js';

/** What a `logStreamName` function (or template) can build the name from. */
export interface LogStreamNameInfo {
  /** `os.hostname()`. */
  readonly hostname: string;
  readonly pid: number;
  /** When the transport was created. */
  readonly startTime: Date;
}

/** Retry policy of failed PutLogEvents calls (and of the group and stream set-up before them). */
export interface CloudWatchRetryOptions extends RetryOptions {
  /**
   * First pause, in ms, after a credentials error (`ExpiredTokenException`, `AccessDeniedException`,
   * `UnrecognizedClientException`, a credential chain that found nothing, ...). It doubles on each
   * consecutive credentials error, up to `max(maxDelayMs, credentialsPauseMs)`; half of it is
   * fixed, half random. Records keep being buffered within the bounds meanwhile.
   * @default 5_000
   */
  readonly credentialsPauseMs?: number;
}

export interface CloudWatchTransportOptions {
  /** Log group: 1 to 512 characters of `[.\-_/#A-Za-z0-9]`, not starting with `aws/`. */
  readonly logGroupName: string;
  /**
   * Log stream: a name, a template, or a function called once at construction. Templates may use
   * `{hostname}`, `{pid}`, `{startTime}` (ISO 8601 with `-` for `:`), `{date}` (`YYYY-MM-DD`) and
   * `{uuid}`; the values put in are cleaned of `:` and `*`. The result must be 1 to 512 characters
   * without `:` or `*`.
   * @default '{hostname}-{pid}-{startTime}', e.g. `web-1-4242-2025-01-15T12-00-00.000Z`
   */
  readonly logStreamName?: string | ((info: LogStreamNameInfo) => string);
  /**
   * Your own client; the transport never destroys it. Give it a request timeout that throws
   * (`requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true }`), or a hung
   * connection stalls delivery, and `maxAttempts: 1` to leave retrying to the transport.
   * Exclusive with `clientConfig`.
   * @default a client made from `clientConfig`, destroyed by `close()`
   */
  readonly client?: CloudWatchLogsClient;
  /**
   * Configuration of the client the transport makes: `region`, `endpoint`, `credentials` (a
   * provider such as `fromTemporaryCredentials(...)`), ... Without `credentials` the SDK's default
   * chain applies (environment, SSO, shared files, ECS/EC2 roles). The transport adds
   * `maxAttempts: 1` (it retries itself) and a request handler with `requestTimeoutMs` that
   * throws, unless you set them.
   * @default {} (region and credentials from the environment)
   */
  readonly clientConfig?: CloudWatchLogsClientConfig;
  /**
   * Create the log group before the first batch, once (an existing group is fine; so is a missing
   * `logs:CreateLogGroup` permission, which is reported once).
   * @default true
   */
  readonly createLogGroup?: boolean;
  /**
   * Create the log stream before the first batch, once (an existing stream is fine).
   * @default true
   */
  readonly createLogStream?: boolean;
  /**
   * Retention of the log group, set once before the first batch: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150,
   * 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.
   * @default undefined (left as it is; a new group keeps events forever)
   */
  readonly retentionInDays?: RetentionInDays;
  /**
   * Class of a log group the transport creates (`STANDARD`, `INFREQUENT_ACCESS`, ...).
   * @default undefined (the service's default, STANDARD)
   */
  readonly logGroupClass?: LogGroupClass;
  /**
   * How records become messages: any core format; a string is a `template()`.
   * @default json()
   */
  readonly format?: Format | string;
  /**
   * Lowest level shipped.
   * @default every level the logger lets through
   */
  readonly level?: LevelInput;
  /**
   * Most events in one PutLogEvents call, 1 to 10,000.
   * @default 10_000
   */
  readonly maxBatchEvents?: number;
  /**
   * Largest batch, in bytes as the service counts them (UTF-8 message bytes + 26 per event),
   * 1,024 to 1,048,576. An event larger than the batch is truncated to fit.
   * @default 1_048_576
   */
  readonly maxBatchBytes?: number;
  /**
   * Longest time, in ms, a record waits before its batch is sent.
   * @default 1_000
   */
  readonly flushIntervalMs?: number;
  /**
   * Most records held (waiting and in flight); beyond it new records are dropped and counted (`queue_full`).
   * @default 100_000
   */
  readonly maxBufferedEvents?: number;
  /**
   * Most bytes held (waiting and in flight, counted as for a batch); beyond it new records are dropped and counted.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * PutLogEvents calls under way at once. With 1, events reach the stream in the order they were logged.
   * @default 1
   */
  readonly maxInFlight?: number;
  /**
   * Backoff of failed calls. Every failure except an invalid batch is retried, by default for
   * as long as the buffer holds.
   * @default { baseDelayMs: 100, maxDelayMs: 10_000, maxAttempts: Infinity, credentialsPauseMs: 5_000 }
   */
  readonly retry?: CloudWatchRetryOptions;
  /**
   * Timeout of one request of the client the transport makes (ignored with `client`).
   * @default 10_000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Deadline, in ms, of the delivery attempt when the event loop drains with records still held.
   * @default 5_000
   */
  readonly exitTimeoutMs?: number;
  /**
   * Receives internal failures (failed calls, drops, truncations). Never log through a logger that feeds this transport.
   * @default one rate-limited line on stderr
   */
  readonly onError?: ErrorHandler;
  /**
   * Clock in epoch ms, used at `write()` to drop events the service would reject as too old
   * (14 days), expired (older than `retentionInDays`) or too new (2 hours ahead).
   * @default Date.now
   */
  readonly now?: () => number;
}

/** HTTP requests the transport made, by operation, the SDK's own retries included. */
export interface CloudWatchCalls {
  readonly PutLogEvents: number;
  readonly CreateLogGroup: number;
  readonly CreateLogStream: number;
  readonly PutRetentionPolicy: number;
}

/**
 * The queue's counters (see `QueueStats`: `enqueued + droppedAtPush === sent + droppedTotal +
 * bufferedEvents`), with the events dropped in `write()` before the queue (`too_old`,
 * `too_new`, `expired`, `empty`, `format_error`) counted in `dropped` and `droppedAtPush`.
 */
export interface CloudWatchStats extends QueueStats {
  /** Requests made, by operation. */
  readonly calls: CloudWatchCalls;
  /** Requests the SDK client retried on its own, inside one attempt of the transport (0 with the client it makes). */
  readonly sdkRetries: number;
  /** Events cut down to the size limit (delivered, marked as truncated). */
  readonly truncated: number;
  /** Times the group or stream was created again after a ResourceNotFoundException. */
  readonly recreated: number;
}

export interface CloudWatchTransport extends Transport, AsyncDisposable {
  readonly logGroupName: string;
  /** The stream name in use (the default or template, expanded). */
  readonly logStreamName: string;
  /** The client in use: yours, or the one the transport made. */
  readonly client: CloudWatchLogsClient;
  /** Resolves true once everything written before the call is delivered or counted as dropped, false at the deadline. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Stops accepting, flushes within the deadline, then destroys the client if the transport made it. */
  close(timeoutMs?: number): Promise<void>;
  stats(): CloudWatchStats;
}
