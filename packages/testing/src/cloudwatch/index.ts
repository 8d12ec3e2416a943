/** The service limits the server enforces, e.g. `cloudWatchLimits.MAX_BATCH_SIZE_BYTES`. */
export * as cloudWatchLimits from './limits.js';
export { LocalCloudWatchLogs } from './local-cloudwatch-logs.js';
export { CloudWatchServiceError } from './service-error.js';
export type {
  CloudWatchCredentialsErrorType,
  CloudWatchCredentialsFault,
  CloudWatchErrorFault,
  CloudWatchFaultKind,
  CloudWatchFaultScope,
  CloudWatchHangFault,
  CloudWatchOperation,
  CloudWatchServerErrorFault,
  CloudWatchWaitForEventsOptions,
  CloudWatchWaitOptions,
  LocalCloudWatchClientConfig,
  LocalCloudWatchLogsOptions,
  RecordedCloudWatchRequest,
  StoredLogEvent,
} from './types.js';
export { CLOUDWATCH_OPERATIONS } from './types.js';
