// A subset of the Logging query language for ListLogEntries: comparisons joined by AND (or by
// juxtaposition), optionally in parentheses. That covers what `@google-cloud/logging` builds
// (`logName="..." AND timestamp >= "..."`, `(user filter) AND logName="..."`). OR, NOT and
// anything else is refused with a clear message rather than answered wrongly.
// https://cloud.google.com/logging/docs/view/logging-query-language
import { LOG_SEVERITIES, type StoredEntry } from './types.js';

type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | ':';
interface Comparison {
  readonly path: string[];
  readonly op: Operator;
  readonly value: string;
}

export type EntryPredicate = (entry: StoredEntry) => boolean;

const TOKEN = /\s*(\(|\)|"(?:[^"\\]|\\.)*"|>=|<=|!=|=|>|<|:|[^\s()"=<>!:]+)/y;

function tokenize(filter: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let rest = filter.trim();
  while (rest.length > 0) {
    TOKEN.lastIndex = 0;
    const match = TOKEN.exec(rest);
    if (!match) throw new SyntaxError(`cannot parse filter near: ${rest.slice(0, 30)}`);
    tokens.push(match[1]!);
    rest = rest.slice(match[0].length).trimStart();
  }
  return tokens;
}

function unquote(token: string): string {
  return token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token;
}

const OPERATORS = new Set<string>(['=', '!=', '>', '>=', '<', '<=', ':']);

function parseComparisons(tokens: string[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token === '(' || token === ')' || token === 'AND') {
      i++;
      continue;
    }
    if (token === 'OR' || token === 'NOT' || token.startsWith('-')) {
      throw new SyntaxError(`the local server supports only AND-ed comparisons, not ${token}`);
    }
    const op = tokens[i + 1];
    const value = tokens[i + 2];
    if (op === undefined || !OPERATORS.has(op) || value === undefined || value === '(' || value === ')') {
      throw new SyntaxError(`expected "<field> <operator> <value>" at "${token}"`);
    }
    comparisons.push({ path: unquote(token).split('.'), op: op as Operator, value: unquote(value) });
    i += 3;
  }
  return comparisons;
}

function fieldOf(entry: StoredEntry, path: string[]): unknown {
  let current: unknown = entry;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function compareOrdered(left: number, op: Operator, right: number): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    default:
      return false;
  }
}

function severityRank(value: unknown): number {
  if (typeof value === 'string' && value.toUpperCase() in LOG_SEVERITIES) {
    return LOG_SEVERITIES[value.toUpperCase() as keyof typeof LOG_SEVERITIES];
  }
  return Number(value);
}

function matches(entry: StoredEntry, { path, op, value }: Comparison): boolean {
  const field = fieldOf(entry, path);
  if (field === undefined || field === null) return op === '!=';
  if (path.length === 1 && path[0] === 'severity') return compareOrdered(severityRank(field), op, severityRank(value));
  if (field instanceof Date) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new SyntaxError(`not a timestamp: ${value}`);
    return compareOrdered(field.getTime(), op, time);
  }
  if (typeof field === 'object') return op === ':' ? JSON.stringify(field).includes(value) : false;
  const text = String(field);
  if (op === ':') return text.toLowerCase().includes(value.toLowerCase());
  if (op === '=' || op === '!=') return (text === value) === (op === '=');
  const left = Number(field);
  const right = Number(value);
  if (Number.isFinite(left) && Number.isFinite(right)) return compareOrdered(left, op, right);
  return compareOrdered(text.localeCompare(value), op, 0);
}

/** Compiles a filter; throws a SyntaxError whose message says what is not supported. */
export function compileFilter(filter: string | undefined): EntryPredicate {
  if (!filter?.trim()) return () => true;
  const comparisons = parseComparisons(tokenize(filter));
  // Validate timestamps eagerly so a bad filter fails the call, not silently per entry.
  for (const c of comparisons) {
    if ((c.path[0] === 'timestamp' || c.path[0] === 'receiveTimestamp') && Number.isNaN(Date.parse(c.value))) {
      throw new SyntaxError(`not a timestamp: ${c.value}`);
    }
  }
  return (entry) => comparisons.every((c) => matches(entry, c));
}
