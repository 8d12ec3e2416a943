import type { LogRecord } from '../record.js';
import { isError, readError } from '../serialize.js';
import { coloredMessageOf } from './colored-message.js';
import { escapeControl } from './escape.js';
import { prettyLine, renderValue } from './pretty-line.js';
import type { Format } from './types.js';

export interface PrettyFormatOptions {
  /** ANSI colours. @default on when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces them) */
  readonly colors?: boolean;
  /** Print bound and request-context fields too, not only call-site fields. @default true */
  readonly bindings?: boolean;
}

/**
 * Human-readable, coloured lines for a terminal: `15:08:00.123 INFO  name: message key=value`.
 * An error's stack follows on indented lines. Not meant for log shipping: use json() there.
 */
export function pretty(options: PrettyFormatOptions = {}): Format {
  const colors = options.colors ?? defaultColors();
  const withBindings = options.bindings !== false;
  return {
    format(record: LogRecord): string {
      const entries: [string, string][] = [];
      let stack: string | undefined;
      for (const [key, value] of entriesOf(record, withBindings)) {
        if (value === undefined) continue;
        if (isError(value)) {
          const view = readError(value);
          stack ??= view.stack;
          entries.push([key, escapeControl(`${view.type}: ${view.message}`)]);
          continue;
        }
        entries.push([key, renderValue(value)]);
      }
      return prettyLine(
        {
          time: record.time,
          level: record.level,
          levelText: 'INFO',
          name: record.name,
          message: record.msg,
          coloredMessage: colors ? coloredMessageOf(record) : undefined,
          entries,
          stack,
        },
        colors,
      );
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

/** Colours by default: on a terminal, unless NO_COLOR is set (FORCE_COLOR, not '0', forces them). */
export function defaultColors(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
