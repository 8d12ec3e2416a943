export { fullJitterDelay } from './backoff.js';
export { BatchQueue } from './batch-queue.js';
export { BatchQueueError, type BatchQueueErrorDetails } from './queue-error.js';
export type {
  BatchQueueOptions,
  DropReason,
  ErrorDisposition,
  QueueStats,
  RetryOptions,
  SendContext,
  SendResult,
} from './types.js';
