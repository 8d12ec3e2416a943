import { isError, readError } from './serialize.js';

/** Redaction settings: paths such as `password`, `req.headers.authorization`, `*.token`. */
export interface RedactOptions {
  /**
   * Paths to hide. Segments are separated by dots; `*` matches any key at its level;
   * brackets quote keys with other characters: `headers["x-api-key"]`.
   */
  readonly paths: readonly string[];
  /** What replaces a hidden value. @default '[Redacted]' */
  readonly censor?: string;
  /** Remove the key instead of replacing its value. @default false */
  readonly remove?: boolean;
}

/** Returns the object itself when nothing matched, else a copy with the paths hidden. */
export type Redactor = <T extends object>(value: T) => T;

interface PathNode {
  terminal: boolean;
  readonly children: Map<string, PathNode>;
  wildcard: PathNode | undefined;
}

const SEGMENT = /^[A-Za-z0-9_$-]+$/;

/** Compiles redaction options once, at configuration time; a malformed path is a TypeError. */
export function compileRedaction(option: readonly string[] | RedactOptions | undefined): Redactor | undefined {
  if (option === undefined) return undefined;
  const options: RedactOptions = Array.isArray(option)
    ? { paths: option as readonly string[] }
    : (option as RedactOptions);
  if (typeof options !== 'object' || options === null || !Array.isArray(options.paths)) {
    throw new TypeError('cloudlog: redact must be an array of paths or { paths, censor?, remove? }');
  }
  if (options.censor !== undefined && typeof options.censor !== 'string') {
    throw new TypeError('cloudlog: redact.censor must be a string');
  }
  if (options.paths.length === 0) return undefined;
  const root: PathNode = newNode();
  for (const path of options.paths) {
    let node = root;
    for (const segment of parsePath(path)) {
      if (segment === '*') {
        node.wildcard ??= newNode();
        node = node.wildcard;
      } else {
        let child = node.children.get(segment);
        if (child === undefined) {
          child = newNode();
          node.children.set(segment, child);
        }
        node = child;
      }
    }
    node.terminal = true;
  }
  const censor = options.censor ?? '[Redacted]';
  const remove = options.remove === true;
  return (<T extends object>(value: T): T => {
    try {
      return redactNode(value, root, censor, remove, 0) as T;
    } catch {
      return value;
    }
  }) as Redactor;
}

/** Splits `a.b["c.d"].*` into segments; throws a TypeError naming the bad path. */
export function parsePath(path: unknown): string[] {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`cloudlog: redact path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const segments: string[] = [];
  let i = 0;
  const fail = (): never => {
    throw new TypeError(
      `cloudlog: malformed redact path ${JSON.stringify(path)}; use dots, * and ["quoted keys"], e.g. req.headers["x-api-key"]`,
    );
  };
  while (i < path.length) {
    if (path[i] === '[') {
      const quoteChar = path[i + 1];
      if (quoteChar !== '"' && quoteChar !== "'") fail();
      const end = path.indexOf(`${quoteChar}]`, i + 2);
      if (end === -1) fail();
      segments.push(path.slice(i + 2, end));
      i = end + 2;
      if (i < path.length && path[i] === '.') i++;
      else if (i < path.length && path[i] !== '[') fail();
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const segment = path.slice(i, end);
      if (segment !== '*' && !SEGMENT.test(segment)) fail();
      segments.push(segment);
      i = end;
      if (path[i] === '.') {
        i++;
        if (i === path.length) fail();
      }
    }
  }
  return segments;
}

function newNode(): PathNode {
  return { terminal: false, children: new Map(), wildcard: undefined };
}

const MAX_REDACT_DEPTH = 32;

function redactNode(value: unknown, node: PathNode, censor: string, remove: boolean, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_REDACT_DEPTH) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const source = value as Record<string, unknown>;
  const visit = (key: string, child: PathNode): void => {
    if (!Object.hasOwn(source, key) && !(isError(value) && key in source)) return;
    const current = source[key];
    const next = child.terminal ? censor : redactNode(current, child, censor, remove, depth + 1);
    if (next === current && !(child.terminal && remove)) return;
    copy ??= copyOf(value);
    if (child.terminal && remove) {
      delete (copy as Record<string, unknown>)[key];
    } else {
      Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  };
  for (const [key, child] of node.children) visit(key, child);
  if (node.wildcard !== undefined) {
    for (const key of Object.keys(source)) visit(key, node.wildcard);
  }
  return copy ?? value;
}

function copyOf(value: object): Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return value.slice();
  if (isError(value)) {
    // An error's message and stack are not enumerable: keep them in the copy.
    const view = readError(value);
    const copy: Record<string, unknown> = { type: view.type, message: view.message };
    if (view.stack !== undefined) copy.stack = view.stack;
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: (value as unknown as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (view.cause !== undefined) copy.cause = view.cause;
    if (view.errors !== undefined) copy.errors = view.errors;
    return copy;
  }
  // Spread defines own properties, so a `__proto__` key stays a plain key.
  return { ...value };
}
