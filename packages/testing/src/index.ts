export * from './cloudwatch/index.js';
export * from './google-cloud/index.js';
