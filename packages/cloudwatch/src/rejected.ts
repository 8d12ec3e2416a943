import type { RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';

/**
 * Turns PutLogEvents' `rejectedLogEventsInfo` into drop counts by reason, for the queue's
 * `SendResult.dropped`. The batch was sent sorted, so each kind is a run at one end:
 * `[0, tooOldLogEventEndIndex)` too old, `[0, expiredLogEventEndIndex)` older than the
 * retention, `[tooNewLogEventStartIndex, n)` too new. An event in both prefixes counts once, as
 * too old. Returns undefined when nothing was rejected.
 */
export function rejectedCounts(
  info: RejectedLogEventsInfo | undefined,
  batchLength: number,
): Record<string, number> | undefined {
  if (info === undefined || info === null) return undefined;
  const index = (value: number | undefined): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 0), batchLength) : 0;
  const tooOld = index(info.tooOldLogEventEndIndex);
  const expired = Math.max(0, index(info.expiredLogEventEndIndex) - tooOld);
  const prefix = tooOld + expired;
  const tooNew =
    info.tooNewLogEventStartIndex === undefined
      ? 0
      : Math.max(0, batchLength - Math.max(index(info.tooNewLogEventStartIndex), prefix));
  if (tooOld + expired + tooNew === 0) return undefined;
  const counts: Record<string, number> = {};
  if (tooOld > 0) counts.too_old = tooOld;
  if (expired > 0) counts.expired = expired;
  if (tooNew > 0) counts.too_new = tooNew;
  return counts;
}
