export { type ContextFieldsSource, currentContext, enterContext, LogContext, runWithContext } from './context.js';
export { type FlushOnExitOptions, flushOnExit } from './exit.js';
export { COLORED_MESSAGE, coloredMessageOf } from './formats/colored-message.js';
export { escapeControl } from './formats/escape.js';
export { defaultJson, type JsonFormatOptions, json } from './formats/json.js';
export { type PrettyFormatOptions, pretty } from './formats/pretty.js';
export { PYTHON_DEFAULT_FORMAT, type TemplateFormatOptions, template } from './formats/template.js';
export type { Format } from './formats/types.js';
export { HTTP_ACCESS, type HttpAccess, httpAccessOf, type TraceContext } from './http-access.js';
export type { HubOptions } from './hub.js';
export { interpolate } from './interpolate.js';
export {
  defaultLevel,
  type LevelInput,
  type LevelName,
  type LogLevelName,
  levelNameOf,
  levels,
  parseLevel,
} from './levels.js';
export {
  type ChildOptions,
  createLogger,
  type FlushOptions,
  type Logger,
  type LoggerOptions,
  type LogMethod,
} from './logger.js';
export { activeSpanContext } from './otel.js';
export * from './queue/index.js';
export { Bindings, LogRecord } from './record.js';
export { compileRedaction, type RedactOptions, type Redactor } from './redact.js';
export { createErrorReporter, type ErrorReporterOptions } from './report-error.js';
export { configure, getLogger } from './root.js';
export { type ErrorView, fieldsJson, isError, quote, readError, stringify } from './serialize.js';
export { isoTime } from './time.js';
export { type CapturedRecord, type MemoryTransport, type MemoryTransportOptions, memory } from './transports/memory.js';
export { type Destination, type StreamTransport, type StreamTransportOptions, stream } from './transports/stream.js';
export type { ErrorHandler, Transport, TransportStats } from './transports/types.js';
