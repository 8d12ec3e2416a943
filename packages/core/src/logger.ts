import { type ContextFieldsSource, contextState, LogContext } from './context.js';
import { Hub, type HubOptions } from './hub.js';
import { asString, interpolate } from './interpolate.js';
import { defaultLevel, type LevelInput, type LevelName, levels, parseLevel, thresholdName } from './levels.js';
import { spanLineContext } from './otel.js';
import { Bindings, LogRecord } from './record.js';
import { isError, readError } from './serialize.js';

export interface LoggerOptions extends HubOptions {
  /** Threshold; names are case-insensitive, WARNING and CRITICAL accepted. @default LOG_LEVEL, else 'info' */
  readonly level?: LevelInput;
  /** Logger name, the `name` key of every line. */
  readonly name?: string;
  /** Fields on every line of this logger and its children. */
  readonly bindings?: Readonly<Record<string, unknown>>;
}

export interface ChildOptions {
  /** The child's own threshold; without one it follows its parent's. */
  readonly level?: LevelInput;
  /** A name for the child (the parent's by default). */
  readonly name?: string;
}

export interface FlushOptions {
  /** Deadline for the transports. @default 10_000 */
  readonly timeoutMs?: number;
}

export interface LogMethod {
  (msg: string, ...args: unknown[]): void;
  (fields: object, msg?: string, ...args: unknown[]): void;
}

export interface Logger {
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  /** A logger whose lines carry `bindings` too; serialized once, here. */
  child(bindings: Readonly<Record<string, unknown>>, options?: ChildOptions): Logger;
  /** The threshold, read or set at run time; an unknown level is a TypeError. */
  get level(): LevelName;
  set level(level: LevelInput);
  readonly name: string | undefined;
  isLevelEnabled(level: LevelInput): boolean;
  /**
   * Adds fields to the request context this logger is bound to, or to the active one, so
   * every later line of the request carries them; outside a request, to this logger's bindings.
   */
  assign(fields: Readonly<Record<string, unknown>>): void;
  /** The request context this logger is bound to, if any. */
  readonly context: LogContext | undefined;
  /**
   * A child bound to a new request context holding `fields`. While the context is active
   * (`runWithContext`), loggers that do not set their own level follow `options.level`.
   */
  withContext(fields?: Readonly<Record<string, unknown>>, options?: ChildOptions): Logger;
  /** Resolves when everything logged before the call is delivered or counted as dropped (or at the deadline). */
  flush(options?: FlushOptions): Promise<void>;
  /** Flushes, then closes the transports. */
  close(options?: FlushOptions): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const NO_ARGS: unknown[] = [];

export class LoggerImpl implements Logger {
  /** @internal Effective threshold: the logger's level, raised to what the transports take. */
  min = 0;
  /** @internal `min`, or 0 when an active request context may change it (then `log()` decides). */
  fastMin = 0;
  /** @internal Epoch (see contextState) the thresholds were derived at. */
  seen = -1;
  /** @internal True when no logger below the root set a level: an active request context may then set it. */
  followsContext = false;

  constructor(
    readonly hub: Hub,
    readonly parent: LoggerImpl | undefined,
    private ownLevel: number | undefined,
    public bindings: Bindings,
    readonly context: LogContext | undefined,
  ) {}

  get name(): string | undefined {
    return this.bindings.name;
  }

  get level(): LevelName {
    return thresholdName(this.levelValue());
  }

  set level(level: LevelInput) {
    this.ownLevel = levels[parseLevel(level)];
    contextState.epoch++;
  }

  isLevelEnabled(level: LevelInput): boolean {
    const value = levels[parseLevel(level)];
    if (value === levels.silent) return false;
    return value >= this.threshold();
  }

  child(bindings: Readonly<Record<string, unknown>>, options?: ChildOptions): Logger {
    if (typeof bindings !== 'object' || bindings === null || Array.isArray(bindings)) {
      throw new TypeError('cloudlog: child(bindings) takes an object of fields');
    }
    const level = options?.level === undefined ? undefined : levels[parseLevel(options.level)];
    return new LoggerImpl(
      this.hub,
      this,
      level,
      this.bind(bindings, options?.name ?? this.bindings.name),
      this.context,
    );
  }

