// Safe JSON writing for log records. Builds JSON text by concatenation (as pino does), never
// throws, and always produces valid JSON: circular references, BigInt, symbols, functions,
// throwing getters and toJSON, Map/Set, Buffer, Date, lone surrogates, `__proto__` keys and
// null-prototype objects all have a defined, safe rendering.

/** Nesting depth past which objects are rendered as "[Object]" / "[Array]". */
export const DEFAULT_MAX_DEPTH = 10;
/** Bytes of a Buffer or typed array rendered as base64; longer ones are cut and marked. */
export const MAX_BINARY_BYTES = 1024;

/** A JSON string literal for `s`. Short, plain strings skip JSON.stringify. */
export function quote(s: string): string {
  const n = s.length;
  if (n > 64) return JSON.stringify(s);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // control characters, quote, backslash, and surrogates (a lone one must be escaped)
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** Safe JSON text of any value (`null` for values JSON cannot represent at top level). */
export function stringify(value: unknown, maxDepth: number = DEFAULT_MAX_DEPTH): string {
  return writeValue(value, undefined, 0, maxDepth) ?? 'null';
}

/**
 * The members of an object as a JSON fragment, each preceded by a comma: `,"a":1,"b":"x"`.
 * Used to splice bindings and call-site fields into a record's line.
 */
export function fieldsJson(fields: object, maxDepth: number = DEFAULT_MAX_DEPTH): string {
  let keys: string[];
  try {
    keys = Object.keys(fields);
  } catch (error) {
    return `,"fields":${quote(`[Unserializable: ${messageOf(error)}]`)}`;
  }
  let out = '';
  let stack: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    let value: unknown;
    try {
      value = (fields as Record<string, unknown>)[key];
    } catch (error) {
      value = `[Throws: ${messageOf(error)}]`;
    }
    let json: string | undefined;
    switch (typeof value) {
      case 'string':
        json = quote(value);
        break;
      case 'number':
        json = Number.isFinite(value) ? `${value}` : 'null';
        break;
      case 'boolean':
        json = value ? 'true' : 'false';
        break;
      case 'object':
        if (value === null) json = 'null';
        else {
          stack ??= [fields];
          json = writeObject(value, stack, 1, maxDepth);
        }
        break;
      case 'bigint':
        json = `"${value}"`;
        break;
      default:
        continue; // undefined, function, symbol: omitted, as JSON.stringify does
    }
    out += `,${quote(key)}:${json}`;
  }
  return out;
}

function writeValue(value: unknown, stack: unknown[] | undefined, depth: number, maxDepth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value}"`;
    case 'object':
      return value === null ? 'null' : writeObject(value, stack ?? [], depth, maxDepth);
    default:
      return undefined;
  }
}

function writeObject(value: object, stack: unknown[], depth: number, maxDepth: number): string {
  if (stack.includes(value)) return '"[Circular]"';
  if (depth >= maxDepth) return Array.isArray(value) ? '"[Array]"' : '"[Object]"';
  stack.push(value);
  try {
    return writeKnownObject(value, stack, depth + 1, maxDepth);
  } catch (error) {
    return quote(`[Unserializable: ${messageOf(error)}]`);
  } finally {
    stack.pop();
  }
}

function writeKnownObject(value: object, stack: unknown[], depth: number, maxDepth: number): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += writeValue(value[i], stack, depth, maxDepth) ?? 'null';
    }
    return `${out}]`;
  }
  if (isError(value)) return writeError(value, stack, depth, maxDepth);
  if (ArrayBuffer.isView(value)) return writeBinary(value);
  if (value instanceof Map) {
    let out = '{';
    let first = true;
    for (const [k, v] of value) {
      const json = writeValue(v, stack, depth, maxDepth);
      if (json === undefined) continue;
      const key = typeof k === 'string' ? k : typeof k === 'object' && k !== null ? stringify(k, 2) : String(k);
      out += `${first ? '' : ','}${quote(key)}:${json}`;
      first = false;
    }
    return `${out}}`;
  }
  if (value instanceof Set) {
    let out = '[';
    let first = true;
    for (const v of value) {
      out += `${first ? '' : ','}${writeValue(v, stack, depth, maxDepth) ?? 'null'}`;
      first = false;
    }
    return `${out}]`;
  }
  if (value instanceof RegExp) return quote(String(value));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let result: unknown;
    try {
      result = toJSON.call(value, '');
    } catch (error) {
      return quote(`[Throws: ${messageOf(error)}]`);
    }
    if (result === value) return writePlain(value, stack, depth, maxDepth);
    return writeValue(result, stack, depth, maxDepth) ?? 'null';
  }
  return writePlain(value, stack, depth, maxDepth);
}

