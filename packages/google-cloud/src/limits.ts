// Limits of the Cloud Logging API that the transport keeps to, each with its source. Sizes are
// bytes of the protobuf encoding, which is what the service measures.

/**
 * Largest `LogEntry` the service accepts: 256 KiB, measured on the entry as stored (its own
 * encoding plus the request-level `logName`, `resource` and `labels` it inherits).
 * @see https://cloud.google.com/logging/quotas#log-limits
 */
export const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * Largest `entries.write` request: 10 MB. The transport keeps batches well under it
 * (see {@link DEFAULT_BATCH_BYTES}); a request refused as a whole is split in two and retried.
 * @see https://cloud.google.com/logging/quotas#api-limits
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * Most entries per `entries.write` request sent by this transport. The service sets no such
 * limit; 1,000 is the batching size Google's own clients use and keeps each request small.
 * @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/entries/write
 */
export const MAX_BATCH_ENTRIES = 1000;

/** Default byte budget of one batch, as estimated at write(): half the request limit. */
export const DEFAULT_BATCH_BYTES = 5 * 1024 * 1024;

/** Largest batch byte budget accepted: the estimate must leave room under {@link MAX_REQUEST_BYTES}. */
export const MAX_BATCH_BYTES_OPTION = 9 * 1024 * 1024;

/**
 * `[LOG_ID]`: "less than 512 characters long", only letters, digits, `/`, `_`, `-` and `.`.
 * @see https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry
 */
export const LOG_ID_PATTERN = /^[A-Za-z0-9/_.-]{1,511}$/;

/** At most 64 labels per entry. @see https://cloud.google.com/logging/quotas#log-limits */
export const MAX_LABELS = 64;

/**
 * Bytes the `labels` option may take in all. Every entry carries them, so they count against
 * {@link MAX_ENTRY_BYTES}; the service itself truncates values over 64 KiB.
 */
export const MAX_LABELS_BYTES = 16 * 1024;

/** `trace`: `projects/<project>/traces/<32 hex>`. @see https://cloud.google.com/trace/docs/trace-log-integration */
export const TRACE_ID_PATTERN = /^[0-9a-f]{32}$/;

/** `spanId`: 16 lowercase hex digits. @see https://cloud.google.com/trace/docs/trace-log-integration */
export const SPAN_ID_PATTERN = /^[0-9a-f]{16}$/;
