import type { LogContext } from './context.js';
import { type LogLevelName, levelNameOf } from './levels.js';
import { fieldsJson, quote } from './serialize.js';

/**
 * Fields bound to a logger by `child()` (and its name). Serialized once, when the child is
 * made; `values` (the merged object) is only built when a format asks for it.
 */
export class Bindings {
  /** `,"name":"…"` or empty. */
  readonly nameJson: string;
  /** Every bound field as a JSON fragment: `,"a":1,"b":"x"` (empty when none). */
  readonly json: string;
  private merged: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly name: string | undefined,
    private readonly parent: Bindings | undefined,
    private readonly own: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.nameJson = name === undefined ? '' : `,"name":${quote(name)}`;
    if (own === undefined) this.json = parent?.json ?? '';
    else if (parent === undefined || parent.json === '' || !parent.overlaps(own)) {
      this.json = (parent?.json ?? '') + fieldsJson(own);
    } else {
      // A child rebinding a parent's key: serialize the merged set so each key appears once.
      this.json = fieldsJson(this.values);
    }
  }

  static readonly EMPTY = new Bindings(undefined, undefined, undefined);

  /** Merged bound fields, the child's winning over its parent's. */
  get values(): Readonly<Record<string, unknown>> {
    if (this.merged === undefined) {
      const merged: Record<string, unknown> = Object.create(null);
      if (this.parent !== undefined) Object.assign(merged, this.parent.values);
      if (this.own !== undefined) defineAll(merged, this.own);
      this.merged = merged;
    }
    return this.merged;
  }

  withName(name: string | undefined): Bindings {
    return name === this.name ? this : new Bindings(name, this, undefined);
  }

  private overlaps(own: Readonly<Record<string, unknown>>): boolean {
    const values = this.values;
    for (const key in own) if (key in values) return true;
    return false;
  }
}

/** Copies own enumerable keys without ever invoking a `__proto__` setter. */
export function defineAll(target: Record<string, unknown>, source: object): void {
  const keys = Object.keys(source);
  if (Object.getPrototypeOf(target) === null) {
    // No prototype, so no `__proto__` setter to trip: plain assignment is safe, and several
    // times faster than defineProperty (this runs for every request context).
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      target[key] = (source as Record<string, unknown>)[key];
    }
    return;
  }
  for (const key of keys) {
    Object.defineProperty(target, key, {
      value: (source as Record<string, unknown>)[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

/**
 * One log call, as transports receive it. `fields` is the caller's object after redaction:
 * a transport must format what it needs inside `write()` and keep no reference to it.
 */
export class LogRecord {
  constructor(
    /** Numeric level: 10 trace … 60 fatal. */
    readonly level: number,
    /** Epoch milliseconds. */
    readonly time: number,
    readonly msg: string,
    readonly fields: Readonly<Record<string, unknown>> | undefined,
    readonly bindings: Bindings,
    /** The request context the record was logged in, if any. */
    readonly context: LogContext | undefined,
    /** JSON fragment of `fields` (`fieldsJson`), built on first use unless the logger had it already. */
    private fieldsText: string | undefined = undefined,
    /** `msg` as a JSON string (`quote(msg)`), built on first use unless the logger had it already. */
    private msgText: string | undefined = undefined,
  ) {}

  get levelName(): LogLevelName {
    return levelNameOf(this.level) ?? 'info';
  }

  get name(): string | undefined {
    return this.bindings.name;
  }

  /** The message as a JSON string, quotes included (`quote(msg)`), computed once per record. */
  get msgJson(): string {
    if (this.msgText === undefined) this.msgText = quote(this.msg);
    return this.msgText;
  }

  /** The call-site fields as a JSON fragment (`,"k":v…`), computed once per record. */
  get fieldsJson(): string {
    if (this.fieldsText === undefined) this.fieldsText = this.fields === undefined ? '' : fieldsJson(this.fields);
    return this.fieldsText;
  }

  /** Bound, context and call-site fields as one JSON fragment, in that order of precedence. */
  get allFieldsJson(): string {
    return this.bindings.json + (this.context === undefined ? '' : this.context.json) + this.fieldsJson;
  }

  /** Looks a field up by name: call-site fields, then the request context, then bindings. */
  field(key: string): unknown {
    const fields = this.fields;
    if (fields !== undefined && Object.hasOwn(fields, key)) return fields[key];
    const context = this.context;
    if (context !== undefined && key in context.values) return context.values[key];
    return this.bindings.values[key];
  }

  /** Every field merged into one plain object (bindings < context < call site). */
  mergedFields(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    Object.assign(out, this.bindings.values);
    if (this.context !== undefined) Object.assign(out, this.context.values);
    if (this.fields !== undefined) defineAll(out, this.fields);
    return out;
  }
}