function writePlain(value: object, stack: unknown[], depth: number, maxDepth: number): string {
  const keys = Object.keys(value);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    let v: unknown;
    try {
      v = (value as Record<string, unknown>)[key];
    } catch (error) {
      v = `[Throws: ${messageOf(error)}]`;
    }
    const json = writeValue(v, stack, depth, maxDepth);
    if (json === undefined) continue;
    out += `${first ? '' : ','}${quote(key)}:${json}`;
    first = false;
  }
  return `${out}}`;
}

const ERROR_OWN_SKIP = new Set(['name', 'message', 'stack', 'cause', 'errors']);

function writeError(error: Error, stack: unknown[], depth: number, maxDepth: number): string {
  const view = readError(error);
  let out = `{"type":${quote(view.type)},"message":${quote(view.message)}`;
  if (view.stack !== undefined) out += `,"stack":${quote(view.stack)}`;
  for (const key of Object.keys(error)) {
    if (ERROR_OWN_SKIP.has(key)) continue;
    let v: unknown;
    try {
      v = (error as unknown as Record<string, unknown>)[key];
    } catch (e) {
      v = `[Throws: ${messageOf(e)}]`;
    }
    const json = writeValue(v, stack, depth, maxDepth);
    if (json !== undefined) out += `,${quote(key)}:${json}`;
  }
  if (view.cause !== undefined) out += `,"cause":${writeValue(view.cause, stack, depth, maxDepth) ?? 'null'}`;
  if (view.errors !== undefined) out += `,"errors":${writeValue(view.errors, stack, depth, maxDepth) ?? 'null'}`;
  return `${out}}`;
}

/** The parts of an error worth logging, read without ever throwing. */
export interface ErrorView {
  readonly type: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly cause: unknown;
  readonly errors: readonly unknown[] | undefined;
}

export function readError(error: Error): ErrorView {
  const type = safely(() => {
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    const name = error.name;
    if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Error' && ctor !== 'Object') return ctor;
    return typeof name === 'string' && name !== '' ? name : 'Error';
  }, 'Error');
  const message = safely(() => {
    const m = error.message;
    return typeof m === 'string' ? m : String(m);
  }, '');
  const stack = safely(() => (typeof error.stack === 'string' ? error.stack : undefined), undefined);
  const cause = safely(() => ('cause' in error ? (error as { cause?: unknown }).cause : undefined), undefined);
  const errors = safely(() => {
    const list = (error as { errors?: unknown }).errors;
    return Array.isArray(list) ? list : undefined;
  }, undefined);
  return { type, message, stack, cause, errors };
}

export function isError(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

function writeBinary(view: ArrayBufferView): string {
  const bytes = Buffer.from(view.buffer, view.byteOffset, Math.min(view.byteLength, MAX_BINARY_BYTES));
  const type = Buffer.isBuffer(view) ? 'Buffer' : (view.constructor?.name ?? 'ArrayBufferView');
  let out = `{"type":${quote(type)},"length":${view.byteLength},"base64":"${bytes.toString('base64')}"`;
  if (view.byteLength > MAX_BINARY_BYTES) out += ',"truncated":true';
  return `${out}}`;
}

function safely<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export function messageOf(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    return String(error);
  } catch {
    return 'unknown error';
  }
}
