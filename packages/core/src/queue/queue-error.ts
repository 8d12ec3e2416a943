import type { DropReason } from './types.js';

export interface BatchQueueErrorDetails {
  readonly queueName: string;
  readonly reason: DropReason;
  readonly count: number;
  readonly cause?: unknown;
}

/**
 * What a {@link BatchQueue} hands to `onError`: the message starts with the queue's name and
 * says what happened; the fields let a custom handler act on it without parsing the message.
 */
export class BatchQueueError extends Error {
  override readonly name = 'BatchQueueError';
  /** The queue's `name` option. */
  readonly queueName: string;
  /**
   * The drop reason; for a failed send that is retried or split, the disposition's reason
   * (`'send_failed'` when it gave none); `'callback_error'` when `canAppend` or `classifyError`
   * misbehaved; `'internal'` for a bug of the queue itself.
   */
  readonly reason: DropReason;
  /** Items concerned: dropped, or in the failed batch. */
  readonly count: number;

  constructor(message: string, details: BatchQueueErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.queueName = details.queueName;
    this.reason = details.reason;
    this.count = details.count;
  }
}
