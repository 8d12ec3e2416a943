// What every operation handler works with, and the ARNs and tokens it reports.

import type { LogStore, StreamRecord } from './log-store.js';
import type { JsonObject } from './request-input.js';

export interface OperationContext {
  readonly store: LogStore;
  readonly now: () => number;
  readonly region: string;
  readonly accountId: string;
}

/** Handles one parsed request; returns the response members, or `undefined` for an empty body. */
export type OperationHandler = (input: JsonObject, context: OperationContext) => Record<string, unknown> | undefined;

/** `arn:aws:logs:<region>:<account>:log-group:<name>` (DescribeLogGroups' `arn` adds `:*`). */
export function logGroupArn(context: OperationContext, logGroupName: string): string {
  return `arn:aws:logs:${context.region}:${context.accountId}:log-group:${logGroupName}`;
}

export function logStreamArn(context: OperationContext, logGroupName: string, logStreamName: string): string {
  return `${logGroupArn(context, logGroupName)}:log-stream:${logStreamName}`;
}

/** A log group given by name or by ARN (`logGroupIdentifier`), with or without a trailing `:*`. */
export function logGroupNameFromIdentifier(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(identifier);
  return match?.[1] ?? identifier;
}

/**
 * Sequence tokens are ignored by the service since 2023 but still returned: a 56-digit counter of
 * the stream's uploads, like the real ones.
 */
export function nextSequenceToken(stream: StreamRecord): string {
  return String(stream.uploads + 1).padStart(56, '0');
}
