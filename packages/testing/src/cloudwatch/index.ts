export {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_SIZE_BYTES,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_FUTURE_MS,
  MAX_EVENT_MESSAGE_BYTES,
  MAX_EVENT_SIZE_BYTES,
  MAX_EVENTS_PER_BATCH,
  MAX_REQUEST_BODY_BYTES,
  RETENTION_DAYS,
} from './limits.js';
export { LocalCloudWatchLogs } from './local-cloudwatch-logs.js';
export { ServiceError } from './service-error.js';
export type {
  CloudWatchOperation,
  CredentialsErrorType,
  CredentialsFault,
  ErrorFault,
  FaultKind,
  FaultScope,
  HangFault,
  LocalClientConfig,
  LocalCloudWatchLogsOptions,
  RecordedRequest,
  ServerErrorFault,
  StoredLogEvent,
  WaitForEventsOptions,
  WaitOptions,
} from './types.js';
export { CLOUDWATCH_OPERATIONS } from './types.js';
