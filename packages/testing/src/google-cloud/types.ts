// Public shapes of what the local Cloud Logging server stores and reports.

/** `google.logging.type.LogSeverity` names, with their numbers. */
export const LOG_SEVERITIES = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
} as const;

export type SeverityName = keyof typeof LOG_SEVERITIES;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface MonitoredResource {
  readonly type: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A `google.protobuf.Duration`, int64 seconds as a number. */
export interface Duration {
  readonly seconds: number;
  readonly nanos: number;
}

/** `google.logging.type.HttpRequest`, int64 fields as numbers. */
export interface StoredHttpRequest {
  readonly requestMethod?: string;
  readonly requestUrl?: string;
  readonly requestSize?: number;
  readonly status?: number;
  readonly responseSize?: number;
  readonly userAgent?: string;
  readonly remoteIp?: string;
  readonly serverIp?: string;
  readonly referer?: string;
  readonly latency?: Duration;
  readonly cacheLookup?: boolean;
  readonly cacheHit?: boolean;
  readonly cacheValidatedWithOriginServer?: boolean;
  readonly cacheFillBytes?: number;
  readonly protocol?: string;
}

/** A log entry as the server accepted it, with the request's defaults and the service's own values filled in. */
export interface StoredEntry {
  /** Full name, e.g. `projects/my-project/logs/my-log` (a leading `/` is removed, as the service does). */
  readonly logName: string;
  /** The URL-decoded `[LOG_ID]`, e.g. `cloudaudit.googleapis.com/activity`. */
  readonly logId: string;
  /** The destination, e.g. `projects/my-project`. */
  readonly parent: string;
  /** The project of a `projects/<project>/logs/...` name; undefined for organizations, folders, billing accounts. */
  readonly projectId: string | undefined;
  readonly resource: MonitoredResource;
  /** The entry's timestamp, or the time of receipt when the writer left it out. */
  readonly timestamp: Date;
  readonly receiveTimestamp: Date;
  readonly severity: SeverityName;
  /** The writer's insertId, or one the server assigned. */
  readonly insertId: string;
  /** Entry labels merged with the request's (the entry wins); oversized keys and values truncated. */
  readonly labels: Readonly<Record<string, string>>;
  readonly jsonPayload?: { readonly [key: string]: JsonValue };
  readonly textPayload?: string;
  readonly protoPayload?: { readonly typeUrl: string; readonly value: Uint8Array };
  readonly httpRequest?: StoredHttpRequest;
  readonly trace?: string;
  readonly spanId?: string;
  readonly traceSampled: boolean;
  readonly operation?: {
    readonly id?: string;
    readonly producer?: string;
    readonly first?: boolean;
    readonly last?: boolean;
  };
  readonly sourceLocation?: { readonly file?: string; readonly line?: number; readonly function?: string };
  readonly split?: { readonly uid?: string; readonly index?: number; readonly totalSplits?: number };
  /** Size measured against the 256 KiB limit (see `MAX_ENTRY_BYTES`). */
  readonly sizeBytes: number;
  /** True for the `logging.googleapis.com/diagnostic` entry `@google-cloud/logging` adds to its first write in a process. */
  readonly diagnostic: boolean;
}

/** Which entries an accessor returns. */
export interface EntryQuery {
  /** Full log name (`projects/p/logs/my-log`) or just the LOG_ID (`my-log`). */
  readonly logName?: string;
  readonly projectId?: string;
  /**
   * Include the diagnostic entry `@google-cloud/logging` adds to the first write of a process.
   * @default false
   */
  readonly includeDiagnostics?: boolean;
}

/** One RPC the server received, for asserting batching and retries. */
export interface RecordedCall {
  readonly method: string;
  readonly receivedAt: Date;
  /** WriteLogEntries: entries in the request, the diagnostic entry not counted. */
  readonly entryCount: number;
  /** WriteLogEntries: the request-level log name, if any. */
  readonly logName?: string;
  readonly partialSuccess: boolean;
  readonly dryRun: boolean;
  /** Encoded request size in bytes. */
  readonly requestBytes: number;
  /** The gRPC status code the server answered with; undefined while the call is pending or was never answered. */
  readonly code: number | undefined;
  readonly message: string | undefined;
  /** The fault that was applied to this call, if any. */
  readonly fault?: 'fail' | 'hang' | 'delay';
}
