// Service limits of CloudWatch Logs that the local server enforces, as the service documents them.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html

/** Target prefix of every operation: `X-Amz-Target: Logs_20140328.<Operation>`. */
export const TARGET_PREFIX = 'Logs_20140328.';

/** Content type of AWS JSON 1.1 requests and responses. */
export const JSON_1_1_CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * Largest PutLogEvents batch: the sum of the UTF-8 bytes of every message plus
 * {@link EVENT_OVERHEAD_BYTES} per event.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const MAX_BATCH_SIZE_BYTES = 1_048_576;

/** Bytes the service adds to each event's message when it measures a batch. */
export const EVENT_OVERHEAD_BYTES = 26;

/**
 * Largest single event (1 MB), counted like the batch: message bytes plus {@link EVENT_OVERHEAD_BYTES}.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const MAX_EVENT_SIZE_BYTES = 1_048_576;

/** Largest message of one event in UTF-8 bytes: 1,048,550. */
export const MAX_EVENT_MESSAGE_BYTES = MAX_EVENT_SIZE_BYTES - EVENT_OVERHEAD_BYTES;

/** Most events in one PutLogEvents call. */
export const MAX_EVENTS_PER_BATCH = 10_000;

/** Most time between the first and the last valid event of one batch: 24 hours. */
export const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

/** Events older than this (14 days) are rejected one by one (`tooOldLogEventEndIndex`). */
export const MAX_EVENT_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** Events further ahead than this (2 hours) are rejected one by one (`tooNewLogEventStartIndex`). */
export const MAX_EVENT_FUTURE_MS = 2 * 60 * 60 * 1000;

/** Milliseconds in one day of retention, for the `expiredLogEventEndIndex` rule. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Log group names: 1 to 512 characters of `[.\-_/#A-Za-z0-9]`.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 */
export const MAX_LOG_GROUP_NAME_LENGTH = 512;
export const LOG_GROUP_NAME_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';

/** Log group names starting with this prefix (any case) are reserved for AWS. */
export const RESERVED_LOG_GROUP_PREFIX = 'aws/';

/**
 * Log stream names: 1 to 512 characters, no `:` and no `*`.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
 */
export const MAX_LOG_STREAM_NAME_LENGTH = 512;
export const LOG_STREAM_NAME_PATTERN = '[^:*]*';

/**
 * The only retention periods PutRetentionPolicy accepts, in days.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Page size bounds of DescribeLogGroups and DescribeLogStreams. */
export const MAX_DESCRIBE_LIMIT = 50;

/** Page size bounds of GetLogEvents and FilterLogEvents. */
export const MAX_EVENTS_LIMIT = 10_000;

/** Most stream names FilterLogEvents takes in `logStreamNames`. */
export const MAX_FILTER_STREAM_NAMES = 100;

/**
 * Largest HTTP body the local server reads. JSON escaping can make a valid 1 MiB batch up to six
 * times larger on the wire (a control character becomes `\u00XX`), plus the per-event JSON keys,
 * so the cap sits above that instead of at 1 MiB; larger bodies are drained and answered 413.
 */
export const MAX_REQUEST_BODY_BYTES = 8 * 1_048_576;
