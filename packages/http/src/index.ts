// Defined in core (lines outside requests read it too), exported here for adapters as well.
export { activeSpanContext } from '@cloudlog/core';
export { defaultMessage } from './access-line.js';
export type { AccessLevels, Outcome } from './access-policy.js';
export { ENGINE_FIELDS, type EngineField, type FieldNames } from './field-names.js';
export { type HeaderLogging, type HeaderSelection, SENSITIVE_HEADERS } from './headers.js';
export { ACCESS_FORMATS, type AccessFormat } from './morgan-formats.js';
export { createRequestHandler, type RequestHandler, withRequestLogging } from './node-handler.js';
export type { FrameworkBinding, HttpLoggingOptions } from './options.js';
export { compileTrustProxy, remoteIpFrom, type TrustPredicate, type TrustProxy } from './remote-ip.js';
export { generateRequestId, requestIdFrom, SAFE_REQUEST_ID } from './request-id.js';
export { createRequestLogging, type RequestLogging } from './request-logging.js';
export { type RequestScope, requestScopeOf } from './request-scope.js';
export {
  type AccessLogSetting,
  type CompiledOverride,
  compileRouteOverride,
  type RouteOverride,
  type RouteRule,
} from './route-rules.js';
export {
  parseAmznTraceId,
  parseCloudTraceContext,
  parseTraceparent,
  requestTraceContext,
  traceContextFrom,
} from './trace-context.js';
