// Limits of the Cloud Logging API that the local server enforces, each with its source.
// Sizes are bytes of the protobuf wire encoding (see entry-size.ts for how an entry is measured).

/**
 * Largest accepted `LogEntry`: 256 KiB. The service calls this limit approximate ("based on
 * internal data sizes, not the actual REST API request size"); the local server measures the
 * entry's protobuf encoding plus the request-level `logName`, `resource` and `labels` it inherits.
 * @see https://cloud.google.com/logging/quotas#log-limits
 */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * Largest accepted `entries.write` request: "10 MB", enforced as 10 MiB of protobuf, the figure
 * Google front ends quote in "Request payload size exceeds the limit: 10485760 bytes."
 * @see https://cloud.google.com/logging/quotas#api-limits
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * Most distinct destinations (projects, organizations, folders, billing accounts) that one
 * `WriteLogEntries` request may address. There is no limit on the number of entries as such:
 * 1,000 entries per request is a client-side batching default, not a service rule.
 * @see https://github.com/googleapis/googleapis/blob/master/google/logging/v2/logging.proto
 */
export const MAX_DESTINATIONS_PER_REQUEST = 1000;

/**
 * `[LOG_ID]` "must be less than 512 characters long" (measured after URL-decoding) and may only
 * contain letters, digits, `/`, `_`, `-` and `.`.
 * @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry
 */
export const MAX_LOG_ID_LENGTH = 511;

/** How far ahead of the server's clock a timestamp may be: entries more than 1 day ahead fail. */
export const MAX_FUTURE_TIMESTAMP_MS = 24 * 60 * 60 * 1000;

/**
 * Default retention of the `_Default` bucket: older entries are accepted by `entries.write`
 * (they can still be routed to sinks) but `entries.list` does not return them.
 * @see https://cloud.google.com/logging/quotas#logs_retention_periods
 */
export const DEFAULT_RETENTION_DAYS = 30;

/** At most 64 labels per entry. @see https://cloud.google.com/logging/quotas#log-limits */
export const MAX_LABELS_PER_ENTRY = 64;

/** Label keys over 512 bytes are truncated, not rejected. */
export const MAX_LABEL_KEY_BYTES = 512;

/** Label values over 64 KiB are truncated, not rejected. */
export const MAX_LABEL_VALUE_BYTES = 64 * 1024;

/** `entries.list` page size: 50 by default, at most 1,000. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
