import {
  type CloudWatchLogsClient,
  PutLogEventsCommand,
  type PutLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ErrorDisposition, SendContext, SendResult } from '@cloudlog/core';
import { classifyFailure, errorName } from './classify.js';
import type { CloudWatchCounters } from './counters.js';
import { inTimeOrder, type PendingEvent } from './event.js';
import type { ResolvedOptions } from './options.js';
import { rejectedCounts } from './rejected.js';
import { type LogResources, SetupError } from './resources.js';

/**
 * Sends one batch with PutLogEvents (after the one-time set-up) and tells the queue what a
 * failure means. No sequence token: the service ignores them since 2023 and allows parallel
 * puts to one stream, so there is no DescribeLogStreams and no InvalidSequenceToken dance.
 */
export class BatchSender {
  /** Consecutive failures of these kinds, reset by a delivered batch. */
  #credentialsFailures = 0;
  #notFoundFailures = 0;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: ResolvedOptions,
    private readonly resources: LogResources,
    private readonly counters: CloudWatchCounters,
    private readonly random: () => number = Math.random,
  ) {}

  readonly send = async (batch: readonly PendingEvent[], context: SendContext): Promise<SendResult | undefined> => {
    await this.resources.ensure(context.signal);
    const logEvents = inTimeOrder(batch);
    const { logGroupName, logStreamName } = this.options;
    const command = new PutLogEventsCommand({ logGroupName, logStreamName, logEvents: logEvents as PendingEvent[] });
    let output: PutLogEventsCommandOutput;
    try {
      output = await this.client.send(command, { abortSignal: context.signal });
    } catch (error) {
      this.counters.countCall('PutLogEvents', error);
      // Only an old service (with sequence tokens) says this: the events are stored already.
      if (errorName(error) !== 'DataAlreadyAcceptedException') throw error;
      this.#delivered();
      return undefined;
    }
    this.counters.countCall('PutLogEvents', output);
    this.#delivered();
    const dropped = rejectedCounts(output.rejectedLogEventsInfo, logEvents.length);
    return dropped === undefined ? undefined : { dropped };
  };

  /** The queue's `classifyError`: retry (with a pause for credentials), split an invalid batch, never drop a good one. */
  readonly classifyError = (error: unknown): ErrorDisposition => {
    const setUp = error instanceof SetupError;
    const kind = classifyFailure(setUp ? error.cause : error);
    if (kind === 'credentials') {
      this.#credentialsFailures++;
      return { action: 'retry', delayMs: this.#credentialsPause(), reason: 'credentials' };
    }
    if (kind === 'not_found') {
      this.resources.invalidate();
      this.#notFoundFailures++;
      // The first time, create the group or stream again and retry at once; if it is still
      // missing after that (creation turned off, or denied), back off like any failure.
      return this.#notFoundFailures === 1
        ? { action: 'retry', delayMs: 0, reason: 'not_found' }
        : { action: 'retry', reason: 'not_found' };
    }
    if (setUp) return { action: 'retry', reason: 'setup_failed' };
    if (kind === 'invalid' || kind === 'too_large') return { action: 'split', reason: kind };
    return { action: 'retry', reason: kind };
  };

  #delivered(): void {
    this.#credentialsFailures = 0;
    this.#notFoundFailures = 0;
  }

  /**
   * Credentials rarely fix themselves in 100 ms: pause `credentialsPauseMs`, doubling on each
   * consecutive failure up to the larger of it and `maxDelayMs`; half fixed, half random, so
   * the pause is never near zero and many processes do not retry in step.
   */
  #credentialsPause(): number {
    const { credentialsPauseMs, maxDelayMs } = this.options.retry;
    const ceiling = Math.max(credentialsPauseMs, maxDelayMs);
    const pause = Math.min(ceiling, credentialsPauseMs * 2 ** Math.min(this.#credentialsFailures - 1, 30));
    let fraction: number;
    try {
      fraction = this.random();
    } catch {
      fraction = 1;
    }
    if (!(fraction >= 0)) fraction = fraction < 0 ? 0 : 1; // NaN and non-numbers pause the longest
    fraction = Math.min(fraction, 1);
    return pause / 2 + (fraction * pause) / 2;
  }
}
