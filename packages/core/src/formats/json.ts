import type { LogRecord } from '../record.js';
import { isoTime } from '../time.js';
import type { Format } from './types.js';

export interface JsonFormatOptions {
  /** `iso`: `"time":"2026-11-24T15:08:00.123Z"`; `epoch`: `"time":1795532880123`. @default 'iso' */
  readonly time?: 'iso' | 'epoch';
}

const LEVEL_PREFIX: Readonly<Record<number, string>> = {
  10: '{"level":"trace","time":',
  20: '{"level":"debug","time":',
  30: '{"level":"info","time":',
  40: '{"level":"warn","time":',
  50: '{"level":"error","time":',
  60: '{"level":"fatal","time":',
};

/**
 * One JSON object per line, keys in a fixed order: level, time, name, msg, then bound
 * fields, request-context fields and call-site fields.
 */
export function json(options: JsonFormatOptions = {}): Format {
  const time = options.time ?? 'iso';
  if (time !== 'iso' && time !== 'epoch') {
    throw new TypeError(`cloudlog: json({ time }) must be 'iso' or 'epoch', got ${JSON.stringify(time)}`);
  }
  if (time === 'epoch') {
    return {
      format: (r: LogRecord): string =>
        `${LEVEL_PREFIX[r.level] ?? LEVEL_PREFIX[30]}${r.time}${r.bindings.nameJson},"msg":${r.msgJson}${r.bindings.json}${r.context === undefined ? '' : r.context.json}${r.fieldsJson}}`,
    };
  }
  return {
    format: (r: LogRecord): string =>
      `${LEVEL_PREFIX[r.level] ?? LEVEL_PREFIX[30]}"${isoTime(r.time)}"${r.bindings.nameJson},"msg":${r.msgJson}${r.bindings.json}${r.context === undefined ? '' : r.context.json}${r.fieldsJson}}`,
  };
}

/** The shared default instance. */
export const defaultJson: Format = json();
