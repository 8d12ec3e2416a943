import type { LogRecord } from '../record.js';

/** Turns a record into one line of text (without the trailing newline). Must never throw. */
export interface Format {
  format(record: LogRecord): string;
}
