export type { RetentionInDays } from './limits.js';
export * as cloudWatchLimits from './limits.js';
export { cloudWatchTransport } from './transport.js';
export { cutUtf8, truncateMessage } from './truncate.js';
export type {
  CloudWatchCalls,
  CloudWatchRetryOptions,
  CloudWatchStats,
  CloudWatchTransport,
  CloudWatchTransportOptions,
  LogStreamNameInfo,
} from './types.js';
