import { closeTransports } from './hub.js';
import { defaultLevel, levels, parseLevel, thresholdName } from './levels.js';
import {
  createLoggerImpl,
  type Logger,
  type LoggerImpl,
  type LoggerOptions,
  rootBindings,
  validateOptions,
} from './logger.js';

interface RootState {
  root: LoggerImpl | undefined;
  readonly named: Map<string, LoggerImpl>;
}

// One root per process, even if both the ESM and the CommonJS build of core are loaded.
const KEY = Symbol.for('cloudlog.core.root.v1');
const holder = globalThis as unknown as Record<symbol, RootState | undefined>;
holder[KEY] ??= { root: undefined, named: new Map() };
const state: RootState = holder[KEY];

function root(): LoggerImpl {
  state.root ??= createLoggerImpl({});
  return state.root;
}

/**
 * Sets up the root logger, like Python's `logging.basicConfig()`: level, format, destination
 * or transports, redaction. Loggers from `getLogger()` follow it, even those obtained before.
 * Transports the previous configuration used, and this one does not, are flushed and closed.
 */
export function configure(options: LoggerOptions): void {
  validateOptions(options);
  const level = levels[options.level === undefined ? defaultLevel() : parseLevel(options.level)];
  const current = state.root;
  if (current === undefined) {
    state.root = createLoggerImpl(options);
    return;
  }
  const removed = current.hub.apply(options);
  current.level = thresholdName(level);
  current.bindings = rootBindings(options, current.hub);
  for (const [name, logger] of state.named) logger.bindings = current.bindings.withName(name);
  if (removed.length > 0) void closeTransports(removed, 10_000);
}

/**
 * The root logger, or a named child of it (the same instance for the same name). Named loggers
 * follow later `configure()` calls; inside a request they carry the request's fields.
 */
export function getLogger(name?: string): Logger {
  if (name === undefined) return root();
  if (typeof name !== 'string') throw new TypeError('cloudlog: getLogger(name) takes a string');
  let logger = state.named.get(name);
  if (logger === undefined) {
    logger = root().child({}, { name }) as LoggerImpl;
    state.named.set(name, logger);
  }
  return logger;
}
