export { type ExpressErrorMiddleware, errorLogger } from './error-logger.js';
export type { RequestLogFields } from './express-request.js';
export { type ExpressLoggingOptions, type ExpressMiddleware, loggingMiddleware } from './logging-middleware.js';
export { routeLevel } from './route-level.js';