  withContext(fields?: Readonly<Record<string, unknown>>, options?: ChildOptions): Logger {
    const level = options?.level === undefined ? undefined : levels[parseLevel(options.level)];
    const context = new LogContext(fields, level, this.hub.redact);
    const bindings = options?.name === undefined ? this.bindings : this.bindings.withName(options.name);
    return new LoggerImpl(this.hub, this, level, bindings, context);
  }

  /**
   * @internal For request-logging engines: a logger over a context whose JSON fragment the
   * caller built (see `LogContext.prepared`). Undefined when this logger redacts: the caller
   * then uses `withContext()`, so redact paths apply to the context's fields.
   */
  withPreparedContext(json: string, source: ContextFieldsSource): LoggerImpl | undefined {
    if (this.hub.redact !== undefined) return undefined;
    return new LoggerImpl(this.hub, this, undefined, this.bindings, LogContext.prepared(json, source));
  }

  /**
   * @internal For request-logging engines: logs `fields` with `msg` (taken as is, never
   * interpolated), where `fieldsText` is exactly `fieldsJson(fields)` and `msgText`, when
   * given, exactly `quote(msg)`, built by the caller from parts whose text it knows. Under
   * redaction, the generic path.
   */
  logPrepared(
    level: number,
    fields: Readonly<Record<string, unknown>>,
    fieldsText: string,
    msg: string,
    msgText?: string,
  ): void {
    if (this.hub.redact !== undefined || this.context === undefined) {
      this.log(level, fields, [msg]);
      return;
    }
    if (this.seen !== contextState.epoch) this.refresh();
    if (level < this.min) return;
    try {
      this.hub.dispatch(
        new LogRecord(level, Date.now(), msg, fields, this.bindings, this.context, fieldsText, msgText),
      );
    } catch (error) {
      this.hub.report(error);
    }
  }

  assign(fields: Readonly<Record<string, unknown>>): void {
    if (typeof fields !== 'object' || fields === null) return;
    try {
      const context = this.context ?? (contextState.active ? contextState.storage.getStore() : undefined);
      if (context !== undefined) context.assign(fields);
      else this.bindings = this.bind(fields, this.bindings.name);
    } catch (error) {
      this.hub.report(error);
    }
  }

