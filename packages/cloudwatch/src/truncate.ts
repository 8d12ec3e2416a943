// Oversized events are cut to the service's limit rather than dropped, in a way that stays
// readable: on a UTF-8 character boundary, a JSON line stays one valid JSON object, and the cut
// is marked. This runs only for events over the limit (about 1 MiB), never on the common path.

/** Keys the JSON marker adds; never chosen as the field to shorten. */
const MARKER_KEYS = new Set(['truncated', 'originalBytes', 'truncatedFields']);
/** Rounds of "shorten the largest field"; each normally settles one field, so a few suffice. */
const MAX_ROUNDS = 8;
/** A field this small is not worth shortening: fall back to keeping the line's text in one string. */
const MIN_USEFUL_FIELD_BYTES = 64;

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character (a 4-byte emoji is
 * kept whole or left out). Lone surrogates become U+FFFD, as in any UTF-8 encoding.
 */
export function cutUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (text.length * 3 <= maxBytes) return text; // every UTF-16 unit takes at most 3 bytes
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= maxBytes) return text;
  let end = maxBytes;
  // buffer[end] is the first byte left out: if it continues a character, that character goes too.
  while (end > 0 && ((buffer[end] as number) & 0xc0) === 0x80) end--;
  return buffer.toString('utf8', 0, end);
}

/**
 * Shortens a message of `bytes` UTF-8 bytes to at most `maxBytes`. A JSON object (what `json()`
 * writes) comes back as a JSON object with its largest fields shortened (the `msg`, usually),
 * `"truncated":true`, `"originalBytes"` and `"truncatedFields"`; any other text is cut and ends
 * with ` [truncated from N bytes]`.
 */
export function truncateMessage(message: string, bytes: number, maxBytes: number): string {
  if (message.charCodeAt(0) === 0x7b /* { */) {
    const json = truncateJsonObject(message, bytes, maxBytes);
    if (json !== undefined) return json;
  }
  const marker = ` [truncated from ${bytes} bytes]`;
  return cutUtf8(message, maxBytes - Buffer.byteLength(marker)) + marker;
}

function truncateJsonObject(message: string, originalBytes: number, maxBytes: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const object = parsed as Record<string, unknown>;
  const shortened: string[] = [];
  object.truncated = true;
  object.originalBytes = originalBytes;
  object.truncatedFields = shortened;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const text = JSON.stringify(object);
    const size = Buffer.byteLength(text);
    if (size <= maxBytes) return text;
    const largest = largestField(object);
    if (largest === undefined || largest.bytes < MIN_USEFUL_FIELD_BYTES) break;
    const value = object[largest.key];
    // A nested object or array is kept as its JSON text, which can then be cut like a string.
    const source = typeof value === 'string' ? value : JSON.stringify(value);
    // Cutting k raw bytes shortens the serialized text by at least k (escaping only ever adds).
    const shorter = cutUtf8(source, Buffer.byteLength(source) - (size - maxBytes) - 8);
    // defineProperty: plain assignment to a key named __proto__ would not replace it.
    Object.defineProperty(object, largest.key, {
      value: shorter,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (!shortened.includes(largest.key)) shortened.push(largest.key);
  }
  return keepTextInJson(message, originalBytes, maxBytes);
}

/** The field whose serialized value is the largest, by UTF-8 bytes. */
function largestField(object: Record<string, unknown>): { key: string; bytes: number } | undefined {
  let largest: { key: string; bytes: number } | undefined;
  for (const key of Object.keys(object)) {
    if (MARKER_KEYS.has(key)) continue;
    let serialized: string | undefined;
    try {
      serialized = JSON.stringify(object[key]);
    } catch {
      serialized = undefined;
    }
    const bytes = serialized === undefined ? 0 : Buffer.byteLength(serialized);
    if (largest === undefined || bytes > largest.bytes) largest = { key, bytes };
  }
  return largest;
}

/** Last resort for a JSON line with no large field (e.g. thousands of small ones): its text, cut, in one field. */
function keepTextInJson(message: string, originalBytes: number, maxBytes: number): string {
  const wrap = (text: string): string => JSON.stringify({ truncated: true, originalBytes, text });
  let budget = maxBytes - Buffer.byteLength(wrap(''));
  for (;;) {
    const out = wrap(cutUtf8(message, budget));
    const size = Buffer.byteLength(out);
    if (size <= maxBytes || budget <= 0) return out;
    budget -= size - maxBytes;
  }
}
