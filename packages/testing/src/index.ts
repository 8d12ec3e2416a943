export * from './cloudwatch/index.js';
