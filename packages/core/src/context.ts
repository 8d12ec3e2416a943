import { AsyncLocalStorage } from 'node:async_hooks';
import type { TraceContext } from './http-access.js';
import { defineAll } from './record.js';
import type { Redactor } from './redact.js';
import { fieldsJson } from './serialize.js';

/**
 * Fields of one unit of work (an HTTP request), shared by every line logged while it runs:
 * `req.log`, its children, and any logger called below the handler. `assign()` adds fields
 * that arrive late (a user id after authentication) to every later line.
 */
export class LogContext {
  /** The merged fields, as a null-prototype object: built on first read (text formats only need it). */
  private merged: Record<string, unknown> | undefined;
  /** A shallow snapshot of the constructor's fields, until `merged` is built from it. */
  private initial: Readonly<Record<string, unknown>> | undefined;
  private text: string;
  /** Builds the fields of a prepared context (see `prepared`) when they are first read. */
  private source: ContextFieldsSource | undefined;
  /** The request's distributed-trace identifiers, for transports that group lines by trace. */
  trace: TraceContext | undefined = undefined;

  constructor(
    fields?: Readonly<Record<string, unknown>>,
    /** Threshold for loggers that do not set their own level while this context is active. */
    public level?: number,
    private readonly redact?: Redactor,
  ) {
    this.merged = undefined;
    this.initial = undefined;
    this.source = undefined;
    this.text = '';
    if (fields !== undefined && typeof fields === 'object' && fields !== null) {
      // A context is made per request and JSON lines only need its text: snapshot the fields
      // (spread keeps a `__proto__` key as data) and build the null-prototype view on demand.
      this.initial = { ...(this.redact === undefined ? fields : this.redact(fields)) };
      this.text = fieldsJson(this.initial);
    }
  }

  /**
   * @internal A context whose JSON fragment the caller built (`,"k":v…`, exactly what
   * `fieldsJson` gives for the fields `source` returns): a request-logging engine knows its
   * fields' types and skips the generic serializer on every request. Not redacted: only for
   * loggers without redact paths.
   */
  static prepared(json: string, source: ContextFieldsSource, level?: number): LogContext {
    const context = new LogContext(undefined, level);
    context.text = json;
    context.source = source;
    return context;
  }

  /** The context's fields (read-only view). */
  get values(): Readonly<Record<string, unknown>> {
    let merged = this.merged;
    if (merged === undefined) {
      merged = Object.create(null) as Record<string, unknown>;
      if (this.initial !== undefined) defineAll(merged, this.initial);
      else if (this.source !== undefined) defineAll(merged, this.source.contextFields());
      this.merged = merged;
      this.initial = undefined;
      this.source = undefined;
    }
    return merged;
  }

  /** The fields as a JSON fragment (`,"k":v…`), re-serialized on assign only. */
  get json(): string {
    return this.text;
  }

  assign(fields: Readonly<Record<string, unknown>>): void {
    if (typeof fields !== 'object' || fields === null) return;
    const safe = this.redact === undefined ? fields : this.redact(fields);
    const merged: Record<string, unknown> = Object.create(null);
    Object.assign(merged, this.values);
    defineAll(merged, safe);
    this.merged = merged;
    this.text = fieldsJson(merged);
  }
}

/** @internal What a prepared context's fields are built from, when first read. */
export interface ContextFieldsSource {
  contextFields(): Readonly<Record<string, unknown>>;
}

interface ContextState {
  readonly storage: AsyncLocalStorage<LogContext>;
  /** Set once a context has ever been entered: until then loggers skip the lookup entirely. */
  active: boolean;
  /**
   * Bumped by every level or transport change of any logger, and when contexts first become
   * active: a logger compares it with the epoch its cached threshold was derived at.
   */
  epoch: number;
}

// One store per process, even if both the ESM and the CommonJS build of core are loaded.
const KEY = Symbol.for('cloudlog.core.context.v1');
const holder = globalThis as unknown as Record<symbol, ContextState | undefined>;
holder[KEY] ??= { storage: new AsyncLocalStorage(), active: false, epoch: 0 };
export const contextState: ContextState = holder[KEY];

/** Runs `fn` with `context` active: loggers called inside it carry the context's fields. */
export function runWithContext<R>(context: LogContext, fn: () => R): R {
  if (!contextState.active) activate();
  return contextState.storage.run(context, fn);
}

/** Makes `context` the active one for the rest of the current async execution. */
export function enterContext(context: LogContext): void {
  if (!contextState.active) activate();
  contextState.storage.enterWith(context);
}

function activate(): void {
  contextState.active = true;
  contextState.epoch++;
}

/** The active context, if any. */
export function currentContext(): LogContext | undefined {
  return contextState.active ? contextState.storage.getStore() : undefined;
}
