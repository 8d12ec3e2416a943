import type { LogRecord } from '../record.js';
import { isError, readError, stringify } from '../serialize.js';
import { clockTime } from '../time.js';
import { escapeControl } from './escape.js';
import type { Format } from './types.js';

export interface PrettyFormatOptions {
  /** ANSI colours. @default on when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces them) */
  readonly colors?: boolean;
  /** Print bound and request-context fields too, not only call-site fields. @default true */
  readonly bindings?: boolean;
}

const LEVEL_STYLE: Readonly<Record<number, readonly [label: string, color: string]>> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

/**
 * Human-readable, coloured lines for a terminal: `15:08:00.123 INFO  name: message key=value`.
 * An error's stack follows on indented lines. Not meant for log shipping: use json() there.
 */
export function pretty(options: PrettyFormatOptions = {}): Format {
  const colors = options.colors ?? defaultColors();
  const withBindings = options.bindings !== false;
  const paint = (code: string, text: string): string => (colors ? code + text + RESET : text);
  return {
    format(record: LogRecord): string {
      const [label, color] = LEVEL_STYLE[record.level] ?? ['INFO ', '\x1b[32m'];
      let line = `${paint(DIM, clockTime(record.time))} ${paint(color, label)}`;
      if (record.name !== undefined) line += ` ${paint(BOLD, escapeControl(record.name))}:`;
      line += ` ${escapeControl(record.msg)}`;
      let stack: string | undefined;
      for (const [key, value] of entriesOf(record, withBindings)) {
        if (value === undefined) continue;
        if (isError(value)) {
          const view = readError(value);
          stack ??= view.stack;
          line += ` ${paint(DIM, `${escapeControl(key)}=`)}${escapeControl(`${view.type}: ${view.message}`)}`;
          continue;
        }
        line += ` ${paint(DIM, `${escapeControl(key)}=`)}${render(value)}`;
      }
      if (stack !== undefined) {
        const lines = stack.split('\n').filter((l) => /^\s+at /.test(l));
        if (lines.length > 0) line += `\n${paint(DIM, lines.map((l) => `    ${escapeControl(l.trim())}`).join('\n'))}`;
      }
      return line;
    },
  };
}

/** Bound, context and call-site fields, later ones overriding, read without throwing. */
function entriesOf(record: LogRecord, withBindings: boolean): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const sources: (Readonly<Record<string, unknown>> | undefined)[] = withBindings
    ? [record.bindings.values, record.context?.values, record.fields]
    : [record.fields];
  for (const source of sources) {
    if (source === undefined) continue;
    try {
      for (const key of Object.keys(source)) {
        let value: unknown;
        try {
          value = source[key];
        } catch {
          value = '[Throws]';
        }
        out.delete(key);
        out.set(key, value);
      }
    } catch {
      out.set('fields', '[Unserializable]');
    }
  }
  return out;
}

function render(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-]*$/.test(value) && value !== '' ? value : stringify(value);
  return escapeControl(stringify(value));
}

function defaultColors(): boolean {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
