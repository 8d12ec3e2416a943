// Public types of the local CloudWatch Logs server.

/** The CloudWatch Logs operations the local server answers. */
export const CLOUDWATCH_OPERATIONS = [
  'CreateLogGroup',
  'CreateLogStream',
  'DeleteLogGroup',
  'DeleteLogStream',
  'PutRetentionPolicy',
  'DescribeLogGroups',
  'DescribeLogStreams',
  'PutLogEvents',
  'GetLogEvents',
  'FilterLogEvents',
] as const;

export type CloudWatchOperation = (typeof CLOUDWATCH_OPERATIONS)[number];

export interface LocalCloudWatchLogsOptions {
  /**
   * Port to listen on; 0 picks a free one, which `restart()` then keeps.
   * @default 0
   */
  readonly port?: number;
  /**
   * Address to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Region reported in ARNs and in `clientConfig()`.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Account id reported in ARNs.
   * @default '123456789012'
   */
  readonly accountId?: string;
  /**
   * Clock in epoch milliseconds: ingestion times, creation times and the too old / too new rules.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Keep connections open between requests, as the service does. Off by default so that after
   * `stop()` a client always gets ECONNREFUSED: with keep-alive, a client may first write to a
   * pooled socket that `stop()` cut and see ECONNRESET (which the SDK retries) instead.
   * @default false
   */
  readonly keepAlive?: boolean;
  /**
   * Largest HTTP body read, in bytes; larger bodies are drained and answered 413.
   * @default MAX_REQUEST_BODY_BYTES (8 MiB: a 1 MiB batch can grow up to six times by JSON escaping)
   */
  readonly maxRequestBytes?: number;
}

/**
 * Settings for `new CloudWatchLogsClient(server.clientConfig())`: endpoint, region and dummy
 * static credentials (the local server does not check signatures).
 */
export interface LocalCloudWatchClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly maxAttempts?: number;
}

/** One event as the server stored it. */
export interface StoredLogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  /** The server's clock (`now()`) when the PutLogEvents call that carried the event was handled. */
  readonly ingestionTime: number;
}

/** One HTTP request the server received, whatever became of it. */
export interface RecordedCloudWatchRequest {
  /** Operation named by `X-Amz-Target`, or the raw target (or `''`) when it is not one we answer. */
  readonly operation: string;
  /** Parsed JSON body; `undefined` when the body was not a JSON object or was too large. */
  readonly input: Readonly<Record<string, unknown>> | undefined;
  /** Number of `logEvents` of a PutLogEvents call. */
  readonly eventCount?: number;
  /** `now()` when the request arrived. */
  readonly receivedAt: number;
  /** HTTP status answered; `undefined` while hanging or when the connection closed first. */
  readonly status: number | undefined;
  /** `__type` of the error answered, if any. */
  readonly errorType: string | undefined;
  /** The injected fault that answered the request, if any. */
  readonly fault: CloudWatchFaultKind | undefined;
}

export type CloudWatchFaultKind = 'error' | 'hang' | 'delay';

/** Which calls a fault applies to, and how many of them. */
export interface CloudWatchFaultScope {
  /**
   * Operation the fault applies to, or `'*'` for every operation.
   * @default 'PutLogEvents'
   */
  readonly operation?: CloudWatchOperation | '*';
  /**
   * Number of calls the fault answers. With `rate`, the most it answers.
   * @default 1 without `rate`, unlimited with `rate`
   */
  readonly times?: number;
  /**
   * Fraction (0 to 1) of matching calls the fault answers, drawn from a seeded generator so that
   * a run repeats exactly. Without it, the next `times` matching calls are answered.
   */
  readonly rate?: number;
  /**
   * Seed of the generator behind `rate`.
   * @default 1
   */
  readonly seed?: number;
}

export interface CloudWatchErrorFault extends CloudWatchFaultScope {
  /** Error name sent as `__type`; `undefined` sends a bare status with an empty body. */
  readonly type: string | undefined;
  /** @default a message like the service's for known types */
  readonly message?: string;
  /** @default 400 */
  readonly status?: number;
}

export interface CloudWatchHangFault extends CloudWatchFaultScope {
  /**
   * Answer after this many milliseconds instead of never. The request is then handled (and its
   * events stored) when the delay ends, as on a slow service, even if the client gave up.
   */
  readonly delayMs?: number;
}

export type CloudWatchCredentialsErrorType =
  | 'ExpiredTokenException'
  | 'UnrecognizedClientException'
  | 'AccessDeniedException';

export interface CloudWatchCredentialsFault extends CloudWatchFaultScope {
  /** @default 'ExpiredTokenException' */
  readonly type?: CloudWatchCredentialsErrorType;
}

export interface CloudWatchServerErrorFault extends CloudWatchFaultScope {
  /** @default 500 */
  readonly status?: number;
}

export interface CloudWatchWaitOptions {
  /**
   * Give up (reject) after this many milliseconds.
   * @default 5000
   */
  readonly timeoutMs?: number;
}

export interface CloudWatchWaitForEventsOptions extends CloudWatchWaitOptions {
  /** Count only the events of this stream. */
  readonly stream?: string;
}
