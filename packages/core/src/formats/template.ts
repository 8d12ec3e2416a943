import { asString } from '../interpolate.js';
import type { LogRecord } from '../record.js';
import { isError, readError, stringify } from '../serialize.js';
import { isoTime, pythonTime } from '../time.js';
import { escapeControl } from './escape.js';
import type { Format } from './types.js';

export interface TemplateFormatOptions {
  /** Render `%(asctime)s` in UTC instead of local time (Python: `Formatter.converter = time.gmtime`). @default false */
  readonly utc?: boolean;
}

/** The format Python's `logging.basicConfig()` uses when given none. */
export const PYTHON_DEFAULT_FORMAT = '%(levelname)s:%(name)s:%(message)s';

type Part = string | ((record: LogRecord) => string);

// %(key)[flags][width][.precision]conversion, as in Python's printf-style formatting.
const TOKEN = /%\(([^)]+)\)([-#0 +]*)(\d+)?(?:\.(\d+))?([sdifrj])|%%/g;

const START = Date.now();

/**
 * Python `logging`-style line templates: `template('%(levelname)s | %(asctime)s | %(message)s')`.
 * Tokens: levelname, levelno, asctime, isotime, message, name, created, msecs, relativeCreated,
 * process, exc_text, and any field by name (`%(requestId)s`; `-` when absent). Values are
 * escaped so they cannot break the line.
 */
export function template(pattern: string = PYTHON_DEFAULT_FORMAT, options: TemplateFormatOptions = {}): Format {
  if (typeof pattern !== 'string') {
    throw new TypeError(`cloudlog: template() takes a format string such as '%(levelname)s | %(message)s'`);
  }
  const utc = options.utc === true;
  const parts: Part[] = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(pattern.slice(last, index));
    last = index + match[0].length;
    if (match[0] === '%%') {
      parts.push('%');
      continue;
    }
    const [, key = '', flags = '', width, precision, conversion = 's'] = match;
    parts.push(compileToken(key, flags, width === undefined ? 0 : Number(width), precision, conversion, utc));
  }
  if (last < pattern.length) parts.push(pattern.slice(last));
  if (parts.length === 0) {
    throw new TypeError(`cloudlog: template() got an empty format string`);
  }
  return {
    format(record: LogRecord): string {
      let out = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i] as Part;
        out += typeof part === 'string' ? part : part(record);
      }
      return out;
    },
  };
}

function compileToken(
  key: string,
  flags: string,
  width: number,
  precision: string | undefined,
  conversion: string,
  utc: boolean,
): (record: LogRecord) => string {
  const value = accessor(key, utc);
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const digits = precision === undefined ? undefined : Number(precision);
  return (record) => {
    let text: string;
    try {
      text = convert(value(record), conversion, digits);
    } catch {
      text = '-';
    }
    if (width > text.length) {
      const fill = (zero && conversion !== 's' ? '0' : ' ').repeat(width - text.length);
      text = left ? text + fill : zero && /^[+-]/.test(text) ? text[0] + fill + text.slice(1) : fill + text;
    }
    return text;
  };
}

function accessor(key: string, utc: boolean): (record: LogRecord) => unknown {
  switch (key) {
    case 'levelname':
      return (r) => r.levelName.toUpperCase();
    case 'levelno':
      return (r) => r.level;
    case 'asctime':
      return (r) => pythonTime(r.time, utc);
    case 'isotime':
      return (r) => isoTime(r.time);
    case 'message':
      return (r) => r.msg;
    case 'name':
      return (r) => r.name ?? 'root';
    case 'created':
      return (r) => r.time / 1000;
    case 'msecs':
      return (r) => r.time % 1000;
    case 'relativeCreated':
      return (r) => r.time - START;
    case 'process':
      return () => process.pid;
    case 'exc_text':
      return (r) => {
        const err = r.field('err');
        if (!isError(err)) return undefined;
        const view = readError(err);
        return view.stack ?? `${view.type}: ${view.message}`;
      };
    default:
      return (r) => r.field(key);
  }
}

function convert(value: unknown, conversion: string, precision: number | undefined): string {
  if (value === undefined) return '-';
  switch (conversion) {
    case 'd':
    case 'i': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? String(Math.trunc(n)) : String(n);
    }
    case 'f': {
      const n = typeof value === 'number' ? value : Number(value);
      return n.toFixed(precision ?? 6);
    }
    case 'r':
    case 'j':
      return escapeControl(stringify(value));
    default: {
      const text = escapeControl(asString(value));
      return precision === undefined ? text : text.slice(0, precision);
    }
  }
}
