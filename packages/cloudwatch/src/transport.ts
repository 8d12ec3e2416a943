import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { BatchQueue, createErrorReporter, type Format, type LevelInput, type LogRecord } from '@cloudlog/core';
import { createClient } from './client.js';
import { CloudWatchCounters } from './counters.js';
import { PendingEvent, withinBatchSpan } from './event.js';
import { DAY_MS, EVENT_OVERHEAD_BYTES, MAX_EVENT_AGE_MS, MAX_EVENT_FUTURE_MS } from './limits.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { BatchSender } from './put-batch.js';
import { LogResources } from './resources.js';
import { truncateMessage } from './truncate.js';
import type { CloudWatchStats, CloudWatchTransport, CloudWatchTransportOptions } from './types.js';

const DEFAULT_CALL_TIMEOUT_MS = 10_000;
/** Pushed after close() only to have the queue count the record as dropped (`closed`). */
const CLOSED_PLACEHOLDER = new PendingEvent(0, '');

/**
 * A transport that ships records to CloudWatch Logs with PutLogEvents, through core's bounded
 * batching queue. `write()` formats the record at once and queues it in O(1); batches obey every
 * PutLogEvents rule (1 MiB with 26 bytes per event, 10,000 events, chronological, 24 hours);
 * failures are retried, split or paused as they deserve, and every record not delivered is
 * counted by reason in `stats()` and reported to `onError`.
 *
 * ```ts
 * const logger = createLogger({ transports: [cloudWatchTransport({ logGroupName: '/my/app' })] });
 * flushOnExit(logger);
 * ```
 * @throws TypeError, at once, when an option is invalid; the message says what is allowed.
 */
export function cloudWatchTransport(options: CloudWatchTransportOptions): CloudWatchTransport {
  return new CloudWatchLogsTransport(options);
}

class CloudWatchLogsTransport implements CloudWatchTransport {
  readonly level: LevelInput | undefined;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly client: CloudWatchLogsClient;
  readonly #options: ResolvedOptions;
  readonly #format: Format;
  readonly #ownsClient: boolean;
  readonly #counters: CloudWatchCounters;
  readonly #queue: BatchQueue<PendingEvent>;
  /** Events before this time (epoch ms, relative to now) would be rejected: 14 days, or the retention if shorter. */
  readonly #oldestAgeMs: number;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: CloudWatchTransportOptions) {
    const resolved = resolveOptions(options);
    this.#options = resolved;
    this.#format = resolved.format;
    this.level = resolved.level;
    this.logGroupName = resolved.logGroupName;
    this.logStreamName = resolved.logStreamName;
    const name = `cloudwatch:${resolved.logGroupName}`;
    const onError = resolved.onError ?? createErrorReporter(name);
    this.#ownsClient = options.client === undefined;
    this.client = options.client ?? createClient(options.clientConfig, resolved.requestTimeoutMs);
    this.#counters = new CloudWatchCounters(name, onError);
    const retention = resolved.retentionInDays;
    this.#oldestAgeMs = retention === undefined ? MAX_EVENT_AGE_MS : Math.min(MAX_EVENT_AGE_MS, retention * DAY_MS);

