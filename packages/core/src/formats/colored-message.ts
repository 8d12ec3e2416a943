// A variant of a record's message that carries its own ANSI colours (morgan's `dev` access
// line), attached under a symbol key by the code that built the message. Text formats escape
// control characters in messages, so colours reach a terminal only this way: pretty() prints it
// when its colours are on; json() and template() never see it (symbol keys are not serialized).
import type { LogRecord } from '../record.js';
import { escapeControl } from './escape.js';

export const COLORED_MESSAGE: unique symbol = Symbol.for('cloudlog.colored-message') as never;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching colour codes is the point
const SGR = /\x1b\[[0-9;]*m/g;

/** The coloured message of a record, provided its only control characters are SGR colour codes. */
export function coloredMessageOf(record: LogRecord): string | undefined {
  const value = (record.fields as { [COLORED_MESSAGE]?: unknown } | undefined)?.[COLORED_MESSAGE];
  if (typeof value !== 'string') return undefined;
  const plain = value.replace(SGR, '');
  return escapeControl(plain) === plain ? value : undefined;
}
