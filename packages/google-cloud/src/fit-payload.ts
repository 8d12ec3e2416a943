// Cuts a jsonPayload down to a byte budget (measured as its protobuf encoding) so that an
// oversized entry is still delivered: the largest members are cut first, strings on a UTF-8
// boundary (ending in "..."), lists from their end, objects member by member; a member that
// cannot keep at least a few bytes is dropped. The result is valid JSON data marked
// `truncated: true`; the record's `message` is shortened but never removed.
import { lengthField, memberSize, structBodySize, utf8Bytes, valueBodySize, varintSize } from './wire-size.js';

/** The member set on a payload that was cut. */
export const TRUNCATED_KEY = 'truncated';

/** A member whose value would keep fewer bytes than this is dropped instead of cut. */
const MIN_KEPT_BYTES = 64;
const CUT_MARK = '...';

type Json = Record<string, unknown>;

/** Truncates to at most `maxBytes` of UTF-8, on a character boundary. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that was cut.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/**
 * `payload` itself when its Struct body takes at most `budget` bytes; otherwise a cut copy
 * within the budget, with `truncated: true`.
 */
export function fitPayload(payload: Json, budget: number): Json {
  if (structBodySize(payload) <= budget) return payload;
  const target = Math.max(0, budget - memberSize(TRUNCATED_KEY, true));
  let fitted = shrinkStruct(payload, target, true);
  if (structBodySize(fitted) > target) fitted = lastResort(payload, target);
  Object.defineProperty(fitted, TRUNCATED_KEY, { value: true, enumerable: true, writable: true, configurable: true });
  return fitted;
}

function shrinkStruct(struct: Json, budget: number, top: boolean): Json {
  const keys = Object.keys(struct).filter((key) => struct[key] !== undefined);
  const sizes = keys.map((key) => memberSize(key, struct[key]));
  let excess = sizes.reduce((sum, size) => sum + size, 0) - budget;
  const out: Json = Object.create(null);
  for (const key of keys) out[key] = struct[key];
  if (excess <= 0) return out;
  const largestFirst = keys.map((_, i) => i).sort((a, b) => (sizes[b] as number) - (sizes[a] as number));
  for (const i of largestFirst) {
    if (excess <= 0) break;
    const key = keys[i] as string;
    const value = struct[key];
    const size = sizes[i] as number;
    // Shrinking the value's body by `excess` shrinks the member by at least as much.
    const valueBudget = valueBodySize(value) - excess;
    if (valueBudget < MIN_KEPT_BYTES && !(top && key === 'message')) {
      delete out[key];
      excess -= size;
      continue;
    }
    const smaller = shrinkValue(value, Math.max(valueBudget, 2));
    out[key] = smaller;
    excess -= size - memberSize(key, smaller);
  }
  return out;
}

/** A value whose Value body takes at most `budget` bytes (best effort for scalars, which are tiny). */
function shrinkValue(value: unknown, budget: number): unknown {
  if (valueBodySize(value) <= budget) return value;
  const inner = budget - 1 - varintSize(budget);
  if (typeof value === 'string') return cutString(value, inner);
  if (Array.isArray(value)) return shrinkList(value, inner);
  if (typeof value === 'object' && value !== null) return shrinkStruct(value as Json, Math.max(0, inner), false);
  return value;
}

/** A string whose UTF-8 takes at most `maxBytes`, ending in "..." when cut. */
function cutString(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const room = maxBytes - CUT_MARK.length;
  return room <= 0 ? '' : truncateUtf8(text, room) + CUT_MARK;
}

/** The first items of a list that fit in `budget` bytes of ListValue body, the last one cut if it can be. */
function shrinkList(list: readonly unknown[], budget: number): unknown[] {
  const out: unknown[] = [];
  let used = 0;
  for (const item of list) {
    const size = lengthField(valueBodySize(item));
    if (used + size <= budget) {
      out.push(item);
      used += size;
      continue;
    }
    const room = budget - used;
    const itemBudget = room - 1 - varintSize(room);
    if (itemBudget >= MIN_KEPT_BYTES) out.push(shrinkValue(item, itemBudget));
    break;
  }
  return out;
}

/** When cutting member by member still leaves too much (many tiny members): the message alone. */
function lastResort(payload: Json, budget: number): Json {
  const out: Json = Object.create(null);
  const message = typeof payload.message === 'string' ? payload.message : '';
  out.message = cutString(message, Math.max(0, budget - lengthField(utf8Bytes('message')) - 8));
  return out;
}
