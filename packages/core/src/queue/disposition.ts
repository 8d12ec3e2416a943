import { describeValue } from '../report-error.js';
import { MAX_TIMER_MS } from './options.js';
import type { ErrorDisposition } from './types.js';

export interface Classification {
  readonly disposition: ErrorDisposition;
  /** Set when classifyError threw or returned something unusable: what to report. */
  readonly problem?: { readonly message: string; readonly cause?: unknown };
}

const RETRY: ErrorDisposition = { action: 'retry' };

/**
 * Asks `classifyError` what a failed send means and checks the answer: a throw or anything
 * but a well-formed disposition means retry; a split or drop without a reason gets
 * `'rejected'`; an invalid `delayMs` is ignored (the computed backoff applies).
 * @internal
 */
export function classifyFailure<T>(
  classifyError: (error: unknown, batch: readonly T[]) => ErrorDisposition,
  error: unknown,
  batch: readonly T[],
): Classification {
  let answer: unknown;
  try {
    answer = classifyError(error, batch);
  } catch (thrown) {
    return { disposition: RETRY, problem: { message: 'classifyError threw, retrying the batch', cause: thrown } };
  }
  const { action, reason, delayMs } = (typeof answer === 'object' && answer !== null ? answer : {}) as {
    action?: unknown;
    reason?: unknown;
    delayMs?: unknown;
  };
  const validReason = typeof reason === 'string' && reason !== '' ? reason : undefined;
  if (action === 'retry') {
    const validDelay = typeof delayMs === 'number' && delayMs >= 0 ? Math.min(delayMs, MAX_TIMER_MS) : undefined;
    return {
      disposition: {
        action,
        ...(validDelay === undefined ? {} : { delayMs: validDelay }),
        ...(validReason === undefined ? {} : { reason: validReason }),
      },
    };
  }
  if (action === 'split' || action === 'drop') return { disposition: { action, reason: validReason ?? 'rejected' } };
  return {
    disposition: RETRY,
    problem: { message: `classifyError returned ${describeValue(answer)}, not a disposition; retrying the batch` },
  };
}
