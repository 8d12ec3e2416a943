// Checks every option at construction, whatever the mode (so that a mistake shows up on a
// laptop, not only in production), and applies the defaults.
import {
  createErrorReporter,
  type Destination,
  type ErrorHandler,
  type LevelInput,
  parseLevel,
  type RetryOptions,
} from '@cloudlog/core';
import type { Logging } from '@google-cloud/logging';
import {
  DEFAULT_BATCH_BYTES,
  LOG_ID_PATTERN,
  MAX_BATCH_BYTES_OPTION,
  MAX_BATCH_ENTRIES,
  MAX_ENTRY_BYTES,
  MAX_LABELS,
  MAX_LABELS_BYTES,
} from './limits.js';
import type { GoogleCloudTransportOptions, LoggingClientOptions } from './options.js';
import { autoMode, type Environment, platformWritesRequestLogs } from './platform.js';
import type { MonitoredResource } from './target.js';

/** Smallest byte bound accepted: room for one entry of the largest size (256 KiB) and its metadata. */
const MIN_BATCH_BYTES = 2 * MAX_ENTRY_BYTES;

/** Largest delay Node's timers accept. */
const MAX_TIMER_MS = 2_147_483_647;

export const DEFAULTS = {
  logName: 'cloudlog',
  requestLogSuffix: '_reqlog',
  maxBufferedEntries: 100_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  flushIntervalMs: 1_000,
  timeoutMs: 5_000,
  exitTimeoutMs: 5_000,
} as const;

export interface ResolvedOptions {
  readonly mode: 'api' | 'stdout';
  readonly projectId: string | undefined;
  readonly logName: string;
  readonly requestLogName: string;
  readonly requestLog: boolean;
  readonly logging: Logging | undefined;
  readonly clientOptions: LoggingClientOptions | undefined;
  readonly resource: MonitoredResource | undefined;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly level: LevelInput | undefined;
  readonly maxBatchEntries: number;
  readonly maxBatchBytes: number;
  readonly maxBufferedEntries: number;
  readonly maxBufferedBytes: number;
  readonly flushIntervalMs: number;
  readonly timeoutMs: number;
  readonly retry: RetryOptions | undefined;
  readonly exitTimeoutMs: number;
  readonly onError: ErrorHandler;
  readonly destination: Destination | undefined;
  readonly env: Environment;
}

const WHERE = 'googleCloudTransport';

function fail(message: string): never {
  throw new TypeError(`${WHERE}: ${message}`, { cause: { package: '@cloudlog/google-cloud' } });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

// Deliberately not a type guard: checking must not narrow the typed options to a plain record.
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function millis(name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= MAX_TIMER_MS)) {
    fail(`${name} must be a number of ms from ${min} to ${MAX_TIMER_MS}, got ${describe(value)}`);
  }
  return value;
}

function logId(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !LOG_ID_PATTERN.test(value)) {
    fail(`${name} must be 1 to 511 characters of A-Z a-z 0-9 / _ - . (a LOG_ID), got ${describe(value)}`);
  }
  return value;
}

function stringMap(name: string, value: unknown): Record<string, string> {
  if (!isObject(value)) fail(`${name} must be an object of string values, got ${describe(value)}`);
  for (const [key, item] of Object.entries(value as object)) {
    if (typeof item !== 'string') fail(`${name}.${key} must be a string, got ${describe(item)}`);
  }
  return value as Record<string, string>;
}

function resolveLabels(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  const labels = stringMap('labels', value);
  const keys = Object.keys(labels);
  if (keys.length > MAX_LABELS) fail(`labels may hold at most ${MAX_LABELS} labels, got ${keys.length}`);
  let bytes = 0;
  for (const key of keys) bytes += Buffer.byteLength(key) + Buffer.byteLength(labels[key] as string);
  if (bytes > MAX_LABELS_BYTES) {
    fail(`labels take ${bytes} bytes; every entry carries them, keep them within ${MAX_LABELS_BYTES}`);
  }
  return { ...labels };
}

function resolveResource(value: unknown): MonitoredResource | undefined {
  if (value === undefined) return undefined;
  const { type, labels: rawLabels } = (isObject(value) ? value : {}) as { type?: unknown; labels?: unknown };
  if (typeof type !== 'string' || type === '') {
    fail(`resource must be { type, labels? } with a non-empty type such as 'global', got ${describe(value)}`);
  }
  const labels = rawLabels === undefined ? undefined : stringMap('resource.labels', rawLabels);
  return labels === undefined ? { type } : { type, labels: { ...labels } };
}

