// Field constraints shared by several operations: names, page sizes, retention.

import {
  LOG_GROUP_NAME_PATTERN,
  LOG_STREAM_NAME_PATTERN,
  MAX_LOG_GROUP_NAME_LENGTH,
  MAX_LOG_STREAM_NAME_LENGTH,
  RESERVED_LOG_GROUP_PREFIX,
  RETENTION_DAYS,
} from './limits.js';
import { invalidParameter, type ValidationErrors } from './service-error.js';

const LOG_GROUP_NAME = new RegExp(`^${LOG_GROUP_NAME_PATTERN}$`);
const LOG_STREAM_NAME = new RegExp(`^${LOG_STREAM_NAME_PATTERN}$`);
const RETENTION = new Set<number>(RETENTION_DAYS);

/** Checks a log group name (or prefix, with `minLength` 0 where the service allows an empty one). */
export function checkLogGroupName(
  errors: ValidationErrors,
  member: string,
  value: string | undefined,
  options: NameOptions = {},
): void {
  checkName(errors, member, value, LOG_GROUP_NAME, LOG_GROUP_NAME_PATTERN, MAX_LOG_GROUP_NAME_LENGTH, options);
}

export function checkLogStreamName(
  errors: ValidationErrors,
  member: string,
  value: string | undefined,
  options: NameOptions = {},
): void {
  checkName(errors, member, value, LOG_STREAM_NAME, LOG_STREAM_NAME_PATTERN, MAX_LOG_STREAM_NAME_LENGTH, options);
}

interface NameOptions {
  readonly required?: boolean;
  readonly minLength?: number;
}

function checkName(
  errors: ValidationErrors,
  member: string,
  value: string | undefined,
  pattern: RegExp,
  patternSource: string,
  maxLength: number,
  { required = true, minLength = 1 }: NameOptions,
): void {
  if (value === undefined) {
    if (required) errors.missing(member);
    return;
  }
  checkLength(errors, member, value, minLength, maxLength);
  if (!pattern.test(value)) {
    errors.violated(member, value, `Member must satisfy regular expression pattern: ${patternSource}`);
  }
}

/** Lengths count characters (the service's string length), not bytes. */
export function checkLength(errors: ValidationErrors, member: string, value: string, min: number, max: number): void {
  if (value.length < min) {
    errors.violated(member, value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    errors.violated(member, value, `Member must have length less than or equal to ${max}`);
  }
}

export function checkRange(
  errors: ValidationErrors,
  member: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (value < min) errors.violated(member, String(value), `Member must have value greater than or equal to ${min}`);
  if (value > max) errors.violated(member, String(value), `Member must have value less than or equal to ${max}`);
}

export function checkRetention(errors: ValidationErrors, value: number | undefined): void {
  if (value === undefined) {
    errors.missing('retentionInDays');
    return;
  }
  if (!RETENTION.has(value)) {
    const allowed = `[${RETENTION_DAYS.join(', ')}]`;
    errors.violated('retentionInDays', String(value), `Member must satisfy enum value set: ${allowed}`);
  }
}

/** `aws/` names belong to AWS; the service compares without regard to case ("AWS/" in its message). */
export function assertNotReserved(logGroupName: string): void {
  if (logGroupName.toLowerCase().startsWith(RESERVED_LOG_GROUP_PREFIX)) {
    throw invalidParameter('Log groups starting with AWS/ are reserved for AWS.');
  }
}
