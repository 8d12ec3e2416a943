// Sizes of the protobuf encoding of JSON values as `google.protobuf.Struct`, which is how
// `Log.write` sends a jsonPayload and what the 256 KiB entry limit is measured on. Values are
// what JSON.parse returns (objects, arrays, strings, finite numbers, booleans, null).
// @see https://protobuf.dev/programming-guides/encoding/

/** Bytes of a varint holding a length. */
export function varintSize(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

/** A length-delimited field with a one-byte tag: tag, length, body. */
export function lengthField(bodyBytes: number): number {
  return 1 + varintSize(bodyBytes) + bodyBytes;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Body of a `google.protobuf.Value` holding `value` (its oneof field, tag included). */
export function valueBodySize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return lengthField(utf8Bytes(value));
    case 'number':
      return 9; // tag + fixed64 double
    case 'boolean':
      return 2; // tag + varint
    case 'object':
      if (value === null) return 2; // null_value: tag + enum 0
      if (Array.isArray(value)) return lengthField(listBodySize(value));
      return lengthField(structBodySize(value as Record<string, unknown>));
    default:
      // Log.write stringifies anything else ("undefined" in a list); JSON.parse never returns one.
      return lengthField(utf8Bytes(String(value)));
  }
}

/** Body of a `google.protobuf.ListValue`. */
export function listBodySize(list: readonly unknown[]): number {
  let size = 0;
  for (const item of list) size += lengthField(valueBodySize(item));
  return size;
}

/** One `fields` map entry of a Struct, as a field of the Struct: tag, length, key, value. */
export function memberSize(key: string, value: unknown): number {
  return lengthField(lengthField(utf8Bytes(key)) + lengthField(valueBodySize(value)));
}

/** Body of a `google.protobuf.Struct`; members whose value is undefined are left out, as Log.write does. */
export function structBodySize(struct: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const key of Object.keys(struct)) {
    const value = struct[key];
    if (value !== undefined) size += memberSize(key, value);
  }
  return size;
}
