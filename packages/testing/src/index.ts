export * from './google-cloud/index.js';
