export * from './queue/index.js';
export type { ErrorReporterOptions } from './report-error.js';
export { createErrorReporter } from './report-error.js';
