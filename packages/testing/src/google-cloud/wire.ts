// The few protobuf wire-format operations the server needs without a generated codec: walking
// the top-level fields of a message (to measure entries in the raw request) and encoding or
// decoding `google.rpc.Status` with `WriteLogEntriesPartialErrors` details.
// https://protobuf.dev/programming-guides/encoding/

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** One top-level field of an encoded message: where it starts and ends, and where its value is. */
export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** Offset of the tag, so `end - start` is the field's full encoded size. */
  readonly start: number;
  readonly end: number;
  readonly valueStart: number;
  /** The varint's value, for varint fields. */
  readonly varint?: number;
}

function readVarint(buf: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < buf.length && i < offset + 10; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new RangeError('malformed protobuf: truncated varint');
}

/** The top-level fields of `buf`, in order. Throws a RangeError on malformed input. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const start = offset;
    const tag = readVarint(buf, offset);
    const field = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    offset = tag.next;
    let end: number;
    let varint: number | undefined;
    const valueStart = offset;
    if (wireType === WIRE_VARINT) {
      const v = readVarint(buf, offset);
      varint = v.value;
      end = v.next;
    } else if (wireType === WIRE_LEN) {
      const len = readVarint(buf, offset);
      end = len.next + len.value;
      fields.push({ field, wireType, start, end, valueStart: len.next });
      if (end > buf.length) throw new RangeError('malformed protobuf: length past the end');
      offset = end;
      continue;
    } else if (wireType === WIRE_I64) {
      end = offset + 8;
    } else if (wireType === WIRE_I32) {
      end = offset + 4;
    } else {
      throw new RangeError(`malformed protobuf: unsupported wire type ${wireType}`);
    }
    if (field === 0 || end > buf.length) throw new RangeError('malformed protobuf: bad field');
    fields.push(
      varint === undefined
        ? { field, wireType, start, end, valueStart }
        : { field, wireType, start, end, valueStart, varint },
    );
    offset = end;
  }
  return fields;
}

function varintBytes(value: number): number[] {
  // int32 negatives are sign-extended to 64 bits; status codes and map keys here are non-negative.
  let v = Math.max(value, 0);
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function tag(field: number, wireType: number): number[] {
  return varintBytes(field * 8 + wireType);
}

function lenField(field: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...tag(field, WIRE_LEN), ...varintBytes(payload.length)]), payload]);
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...tag(field, WIRE_VARINT), ...varintBytes(value)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** A `google.rpc.Status` as the server builds it. */
export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  readonly details?: readonly { readonly typeUrl: string; readonly value: Uint8Array }[];
}

export function encodeStatus(status: RpcStatus): Uint8Array {
  const parts: Uint8Array[] = [];
  if (status.code !== 0) parts.push(varintField(1, status.code));
  if (status.message) parts.push(lenField(2, Buffer.from(status.message, 'utf8')));
  for (const detail of status.details ?? []) {
    const any = concat([lenField(1, Buffer.from(detail.typeUrl, 'utf8')), lenField(2, detail.value)]);
    parts.push(lenField(3, any));
  }
  return concat(parts);
}

/** Encodes `WriteLogEntriesPartialErrors { map<int32, google.rpc.Status> log_entry_errors = 1; }`. */
export function encodePartialErrors(errors: ReadonlyMap<number, RpcStatus>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [index, status] of errors) {
    parts.push(lenField(1, concat([varintField(1, index), lenField(2, encodeStatus(status))])));
  }
  return concat(parts);
}

function slice(buf: Uint8Array, f: WireField): Uint8Array {
  return buf.subarray(f.valueStart, f.end);
}

/** Decodes a `google.rpc.Status`; details stay encoded as `{ typeUrl, value }`. */
export function decodeStatus(buf: Uint8Array): RpcStatus {
  let code = 0;
  let message = '';
  const details: { typeUrl: string; value: Uint8Array }[] = [];
  for (const f of readFields(buf)) {
    if (f.field === 1 && f.varint !== undefined) code = f.varint;
    else if (f.field === 2 && f.wireType === WIRE_LEN) message = Buffer.from(slice(buf, f)).toString('utf8');
    else if (f.field === 3 && f.wireType === WIRE_LEN) {
      const any = slice(buf, f);
      let typeUrl = '';
      let value: Uint8Array = new Uint8Array(0);
      for (const g of readFields(any)) {
        if (g.field === 1 && g.wireType === WIRE_LEN) typeUrl = Buffer.from(slice(any, g)).toString('utf8');
        else if (g.field === 2 && g.wireType === WIRE_LEN) value = slice(any, g);
      }
      details.push({ typeUrl, value });
    }
  }
  return { code, message, details };
}

/** Decodes `WriteLogEntriesPartialErrors` into a map from entry index to status. */
export function decodePartialErrors(buf: Uint8Array): Map<number, RpcStatus> {
  const out = new Map<number, RpcStatus>();
  for (const f of readFields(buf)) {
    if (f.field !== 1 || f.wireType !== WIRE_LEN) continue;
    const entry = slice(buf, f);
    let key = 0;
    let status: RpcStatus = { code: 0, message: '' };
    for (const g of readFields(entry)) {
      if (g.field === 1 && g.varint !== undefined) key = g.varint > 0x7fffffff ? g.varint - 2 ** 64 : g.varint;
      else if (g.field === 2 && g.wireType === WIRE_LEN) status = decodeStatus(slice(entry, g));
    }
    out.set(key, status);
  }
  return out;
}