    const resources = new LogResources(this.client, resolved, this.#counters);
    const sender = new BatchSender(this.client, resolved, resources, this.#counters);
    const { baseDelayMs, maxDelayMs, maxAttempts } = resolved.retry;
    this.#queue = new BatchQueue<PendingEvent>({
      name,
      send: sender.send,
      classifyError: sender.classifyError,
      canAppend: withinBatchSpan,
      maxBatchEvents: resolved.maxBatchEvents,
      maxBatchBytes: resolved.maxBatchBytes,
      maxBufferedEvents: resolved.maxBufferedEvents,
      maxBufferedBytes: resolved.maxBufferedBytes,
      flushIntervalMs: resolved.flushIntervalMs,
      maxInFlight: resolved.maxInFlight,
      retry: { baseDelayMs, maxDelayMs, maxAttempts },
      exitTimeoutMs: resolved.exitTimeoutMs,
      onError,
    });
  }

  /** Formats the record now and queues it; synchronous, O(1) amortised, never throws. */
  write(record: LogRecord): void {
    if (this.#closed) {
      this.#queue.push(CLOSED_PLACEHOLDER, 0); // counted as dropped: closed
      return;
    }
    try {
      const time = record.time;
      // Checked before formatting: the service would reject these one by one anyway.
      if (!this.#acceptsTime(time)) return;
      let message = this.#formatted(record);
      if (message === undefined) return;
      let bytes = Buffer.byteLength(message, 'utf8');
      const limit = this.#options.maxMessageBytes;
      if (bytes > limit) {
        const original = bytes;
        message = truncateMessage(message, bytes, limit);
        bytes = Buffer.byteLength(message, 'utf8');
        this.#counters.truncated++;
        this.#counters.report('truncated', `truncated an event of ${original} bytes to ${bytes} bytes`);
      }
      this.#queue.push(new PendingEvent(time, message), bytes + EVENT_OVERHEAD_BYTES);
    } catch (error) {
      this.#counters.dropInWrite('write_error', 'that could not be queued', error);
    }
  }

  flush(timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS): Promise<boolean> {
    return this.#queue.flush(timeoutMs);
  }

  close(timeoutMs: number = DEFAULT_CALL_TIMEOUT_MS): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#closing = this.#queue.close(timeoutMs).finally(() => {
      if (this.#ownsClient) this.client.destroy();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  stats(): CloudWatchStats {
    const queue = this.#queue.stats();
    const counters = this.#counters;
    const dropped: Record<string, number> = { ...queue.dropped };
    for (const [reason, count] of counters.writeDrops) dropped[reason] = (dropped[reason] ?? 0) + count;
    return {
      ...queue,
      dropped,
      droppedTotal: queue.droppedTotal + counters.writeDropsTotal,
      droppedAtPush: queue.droppedAtPush + counters.writeDropsTotal,
      calls: counters.snapshotCalls(),
      sdkRetries: counters.sdkRetries,
      truncated: counters.truncated,
      recreated: counters.recreated,
    };
  }

  /** False (and the event counted as dropped) when the service would reject its timestamp. */
  #acceptsTime(time: number): boolean {
    const now = this.#options.now();
    if (time >= now - this.#oldestAgeMs && time <= now + MAX_EVENT_FUTURE_MS) return true;
    const counters = this.#counters;
    if (time > now + MAX_EVENT_FUTURE_MS) {
      counters.dropInWrite('too_new', `${describeAge(time - now)} ahead (CloudWatch Logs takes 2 hours at most)`);
    } else if (time >= now - MAX_EVENT_AGE_MS) {
      const days = this.#options.retentionInDays;
      counters.dropInWrite('expired', `${describeAge(now - time)} old, beyond the ${days}-day retention`);
    } else {
      counters.dropInWrite('too_old', `${describeAge(now - time)} old (CloudWatch Logs takes 14 days at most)`);
    }
    return false;
  }

  /** The record as a message, or undefined (and the event counted as dropped) when it cannot be one. */
  #formatted(record: LogRecord): string | undefined {
    let message: unknown;
    try {
      message = this.#format.format(record);
    } catch (error) {
      this.#counters.dropInWrite('format_error', 'whose format threw', error);
      return undefined;
    }
    if (typeof message === 'string' && message !== '') return message;
    this.#counters.dropInWrite('empty', 'with an empty message (CloudWatch Logs refuses them)');
    return undefined;
  }
}

function describeAge(ms: number): string {
  if (!Number.isFinite(ms)) return `of time ${ms}`;
  return ms >= DAY_MS ? `${(ms / DAY_MS).toFixed(1)} days` : `${(ms / 3_600_000).toFixed(1)} hours`;
}
