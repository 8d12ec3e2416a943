import { CloudWatchLogsClient, LogGroupClass } from '@aws-sdk/client-cloudwatch-logs';
import { defaultJson, type Format, type LevelInput, parseLevel, template } from '@cloudlog/core';
import {
  EVENT_OVERHEAD_BYTES,
  LOG_GROUP_NAME_PATTERN,
  MAX_BATCH_SIZE_BYTES,
  MAX_EVENT_MESSAGE_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_LOG_GROUP_NAME_LENGTH,
  RESERVED_LOG_GROUP_PREFIX,
  RETENTION_DAYS,
  type RetentionInDays,
} from './limits.js';
import { describeValue, optionError } from './option-error.js';
import { describeName, resolveLogStreamName, streamNameInfo } from './stream-name.js';
import type { CloudWatchTransportOptions } from './types.js';

/** Largest delay Node's timers accept. */
const MAX_TIMER_MS = 2_147_483_647;
/** Smallest batch bound: room for a truncated event and its marker. */
const MIN_BATCH_BYTES = 1_024;

export const DEFAULTS = {
  maxBatchEvents: MAX_EVENTS_PER_BATCH,
  maxBatchBytes: MAX_BATCH_SIZE_BYTES,
  flushIntervalMs: 1_000,
  maxBufferedEvents: 100_000,
  maxBufferedBytes: 67_108_864,
  maxInFlight: 1,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  credentialsPauseMs: 5_000,
  requestTimeoutMs: 10_000,
  exitTimeoutMs: 5_000,
} as const;

export interface ResolvedRetry {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly credentialsPauseMs: number;
}

/** Every option checked and defaulted, once, at construction. */
export interface ResolvedOptions {
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly createLogGroup: boolean;
  readonly createLogStream: boolean;
  readonly retentionInDays: RetentionInDays | undefined;
  readonly logGroupClass: LogGroupClass | undefined;
  readonly format: Format;
  readonly level: LevelInput | undefined;
  readonly maxBatchEvents: number;
  readonly maxBatchBytes: number;
  readonly flushIntervalMs: number;
  readonly maxBufferedEvents: number;
  readonly maxBufferedBytes: number;
  readonly maxInFlight: number;
  readonly retry: ResolvedRetry;
  readonly requestTimeoutMs: number;
  readonly exitTimeoutMs: number;
  readonly onError: ((error: Error) => void) | undefined;
  readonly now: () => number;
  /** Largest message sent, in UTF-8 bytes; longer ones are truncated to it. */
  readonly maxMessageBytes: number;
}

/** @throws TypeError (with `cause.package`) saying which option is wrong and what is allowed. */
export function resolveOptions(options: CloudWatchTransportOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw optionError(`takes an options object with at least logGroupName, got ${describeValue(options)}`);
  }
  const logGroupName = checkLogGroupName(options.logGroupName);
  const logStreamName = resolveLogStreamName(options.logStreamName, streamNameInfo());
  checkClientOptions(options);

  const maxBatchEvents = integer(
    'maxBatchEvents',
    options.maxBatchEvents,
    DEFAULTS.maxBatchEvents,
    1,
    MAX_EVENTS_PER_BATCH,
  );
  const maxBatchBytes = integer(
    'maxBatchBytes',
    options.maxBatchBytes,
    DEFAULTS.maxBatchBytes,
    MIN_BATCH_BYTES,
    MAX_BATCH_SIZE_BYTES,
  );
  const maxBufferedBytes = integer(
    'maxBufferedBytes',
    options.maxBufferedBytes,
    DEFAULTS.maxBufferedBytes,
    MIN_BATCH_BYTES,
    Number.MAX_SAFE_INTEGER,
  );
  return {
    logGroupName,
    logStreamName,
    createLogGroup: flag('createLogGroup', options.createLogGroup, true),
    createLogStream: flag('createLogStream', options.createLogStream, true),
    retentionInDays: checkRetention(options.retentionInDays),
    logGroupClass: checkLogGroupClass(options.logGroupClass),
    format: resolveFormat(options.format),
    level: checkLevel(options.level),
    maxBatchEvents,
    maxBatchBytes,
    flushIntervalMs: millis('flushIntervalMs', options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    maxBufferedEvents: integer(
      'maxBufferedEvents',
      options.maxBufferedEvents,
      DEFAULTS.maxBufferedEvents,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxBufferedBytes,
    maxInFlight: integer('maxInFlight', options.maxInFlight, DEFAULTS.maxInFlight, 1, 1_000),
    retry: resolveRetry(options.retry),
    requestTimeoutMs: millis('requestTimeoutMs', options.requestTimeoutMs, DEFAULTS.requestTimeoutMs, 1),
    exitTimeoutMs: millis('exitTimeoutMs', options.exitTimeoutMs, DEFAULTS.exitTimeoutMs),
    onError: fn('onError', options.onError, '(error: Error) => void'),
    now: fn('now', options.now, '() => epoch milliseconds') ?? Date.now,
    maxMessageBytes: Math.min(
      MAX_EVENT_MESSAGE_BYTES,
      Math.min(maxBatchBytes, maxBufferedBytes) - EVENT_OVERHEAD_BYTES,
    ),
  };
}

function checkLogGroupName(name: unknown): string {
  const rule = `1 to ${MAX_LOG_GROUP_NAME_LENGTH} characters of [.-_/#A-Za-z0-9], not starting with 'aws/'`;
  if (typeof name !== 'string')
    throw optionError(`logGroupName must be a string of ${rule}, got ${describeValue(name)}`);
  if (
    name.length > MAX_LOG_GROUP_NAME_LENGTH ||
    !LOG_GROUP_NAME_PATTERN.test(name) ||
    name.toLowerCase().startsWith(RESERVED_LOG_GROUP_PREFIX)
  ) {
    throw optionError(`logGroupName must be ${rule}, got ${describeName(name)}`);
  }
  return name;
}

function checkClientOptions(options: CloudWatchTransportOptions): void {
  const { client, clientConfig } = options;
  if (client !== undefined && clientConfig !== undefined) {
    throw optionError('give either client (your CloudWatchLogsClient) or clientConfig (to make one), not both');
  }
  if (client !== undefined && !(client instanceof CloudWatchLogsClient) && !looksLikeClient(client)) {
    throw optionError(`client must be a CloudWatchLogsClient, got ${describeValue(client)}`);
  }
  if (clientConfig !== undefined && (typeof clientConfig !== 'object' || clientConfig === null)) {
    throw optionError(`clientConfig must be a CloudWatchLogsClientConfig object, got ${describeValue(clientConfig)}`);
  }
  for (const key of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    if (key in options) {
      throw optionError(
        `${key} is not an option: give clientConfig.credentials (a provider, e.g. fromIni()) or rely on the default credential chain`,
      );
    }
  }
}

/** A client from another copy of the SDK is not an instance of ours, yet works the same. */
function looksLikeClient(value: unknown): boolean {
  const candidate = value as { send?: unknown; destroy?: unknown; config?: unknown } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.send === 'function' &&
    typeof candidate.destroy === 'function'
  );
}

