export type { ContextLogFields } from './koa-context.js';
export { type KoaLoggingOptions, type KoaMiddleware, loggingMiddleware } from './logging-middleware.js';
export { routeLevel } from './route-level.js';
