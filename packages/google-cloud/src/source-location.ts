// `sourceLocation` when it is known: for a record carrying an Error (`err`), the frame that
// threw it, read from the stack. Records without an error have no known location.
import { isError, type LogRecord } from '@cloudlog/core';

export interface SourceLocation {
  readonly file: string;
  /** int64 in the API: a decimal string. */
  readonly line: string;
  readonly function?: string;
}

// `    at fn (file:line:col)` or `    at file:line:col`
const FRAME = /\n\s+at (?:(.+?) \()?(.+?):(\d+):\d+\)?(?:\n|$)/;

export function sourceLocationOf(record: LogRecord): SourceLocation | undefined {
  const err = record.fields?.err;
  if (!isError(err)) return undefined;
  let stack: unknown;
  try {
    stack = err.stack;
  } catch {
    return undefined;
  }
  if (typeof stack !== 'string') return undefined;
  const match = FRAME.exec(stack);
  if (match === null) return undefined;
  const [, fn, file, line] = match as unknown as [string, string | undefined, string, string];
  return fn === undefined ? { file, line } : { file, line, function: fn };
}
