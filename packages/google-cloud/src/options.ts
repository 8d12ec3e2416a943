import type { Destination, ErrorHandler, LevelInput, RetryOptions } from '@cloudlog/core';
import type { Logging, LoggingOptions } from '@google-cloud/logging';
import type { Environment } from './platform.js';
import type { MonitoredResource } from './target.js';

export type GoogleCloudMode = 'api' | 'stdout' | 'auto';

/**
 * Options of `new Logging(...)`, plus the channel settings its gRPC client also reads
 * (`port`, and `sslCreds`: `ChannelCredentials` of the `@grpc/grpc-js` that google-gax loads).
 */
export type LoggingClientOptions = LoggingOptions & {
  readonly port?: number;
  readonly sslCreds?: object;
};

export interface GoogleCloudTransportOptions {
  /**
   * `api`: batched `entries.write` calls through `@google-cloud/logging`. `stdout`: one JSON
   * line per record for the logging agent of Cloud Run, Cloud Run functions or GKE. `auto`:
   * stdout when `K_SERVICE`, `FUNCTION_TARGET` or `KUBERNETES_SERVICE_HOST` is set, else api.
   * @default 'auto'
   */
  readonly mode?: GoogleCloudMode;
  /**
   * Project of the entries and of their `trace` names.
   * @default api: the `logging` client's, else Application Default Credentials'; stdout:
   * `GOOGLE_CLOUD_PROJECT` (or `GCLOUD_PROJECT`, `GCP_PROJECT`), else the metadata server's on Google Cloud
   */
  readonly projectId?: string;
  /**
   * LOG_ID of the application's entries (api mode): 1 to 511 of `A-Za-z0-9/_.-`.
   * @default 'cloudlog'
   */
  readonly logName?: string;
  /**
   * LOG_ID of the request log: access lines, with `httpRequest`, parents of the request's other
   * entries in Logs Explorer (api mode).
   * @default `${logName}_reqlog`
   */
  readonly requestLogName?: string;
  /**
   * Write access lines as request logs, with `httpRequest`. Off on Cloud Run, Cloud Run
   * functions and App Engine, which log every request themselves: access lines are then
   * ordinary entries of `logName`, grouped under the platform's request log by their trace.
   * @default false when `K_SERVICE`, `FUNCTION_TARGET` or `GAE_SERVICE` is set, else true
   */
  readonly requestLog?: boolean;
  /** A client of your own (api mode); never closed by the transport. Exclusive with `clientOptions`. */
  readonly logging?: Logging;
  /**
   * Options for the client the transport creates on first use, and closes on close() (api mode).
   * Credentials come from Application Default Credentials, or from these options' own
   * `keyFilename` / `credentials`, as `@google-cloud/logging` reads them.
   * @default {}
   */
  readonly clientOptions?: LoggingClientOptions;
  /**
   * Monitored resource of every entry (api mode).
   * @default detected by the client (Cloud Run, GKE, GCE, App Engine...), else `{ type: 'global' }`
   */
  readonly resource?: MonitoredResource;
  /** Labels of every entry: at most 64, string values, 16 KiB in all. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Lowest level written. @default every level the logger lets through */
  readonly level?: LevelInput;
  /**
   * Most entries per request (api mode), 1 to 1,000.
   * @default 1000
   */
  readonly maxBatchEntries?: number;
  /**
   * Byte budget of one request, as estimated at write() (api mode), up to 9 MiB; the service's
   * limit is 10 MB. A request refused as too large is split and sent again.
   * @default 5_242_880 (5 MiB)
   */
  readonly maxBatchBytes?: number;
  /**
   * Most entries held waiting or in flight (api mode); newer ones are dropped as `queue_full`.
   * @default 100_000
   */
  readonly maxBufferedEntries?: number;
  /**
   * Most bytes held waiting or in flight (api mode); newer entries are dropped as `queue_full`.
   * @default 67_108_864 (64 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * Longest wait of an entry before its partial batch is sent (api mode), in ms.
   * @default 1_000
   */
  readonly flushIntervalMs?: number;
  /**
   * Deadline of one `entries.write` call, in ms (api mode). One attempt per call: retries are
   * the transport's own, with backoff, never google-gax's (whose total is 600 s).
   * @default 5_000
   */
  readonly timeoutMs?: number;
  /**
   * Backoff of failed writes (api mode): UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL,
   * RESOURCE_EXHAUSTED, credentials and network errors.
   * @default { baseDelayMs: 100, maxDelayMs: 30_000, maxAttempts: Infinity }
   */
  readonly retry?: RetryOptions;
  /**
   * Deadline of the flush that runs when the event loop drains while entries are held (api mode), in ms.
   * @default 5_000
   */
  readonly exitTimeoutMs?: number;
  /** Internal failures (refused entries, failed writes, drops). @default one rate-limited line on stderr */
  readonly onError?: ErrorHandler;
  /** Where lines go (stdout mode). @default process.stdout */
  readonly destination?: Destination;
  /** Environment read at construction, for `auto` and the defaults above. @default process.env */
  readonly env?: Environment;
}
