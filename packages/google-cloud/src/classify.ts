// What a failed Log.write means for its batch. gRPC status codes:
// @see https://grpc.github.io/grpc/core/md_doc_statuscodes.html
// @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/entries/write (errors)
import type { ErrorDisposition } from '@cloudlog/core';
import { TargetResolutionError } from './target.js';

const STATUS = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** Transient: the same request may well succeed later. */
const RETRYABLE: Readonly<Record<number, string>> = {
  [STATUS.CANCELLED]: 'cancelled',
  [STATUS.UNKNOWN]: 'unknown',
  [STATUS.DEADLINE_EXCEEDED]: 'deadline_exceeded',
  [STATUS.RESOURCE_EXHAUSTED]: 'resource_exhausted',
  [STATUS.ABORTED]: 'aborted',
  [STATUS.INTERNAL]: 'internal',
  [STATUS.UNAVAILABLE]: 'unavailable',
  // Credentials or IAM being fixed, or a project being set up: keep the (bounded) buffer meanwhile.
  [STATUS.UNAUTHENTICATED]: 'unauthenticated',
  [STATUS.PERMISSION_DENIED]: 'permission_denied',
  [STATUS.NOT_FOUND]: 'not_found',
};

/**
 * - retryable statuses, errors without a status (network, resolution): retry with backoff;
 * - INVALID_ARGUMENT for the request as a whole (per-entry failures never get here): split the
 *   batch, so that an entry the service refuses is isolated and dropped as `rejected`;
 * - anything else (FAILED_PRECONDITION, UNIMPLEMENTED, ...): drop the batch as `rejected`.
 */
export function classifyWriteError(error: unknown): ErrorDisposition {
  if (error instanceof TargetResolutionError) return { action: 'retry', reason: 'unresolved' };
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'number') return { action: 'retry' };
  const reason = RETRYABLE[code];
  if (reason !== undefined) return { action: 'retry', reason };
  if (code === STATUS.INVALID_ARGUMENT) return { action: 'split', reason: 'rejected' };
  return { action: 'drop', reason: 'rejected' };
}