function resolveRetry(value: unknown): RetryOptions | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    fail(`retry must be an object { baseDelayMs?, maxDelayMs?, maxAttempts? }, got ${describe(value)}`);
  }
  const retry = value as RetryOptions;
  const baseDelayMs = millis('retry.baseDelayMs', retry.baseDelayMs, 100);
  const maxDelayMs = millis('retry.maxDelayMs', retry.maxDelayMs, Math.max(30_000, baseDelayMs));
  if (maxDelayMs < baseDelayMs)
    fail(`retry.maxDelayMs must be >= retry.baseDelayMs (${baseDelayMs}), got ${maxDelayMs}`);
  const { maxAttempts } = retry;
  if (maxAttempts !== undefined && maxAttempts !== Number.POSITIVE_INFINITY) {
    integer('retry.maxAttempts', maxAttempts, 1, 1, Number.MAX_SAFE_INTEGER);
  }
  return { baseDelayMs, maxDelayMs, ...(maxAttempts === undefined ? {} : { maxAttempts: maxAttempts as number }) };
}

function resolveLogging(options: GoogleCloudTransportOptions): Logging | undefined {
  const { logging, clientOptions } = options;
  if (logging !== undefined && clientOptions !== undefined) {
    fail('give either logging (your own client) or clientOptions (for a client the transport creates), not both');
  }
  if (clientOptions !== undefined && !isObject(clientOptions)) {
    fail(`clientOptions must be an object of @google-cloud/logging options, got ${describe(clientOptions)}`);
  }
  if (logging === undefined) return undefined;
  if (!isObject(logging) || typeof (logging as { log?: unknown }).log !== 'function') {
    fail(`logging must be a Logging instance of @google-cloud/logging, got ${describe(logging)}`);
  }
  const own = (logging as Logging).projectId;
  if (
    options.projectId !== undefined &&
    typeof own === 'string' &&
    own !== '{{projectId}}' &&
    own !== options.projectId
  ) {
    fail(
      `projectId ${describe(options.projectId)} differs from the logging client's ${describe(own)}; entries are written to the client's project, so leave projectId out or make them equal`,
    );
  }
  return logging as Logging;
}

export function resolveOptions(options: GoogleCloudTransportOptions): ResolvedOptions {
  if (!isObject(options)) fail(`options must be an object, got ${describe(options)}`);
  const env = options.env ?? process.env;
  if (!isObject(env)) fail(`env must be an object of environment variables, got ${describe(env)}`);

  const requested = options.mode ?? 'auto';
  if (requested !== 'api' && requested !== 'stdout' && requested !== 'auto') {
    fail(`mode must be 'api', 'stdout' or 'auto', got ${describe(requested)}`);
  }
  const projectId = options.projectId;
  if (projectId !== undefined && (typeof projectId !== 'string' || projectId === '' || projectId.includes('/'))) {
    fail(`projectId must be a non-empty project id without '/', got ${describe(projectId)}`);
  }
  const logName = logId('logName', options.logName, DEFAULTS.logName);
  const requestLogName = logId('requestLogName', options.requestLogName, `${logName}${DEFAULTS.requestLogSuffix}`);
  if (options.requestLog !== undefined && typeof options.requestLog !== 'boolean') {
    fail(`requestLog must be a boolean, got ${describe(options.requestLog)}`);
  }
  const logging = resolveLogging(options);
  if (options.level !== undefined) parseLevel(options.level, 'googleCloudTransport level');
  const retry = resolveRetry(options.retry);
  const onError = options.onError ?? createErrorReporter('google-cloud');
  if (typeof onError !== 'function')
    fail(`onError must be a function (error: Error) => void, got ${describe(onError)}`);
  const destination = options.destination;
  if (destination !== undefined && (!isObject(destination) || typeof destination.write !== 'function')) {
    fail(`destination must be an object with a write(chunk) method, got ${describe(destination)}`);
  }

  return {
    mode: requested === 'auto' ? autoMode(env) : requested,
    projectId,
    logName,
    requestLogName,
    requestLog: options.requestLog ?? !platformWritesRequestLogs(env),
    logging,
    clientOptions: options.clientOptions,
    resource: resolveResource(options.resource),
    labels: resolveLabels(options.labels),
    level: options.level,
    maxBatchEntries: integer('maxBatchEntries', options.maxBatchEntries, MAX_BATCH_ENTRIES, 1, MAX_BATCH_ENTRIES),
    maxBatchBytes: integer(
      'maxBatchBytes',
      options.maxBatchBytes,
      DEFAULT_BATCH_BYTES,
      MIN_BATCH_BYTES,
      MAX_BATCH_BYTES_OPTION,
    ),
    maxBufferedEntries: integer(
      'maxBufferedEntries',
      options.maxBufferedEntries,
      DEFAULTS.maxBufferedEntries,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxBufferedBytes: integer(
      'maxBufferedBytes',
      options.maxBufferedBytes,
      DEFAULTS.maxBufferedBytes,
      MIN_BATCH_BYTES,
      Number.MAX_SAFE_INTEGER,
    ),
    flushIntervalMs: millis('flushIntervalMs', options.flushIntervalMs, DEFAULTS.flushIntervalMs),
    timeoutMs: millis('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1),
    retry,
    exitTimeoutMs: millis('exitTimeoutMs', options.exitTimeoutMs, DEFAULTS.exitTimeoutMs),
    onError,
    destination,
    env,
  };
}
