// The layout of a pretty line, shared by the pretty() format and the cloudlog-pretty command:
// `15:08:00.123 INFO  name: message key=value …`, then an error's stack on indented lines.
import { stringify } from '../serialize.js';
import { clockTime } from '../time.js';
import { escapeControl } from './escape.js';

export interface PrettyLineParts {
  /** Epoch milliseconds; undefined prints a placeholder of the same width. */
  readonly time: number | undefined;
  readonly level: number | undefined;
  /** Shown (uncoloured, 5 wide) when `level` is not one of the six levels. */
  readonly levelText?: string;
  readonly name: string | undefined;
  readonly message: string;
  /** The message with its own colours, trusted (see COLORED_MESSAGE): printed instead when colours are on. */
  readonly coloredMessage?: string;
  /** Fields as key and rendered value (see `renderValue`). */
  readonly entries: readonly (readonly [key: string, text: string])[];
  /** An error's stack: its `at` lines follow the line, indented. */
  readonly stack?: string;
}

export const LEVEL_STYLE: Readonly<Record<number, readonly [label: string, color: string]>> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};
export const RESET = '\x1b[0m';
export const DIM = '\x1b[2m';
export const BOLD = '\x1b[1m';
const NO_TIME = '--:--:--.---';

/**
 * One pretty line. `nameWidth` pads the name column (`name:` and spaces) so that messages start
 * at the same column for names up to that width; 0 leaves no padding.
 */
export function prettyLine(parts: PrettyLineParts, colors: boolean, nameWidth = 0): string {
  const paint = (code: string, text: string): string => (colors ? code + text + RESET : text);
  const style = parts.level === undefined ? undefined : LEVEL_STYLE[parts.level];
  const label = style === undefined ? unknownLevel(parts.levelText) : paint(style[1], style[0]);
  let line = `${paint(DIM, parts.time === undefined ? NO_TIME : clockTime(parts.time))} ${label}`;
  const name = parts.name === undefined ? undefined : escapeControl(parts.name);
  if (name !== undefined) line += ` ${paint(BOLD, name)}:${' '.repeat(Math.max(0, nameWidth - name.length))}`;
  else if (nameWidth > 0) line += ' '.repeat(nameWidth + 2);
  line += ` ${colors && parts.coloredMessage !== undefined ? parts.coloredMessage : escapeControl(parts.message)}`;
  for (const [key, text] of parts.entries) line += ` ${paint(DIM, `${escapeControl(key)}=`)}${text}`;
  if (parts.stack !== undefined) {
    const lines = parts.stack.split('\n').filter((l) => /^\s+at /.test(l));
    if (lines.length > 0) line += `\n${paint(DIM, lines.map((l) => `    ${escapeControl(l.trim())}`).join('\n'))}`;
  }
  return line;
}

/** A level that is none of the six, as the line wrote it: uncoloured, 5 wide. */
function unknownLevel(text: string | undefined): string {
  return escapeControl(text ?? '')
    .padEnd(5)
    .slice(0, 5);
}

/** A field's value on a pretty line: plain words bare, other strings quoted, the rest as compact JSON; never a control character. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string' && value !== '' && /^[\w./:@-]*$/.test(value)) return value;
  return escapeControl(stringify(value));
}
