import { BatchQueueError } from '@cloudlog/core';
import type { CloudWatchCalls } from './types.js';

export type Operation = keyof CloudWatchCalls;

/** A drop or truncation of one kind is reported at once, then at most once per this many ms. */
const REPORT_INTERVAL_MS = 1_000;

/**
 * What the transport counts beyond its queue: requests by operation (the SDK's own retries
 * included), events truncated, resources recreated, and the events `write()` dropped before
 * they reached the queue.
 */
export class CloudWatchCounters {
  readonly calls = { PutLogEvents: 0, CreateLogGroup: 0, CreateLogStream: 0, PutRetentionPolicy: 0 };
  sdkRetries = 0;
  truncated = 0;
  recreated = 0;
  /** Drops in `write()`, by reason; part of `droppedAtPush` in the stats. */
  readonly writeDrops = new Map<string, number>();
  writeDropsTotal = 0;
  readonly #lastReport = new Map<string, number>();

  constructor(
    private readonly queueName: string,
    private readonly onError: (error: Error) => void,
  ) {}

  /**
   * Counts the HTTP requests behind one SDK call from what it reports (`$metadata.attempts`, on
   * results and errors). An error without it was either raised before any request (no
   * credentials found: none counted) or an abort of a request under way (one).
   */
  countCall(operation: Operation, outcome: unknown): void {
    const { name, $metadata } = (outcome ?? {}) as { name?: unknown; $metadata?: { attempts?: unknown } };
    const attempts = $metadata?.attempts;
    let requests = 1;
    if (typeof attempts === 'number' && Number.isSafeInteger(attempts) && attempts >= 1) requests = attempts;
    else if (name === 'CredentialsProviderError' || name === 'TokenProviderError') requests = 0;
    this.calls[operation] += requests;
    if (requests > 1) this.sdkRetries += requests - 1;
  }

  /** Counts an event `write()` refused; reports it unless one of the same reason was reported within the last second. */
  dropInWrite(reason: string, detail: string, cause?: unknown): void {
    const count = (this.writeDrops.get(reason) ?? 0) + 1;
    this.writeDrops.set(reason, count);
    this.writeDropsTotal++;
    this.report(reason, `dropped an event ${detail} (${reason}; ${count} so far)`, cause);
  }

  /** Reports through onError, at most once per second per reason unless `rateLimited` is false; never throws. */
  report(reason: string, text: string, cause?: unknown, rateLimited = true): void {
    try {
      if (rateLimited) {
        const now = performance.now();
        const last = this.#lastReport.get(reason);
        if (last !== undefined && now - last < REPORT_INTERVAL_MS) return;
        this.#lastReport.set(reason, now);
      }
      const details = { queueName: this.queueName, reason, count: 1, ...(cause === undefined ? {} : { cause }) };
      this.onError(new BatchQueueError(`${this.queueName}: ${text}`, details));
    } catch {
      // onError is the last resort; if it fails there is nowhere left to report to.
    }
  }

  snapshotCalls(): CloudWatchCalls {
    return { ...this.calls };
  }
}