function checkRetention(value: unknown): RetentionInDays | undefined {
  if (value === undefined) return undefined;
  if (!(RETENTION_DAYS as readonly unknown[]).includes(value)) {
    throw optionError(`retentionInDays must be one of ${RETENTION_DAYS.join(', ')}, got ${describeValue(value)}`);
  }
  return value as RetentionInDays;
}

function checkLogGroupClass(value: unknown): LogGroupClass | undefined {
  if (value === undefined) return undefined;
  const allowed = Object.values(LogGroupClass) as unknown[];
  if (!allowed.includes(value)) {
    throw optionError(`logGroupClass must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
  }
  return value as LogGroupClass;
}

function resolveFormat(format: unknown): Format {
  if (format === undefined) return defaultJson;
  if (typeof format === 'string') {
    try {
      return template(format);
    } catch (error) {
      throw optionError(`format: ${(error as Error).message}`);
    }
  }
  if (typeof format !== 'object' || format === null || typeof (format as Format).format !== 'function') {
    throw optionError(
      `format must be json(), template(...), pretty(), a template string or { format(record) }, got ${describeValue(format)}`,
    );
  }
  return format as Format;
}

function checkLevel(level: unknown): LevelInput | undefined {
  if (level === undefined) return undefined;
  try {
    parseLevel(level, 'level');
  } catch (error) {
    throw optionError((error as Error).message.replace(/^cloudlog: /, ''));
  }
  return level as LevelInput;
}

function resolveRetry(retry: CloudWatchTransportOptions['retry']): ResolvedRetry {
  if (retry === undefined) {
    const { baseDelayMs, maxDelayMs, maxAttempts, credentialsPauseMs } = DEFAULTS;
    return { baseDelayMs, maxDelayMs, maxAttempts, credentialsPauseMs };
  }
  if (typeof retry !== 'object' || retry === null) {
    throw optionError(
      `retry must be an object { baseDelayMs?, maxDelayMs?, maxAttempts?, credentialsPauseMs? }, got ${describeValue(retry)}`,
    );
  }
  const baseDelayMs = millis('retry.baseDelayMs', retry.baseDelayMs, DEFAULTS.baseDelayMs);
  const maxDelayMs = millis('retry.maxDelayMs', retry.maxDelayMs, Math.max(DEFAULTS.maxDelayMs, baseDelayMs));
  if (maxDelayMs < baseDelayMs) {
    throw optionError(`retry.maxDelayMs must be >= retry.baseDelayMs (${baseDelayMs}), got ${maxDelayMs}`);
  }
  const maxAttempts =
    retry.maxAttempts === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : integer('retry.maxAttempts', retry.maxAttempts, DEFAULTS.maxAttempts, 1, Number.MAX_SAFE_INTEGER);
  const credentialsPauseMs = millis('retry.credentialsPauseMs', retry.credentialsPauseMs, DEFAULTS.credentialsPauseMs);
  return { baseDelayMs, maxDelayMs, maxAttempts, credentialsPauseMs };
}

function integer(key: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw optionError(`${key} must be an integer ${range}, got ${describeValue(value)}`);
  }
  return value;
}

function millis(key: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= MAX_TIMER_MS)) {
    throw optionError(`${key} must be a number of ms from ${min} to ${MAX_TIMER_MS}, got ${describeValue(value)}`);
  }
  return value;
}

function flag(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw optionError(`${key} must be true or false, got ${describeValue(value)}`);
  return value;
}

function fn<F>(key: string, value: F | undefined, signature: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw optionError(`${key} must be a function ${signature}, got ${describeValue(value)}`);
  }
  return value;
}
