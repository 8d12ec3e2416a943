import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LOG_STREAM_NAME_FORBIDDEN, MAX_LOG_STREAM_NAME_LENGTH } from './limits.js';
import { describeValue, optionError } from './option-error.js';
import type { LogStreamNameInfo } from './types.js';

export const DEFAULT_LOG_STREAM_NAME = '{hostname}-{pid}-{startTime}';

const TOKEN = /\{([A-Za-z]+)\}/g;
const TOKENS: Readonly<Record<string, (info: LogStreamNameInfo) => string>> = {
  hostname: (info) => info.hostname,
  pid: (info) => String(info.pid),
  startTime: (info) => info.startTime.toISOString(),
  date: (info) => info.startTime.toISOString().slice(0, 10),
  uuid: () => randomUUID(),
};

/** The values a stream name is built from, now. */
export function streamNameInfo(startTime: Date = new Date()): LogStreamNameInfo {
  return { hostname: hostname(), pid: process.pid, startTime };
}

/**
 * Resolves the `logStreamName` option once, at construction: a template's `{tokens}` are
 * expanded with values cleaned of `:` and `*` (an ISO time has colons), a function is called.
 * @throws TypeError when the template names an unknown token or the result is not a valid stream name.
 */
export function resolveLogStreamName(
  option: string | ((info: LogStreamNameInfo) => string) | undefined,
  info: LogStreamNameInfo,
): string {
  let name: unknown;
  if (typeof option === 'function') {
    try {
      name = option(info);
    } catch (error) {
      throw optionError(`logStreamName function threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (option === undefined || typeof option === 'string') {
    name = expandTemplate(option ?? DEFAULT_LOG_STREAM_NAME, info);
  } else {
    throw optionError(`logStreamName must be a string or a function (info) => string, got ${describeValue(option)}`);
  }
  checkLogStreamName(name);
  return name;
}

function expandTemplate(template: string, info: LogStreamNameInfo): string {
  return template.replace(TOKEN, (whole, key: string) => {
    const token = TOKENS[key];
    if (token === undefined) {
      const known = Object.keys(TOKENS)
        .map((k) => `{${k}}`)
        .join(', ');
      throw optionError(`logStreamName template uses an unknown token ${whole}; known tokens: ${known}`);
    }
    return sanitize(token(info));
  });
}

/** Replaces what a stream name may not contain; host names and times can bring `:`. */
function sanitize(value: string): string {
  return value.replace(/[:*]/g, '-');
}

/** @throws TypeError naming the rule when `name` is not a valid log stream name. */
export function checkLogStreamName(name: unknown): asserts name is string {
  const rule = `1 to ${MAX_LOG_STREAM_NAME_LENGTH} characters without ':' or '*'`;
  if (typeof name !== 'string')
    throw optionError(`logStreamName must be a string of ${rule}, got ${describeValue(name)}`);
  if (name.length === 0 || name.length > MAX_LOG_STREAM_NAME_LENGTH || LOG_STREAM_NAME_FORBIDDEN.test(name)) {
    throw optionError(`logStreamName must be ${rule}, got ${describeName(name)}`);
  }
}

/** A name for an error message: quoted, and cut if very long. */
export function describeName(name: string): string {
  return name.length > 80
    ? `${JSON.stringify(name.slice(0, 80))}... (${name.length} characters)`
    : JSON.stringify(name);
}
