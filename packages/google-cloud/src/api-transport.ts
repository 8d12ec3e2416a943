// api mode: records become pending entries at write() and go out in batches through core's
// BatchQueue, one Log.write per batch, with partialSuccess and a short single-attempt gax
// deadline; the queue retries with backoff, splits refused requests and counts every drop.
import { BatchQueue, type LogRecord, type SendContext, type SendResult, type TransportStats } from '@cloudlog/core';
import type { Entry } from '@google-cloud/logging';
import { classifyWriteError } from './classify.js';
import { logEntryOf } from './log-entry.js';
import { partialFailureOf } from './partial-errors.js';
import { type PendingEntry, pendingEntryOf } from './pending-entry.js';
import type { ResolvedOptions } from './resolve-options.js';
import { TargetResolver } from './target.js';
import type { GoogleCloudTransport } from './transport-types.js';

const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export function apiTransport(options: ResolvedOptions): Omit<GoogleCloudTransport, typeof Symbol.asyncDispose> {
  const { onError, timeoutMs, requestLog } = options;
  const resolver = new TargetResolver(options);
  // Resolve at start, off the write path; a failure is reported and retried by the first send.
  resolver.get().catch((error: unknown) => report(onError, 'resolving the project and resource failed', error));

  const send = async (batch: readonly PendingEntry[], context: SendContext): Promise<SendResult | undefined> => {
    const target = await abortable(resolver.get(), context.signal);
    // An entry that cannot be built (a bug) is dropped alone: retrying would never succeed.
    const entries: Entry[] = [];
    let unbuildable = 0;
    for (const pending of batch) {
      try {
        entries.push(logEntryOf(pending, target));
      } catch (error) {
        if (unbuildable++ === 0) report(onError, 'an entry could not be built (format_error)', error);
      }
    }
    if (entries.length === 0) return { dropped: { format_error: unbuildable } };
    const dropped = (rejected: number): SendResult | undefined =>
      rejected + unbuildable === 0
        ? undefined
        : {
            dropped: {
              ...(rejected > 0 ? { rejected } : {}),
              ...(unbuildable > 0 ? { format_error: unbuildable } : {}),
            },
          };
    const labels = options.labels;
    const written = target.log.write(entries, {
      resource: target.resource,
      ...(labels === undefined ? {} : { labels: { ...labels } }),
      partialSuccess: true,
      // One attempt with a short deadline: retries are the queue's, with backoff, never gax's 600 s.
      gaxOptions: { timeout: timeoutMs, retry: null },
    });
    try {
      await abortable(written, context.signal);
      return dropped(0);
    } catch (error) {
      const partial = partialFailureOf(error, entries.length);
      if (partial === undefined) throw error;
      const rejected = partial.indexes.length;
      if (rejected > 0) {
        report(
          onError,
          `the service refused ${rejected} of ${entries.length} entries (rejected): ${partial.firstMessage}`,
        );
      }
      return dropped(rejected);
    }
  };

  const queue = new BatchQueue<PendingEntry>({
    name: `google-cloud:${options.logName}`,
    send,
    classifyError: classifyWriteError,
    maxBatchEvents: options.maxBatchEntries,
    maxBatchBytes: options.maxBatchBytes,
    maxBufferedEvents: options.maxBufferedEntries,
    maxBufferedBytes: options.maxBufferedBytes,
    flushIntervalMs: options.flushIntervalMs,
    exitTimeoutMs: options.exitTimeoutMs,
    onError,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });

  // Records that could not even be formatted (a bug): counted here, as refused at write().
  const unformatted = { count: 0 };

  return {
    mode: 'api',
    level: options.level,
    write(record: LogRecord): void {
      let pending: PendingEntry;
      try {
        pending = pendingEntryOf(record, requestLog);
      } catch (error) {
        unformatted.count++;
        report(onError, 'a record could not be formatted (format_error)', error);
        return;
      }
      queue.push(pending, pending.bytes);
    },
    async flush(timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<void> {
      await queue.flush(timeoutMs);
    },
    async close(timeoutMs = DEFAULT_CALL_TIMEOUT_MS): Promise<void> {
      const started = performance.now();
      await queue.close(timeoutMs);
      const left = Math.max(0, timeoutMs - (performance.now() - started));
      await withDeadline(resolver.close(), left);
    },
    stats(): TransportStats {
      const stats = queue.stats();
      if (unformatted.count === 0) return stats;
      return {
        ...stats,
        dropped: { ...stats.dropped, format_error: unformatted.count },
        droppedTotal: stats.droppedTotal + unformatted.count,
        droppedAtPush: stats.droppedAtPush + unformatted.count,
      };
    },
  };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the late outcome is ignored). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new Error('send aborted: the close deadline passed'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('send aborted: the close deadline passed'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function withDeadline(promise: Promise<unknown>, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}

function report(onError: (error: Error) => void, message: string, cause?: unknown): void {
  try {
    const text =
      cause === undefined ? message : `${message}: ${cause instanceof Error ? cause.message : String(cause)}`;
    onError(new Error(`google-cloud: ${text}`, cause === undefined ? undefined : { cause }));
  } catch {}
}
