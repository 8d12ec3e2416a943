// Reading the JSON body of a request. AWS JSON 1.1 ignores members it does not know and treats
// `null` as absent; a member of the wrong JSON type is a SerializationException, as on the service.

import { serializationError } from './service-error.js';

export type JsonObject = Readonly<Record<string, unknown>>;

/** One entry of `logEvents` as sent; members may be missing, validation reports them. */
export interface InputLogEvent {
  readonly timestamp: number | undefined;
  readonly message: string | undefined;
}

export function parseRequestBody(raw: string): JsonObject {
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw serializationError('The request body is not valid JSON.');
  }
  if (!isObject(value)) throw serializationError(`Start of structure expected, found ${jsonKind(value)}.`);
  return value;
}

export function readString(body: JsonObject, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(value, 'String', member);
  return value;
}

export function readInteger(body: JsonObject, member: string): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrongType(value, 'Long', member);
  return value;
}

export function readBoolean(body: JsonObject, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(value, 'Boolean', member);
  return value;
}

export function readStringList(body: JsonObject, member: string): string[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(value, 'List', member);
  return value.map((item, index) => {
    if (typeof item !== 'string') throw wrongType(item, 'String', `${member}.${index + 1}.member`);
    return item;
  });
}

export function readLogEvents(body: JsonObject, member: string): InputLogEvent[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(value, 'List', member);
  return value.map((item, index) => {
    const at = `${member}.${index + 1}.member`;
    if (!isObject(item)) throw wrongType(item, 'InputLogEvent', at);
    const timestamp = readInteger(item, 'timestamp');
    const message = readString(item, 'message');
    return { timestamp, message };
  });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
    case 'boolean':
      return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
    default:
      return 'START_OBJECT';
  }
}

function wrongType(value: unknown, expected: string, member: string) {
  return serializationError(`${jsonKind(value)} can not be converted to a ${expected} at '${member}'.`);
}
