// Service limits of CloudWatch Logs that the transport obeys, as AWS documents them.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html

/**
 * Largest PutLogEvents batch: the UTF-8 bytes of every message plus {@link EVENT_OVERHEAD_BYTES} per event.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const MAX_BATCH_SIZE_BYTES = 1_048_576;

/** Bytes the service adds to each event when it measures a batch. */
export const EVENT_OVERHEAD_BYTES = 26;

/**
 * Largest single event (1 MB), measured like the batch: message bytes plus {@link EVENT_OVERHEAD_BYTES}.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const MAX_EVENT_SIZE_BYTES = 1_048_576;

/** Largest message of one event, in UTF-8 bytes: 1,048,550. */
export const MAX_EVENT_MESSAGE_BYTES = MAX_EVENT_SIZE_BYTES - EVENT_OVERHEAD_BYTES;

/**
 * Most events in one PutLogEvents call.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const MAX_EVENTS_PER_BATCH = 10_000;

/** Most time between the first and the last event of one batch: 24 hours. */
export const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

/** Events more than 14 days old are rejected one by one (`tooOldLogEventEndIndex`). */
export const MAX_EVENT_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** Events more than 2 hours ahead are rejected one by one (`tooNewLogEventStartIndex`). */
export const MAX_EVENT_FUTURE_MS = 2 * 60 * 60 * 1000;

/** One day of retention, for the `expiredLogEventEndIndex` rule. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Log group names: 1 to 512 characters of `[.\-_/#A-Za-z0-9]`, not starting with `aws/` (any case).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 */
export const MAX_LOG_GROUP_NAME_LENGTH = 512;
export const LOG_GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]+$/;
export const RESERVED_LOG_GROUP_PREFIX = 'aws/';

/**
 * Log stream names: 1 to 512 characters, no `:` and no `*`.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
 */
export const MAX_LOG_STREAM_NAME_LENGTH = 512;
export const LOG_STREAM_NAME_FORBIDDEN = /[:*]/;

/**
 * The only retention periods PutRetentionPolicy accepts, in days.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export type RetentionInDays = (typeof RETENTION_DAYS)[number];
