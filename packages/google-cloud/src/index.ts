export type { GoogleCloudMode, GoogleCloudTransportOptions, LoggingClientOptions } from './options.js';
export type { Environment } from './platform.js';
export type { MonitoredResource } from './target.js';
export { googleCloudTransport } from './transport.js';
export type { GoogleCloudTransport } from './transport-types.js';
