// The jsonPayload of a record, as JSON text built by concatenation from core's serialized
// fields (always valid JSON): bound, context and call-site fields, then `message`, so that the
// record's message wins over a field of the same name.
import type { LogRecord } from '@cloudlog/core';

/** `{<fields>,"message":"…"}` */
export function payloadJson(record: LogRecord): string {
  const fields = record.allFieldsJson;
  const message = `"message":${record.msgJson}}`;
  return fields === '' ? `{${message}` : `{${fields.slice(1)},${message}`;
}