  flush(options?: FlushOptions): Promise<void> {
    return this.hub.flush(options?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  close(options?: FlushOptions): Promise<void> {
    return this.hub.close(options?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  declare trace: LogMethod;
  declare debug: LogMethod;
  declare info: LogMethod;
  declare warn: LogMethod;
  declare error: LogMethod;
  declare fatal: LogMethod;

  /** @internal */
  logArguments(level: number, args: IArguments): void {
    const n = args.length;
    let rest: unknown[] = NO_ARGS;
    if (n > 1) {
      rest = new Array(n - 1);
      for (let i = 1; i < n; i++) rest[i - 1] = args[i];
    }
    this.log(level, args[0], rest);
  }

  /** @internal */
  log(level: number, a: unknown, rest: unknown[]): void {
    if (this.seen !== contextState.epoch) this.refresh();
    if (this.followsContext && contextState.active) {
      const context = contextState.storage.getStore();
      if (context !== undefined) {
        const min = context.level === undefined ? this.min : Math.max(context.level, this.hub.minTransport);
        if (level >= min) this.emit(level, a, rest, context);
        return;
      }
    }
    if (level >= this.min) this.emit(level, a, rest, this.context);
  }

  private emit(level: number, a: unknown, rest: unknown[], context: LogContext | undefined): void {
    try {
      let msg: string;
      let fields: Readonly<Record<string, unknown>> | undefined;
      if (typeof a === 'string') {
        msg = rest.length === 0 ? a : interpolate(a, rest);
      } else if (typeof a === 'object' && a !== null) {
        const first = rest[0];
        if (isError(a)) {
          fields = { err: a };
          msg = typeof first === 'string' ? interpolate(first, rest.slice(1)) : readError(a).message;
        } else {
          fields = a as Readonly<Record<string, unknown>>;
          if (typeof first === 'string') msg = rest.length === 1 ? first : interpolate(first, rest.slice(1));
          else {
            const err = fields.err;
            msg = isError(err) ? readError(err).message : '';
          }
        }
        const redact = this.hub.redact;
        if (redact !== undefined) fields = redact(fields);
      } else {
        msg = rest.length === 0 ? asString(a) : interpolate(asString(a), rest);
      }
      // Outside any request context, a line logged in an OpenTelemetry span carries its ids.
      const lineContext = context ?? spanLineContext();
      this.hub.dispatch(new LogRecord(level, Date.now(), msg, fields, this.bindings, lineContext));
    } catch (error) {
      this.hub.report(error);
    }
  }

  private levelValue(): number {
    return this.ownLevel ?? this.parent?.levelValue() ?? levels.info;
  }

  private threshold(): number {
    if (this.seen !== contextState.epoch) this.refresh();
    if (this.followsContext && contextState.active) {
      const context = contextState.storage.getStore();
      if (context?.level !== undefined) return Math.max(context.level, this.hub.minTransport);
    }
    return this.min;
  }

  /** @internal */
  refresh(): void {
    this.min = Math.max(this.levelValue(), this.hub.minTransport);
    this.followsContext = this.context === undefined && this.inheritsRootLevel();
    this.fastMin = this.followsContext && contextState.active ? 0 : this.min;
    this.seen = contextState.epoch;
  }

  private inheritsRootLevel(): boolean {
    if (this.parent === undefined) return true;
    return this.ownLevel === undefined && this.parent.inheritsRootLevel();
  }

  private bind(fields: Readonly<Record<string, unknown>>, name: string | undefined): Bindings {
    const keys = Object.keys(fields);
    if (keys.length === 0) return this.bindings.withName(name);
    const safe = this.hub.redact === undefined ? fields : this.hub.redact(fields);
    return new Bindings(name, this.bindings, { ...safe });
  }
}

function defineLevelMethod(name: Exclude<LevelName, 'silent'>): void {
  const value = levels[name];
  // The threshold check is inlined here and touches no arguments: a call below the
  // threshold costs a few loads and allocates nothing.
  const method = function (this: LoggerImpl): void {
    if (this.seen !== contextState.epoch) this.refresh();
    if (value < this.fastMin) return;
    // biome-ignore lint/complexity/noArguments: avoids a rest array on the common path
    this.logArguments(value, arguments);
  };
  Object.defineProperty(LoggerImpl.prototype, name, { value: method, writable: true, configurable: true });
}
for (const name of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) defineLevelMethod(name);

/** A new, independent logger: its own transports, level and redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return createLoggerImpl(options);
}

/** @internal */
export function createLoggerImpl(options: LoggerOptions): LoggerImpl {
  validateOptions(options);
  const level = levels[options.level === undefined ? defaultLevel() : parseLevel(options.level)];
  const hub = new Hub(options);
  const bindings = rootBindings(options, hub);
  return new LoggerImpl(hub, undefined, level, bindings, undefined);
}

/** @internal */
export function rootBindings(options: LoggerOptions, hub: Hub): Bindings {
  const fields = options.bindings;
  if (fields === undefined || Object.keys(fields).length === 0) {
    return options.name === undefined ? Bindings.EMPTY : Bindings.EMPTY.withName(options.name);
  }
  const safe = hub.redact === undefined ? fields : hub.redact(fields);
  return new Bindings(options.name, undefined, { ...safe });
}

/** @internal */
export function validateOptions(options: LoggerOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('cloudlog: logger options must be an object');
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new TypeError('cloudlog: name must be a string');
  }
  if (options.bindings !== undefined && (typeof options.bindings !== 'object' || options.bindings === null)) {
    throw new TypeError('cloudlog: bindings must be an object of fields');
  }
}
