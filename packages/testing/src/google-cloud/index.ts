export type { FailNextOptions, FailRandomlyOptions, FaultCode, FaultOptions, HangNextOptions } from './faults.js';
export {
  DEFAULT_RETENTION_DAYS,
  MAX_DESTINATIONS_PER_REQUEST,
  MAX_ENTRY_BYTES,
  MAX_FUTURE_TIMESTAMP_MS,
  MAX_LABEL_KEY_BYTES,
  MAX_LABEL_VALUE_BYTES,
  MAX_LABELS_PER_ENTRY,
  MAX_LOG_ID_LENGTH,
  MAX_REQUEST_BYTES,
} from './limits.js';
export type { LocalCloudLoggingOptions, LoggingClientOptions, WaitForEntriesOptions } from './local-cloud-logging.js';
export { LocalCloudLogging, localCloudLoggingClientOptions } from './local-cloud-logging.js';
export type { PartialEntryError } from './partial-errors.js';
export { partialErrorsOf } from './partial-errors.js';
export type { LoggingMethod } from './protos.js';
export type {
  Duration,
  EntryQuery,
  JsonValue,
  MonitoredResource,
  RecordedCall,
  SeverityName,
  StoredEntry,
  StoredHttpRequest,
} from './types.js';
export { LOG_SEVERITIES } from './types.js';
export type { TraceValidation } from './validate-entry.js';
