import { stringify } from './serialize.js';

/**
 * printf-style interpolation as in Node's util.format: %s %d %i %f %j %o %O %c %%.
 * Arguments left over are appended, separated by spaces. Never throws.
 */
export function interpolate(format: string, args: readonly unknown[]): string {
  if (args.length === 0) return format;
  let out = '';
  let next = 0;
  let last = 0;
  const n = format.length;
  for (let i = 0; i < n - 1; i++) {
    if (format.charCodeAt(i) !== 37 /* % */) continue;
    const spec = format.charCodeAt(i + 1);
    if (spec === 37) {
      out += format.slice(last, i + 1);
      last = i + 2;
      i++;
      continue;
    }
    if (next >= args.length) continue;
    let piece: string | undefined;
    switch (spec) {
      case 115: // s
        piece = asString(args[next]);
        break;
      case 100: // d
        piece = asNumber(args[next], Number);
        break;
      case 105: // i
        piece = asNumber(args[next], (v) => Number.parseInt(String(v), 10));
        break;
      case 102: // f
        piece = asNumber(args[next], (v) => Number.parseFloat(String(v)));
        break;
      case 106: // j
      case 111: // o
      case 79: // O
        piece = stringify(args[next]);
        break;
      case 99: // c: CSS, consumed and ignored
        piece = '';
        break;
      default:
        continue;
    }
    out += format.slice(last, i) + piece;
    last = i + 2;
    next++;
    i++;
  }
  if (last === 0) out = format;
  else if (last < n) out += format.slice(last);
  for (; next < args.length; next++) out += ` ${asString(args[next])}`;
  return out;
}

/** How a value reads inside a message: strings as they are, everything else safely. */
export function asString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      return value === null ? 'null' : stringify(value);
  }
}

function asNumber(value: unknown, convert: (v: unknown) => number): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || (typeof value === 'object' && value !== null)) return 'NaN';
  try {
    return String(convert(value));
  } catch {
    return 'NaN';
  }
}
