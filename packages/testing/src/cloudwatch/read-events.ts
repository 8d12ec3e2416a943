// GetLogEvents (one stream, forward / backward tokens) and FilterLogEvents (a group, term filter).

import { checkLength, checkLogStreamName, checkRange } from './constraints.js';
import { readGroupReference } from './describe-resources.js';
import { compileFilterPattern } from './filter-pattern.js';
import { MAX_EVENTS_LIMIT, MAX_FILTER_STREAM_NAMES } from './limits.js';
import type { EventRecord } from './log-store.js';
import type { OperationHandler } from './operation-context.js';
import { paginate } from './pagination.js';
import { readBoolean, readInteger, readString, readStringList } from './request-input.js';
import {
  invalidNextToken,
  invalidParameter,
  logGroupNotFound,
  logStreamNotFound,
  ValidationErrors,
} from './service-error.js';

const MAX_FILTER_PATTERN_LENGTH = 1024;

export const getLogEvents: OperationHandler = (input, context) => {
  const logGroupName = readGroupReference(input);
  const logStreamName = readString(input, 'logStreamName');
  const startTime = readInteger(input, 'startTime');
  const endTime = readInteger(input, 'endTime');
  const limit = readInteger(input, 'limit') ?? MAX_EVENTS_LIMIT;
  const startFromHead = readBoolean(input, 'startFromHead') ?? false;
  const nextToken = readString(input, 'nextToken');
  const errors = new ValidationErrors();
  checkLogStreamName(errors, 'logStreamName', logStreamName);
  checkRange(errors, 'startTime', startTime, 0, Number.MAX_SAFE_INTEGER);
  checkRange(errors, 'endTime', endTime, 0, Number.MAX_SAFE_INTEGER);
  checkRange(errors, 'limit', limit, 1, MAX_EVENTS_LIMIT);
  errors.throwIfAny();

  const group = context.store.group(logGroupName);
  if (group === undefined) throw logGroupNotFound();
  if (!group.streams.has(logStreamName as string)) throw logStreamNotFound();
  // startTime is inclusive, endTime exclusive.
  const records = context.store
    .records(logGroupName, logStreamName)
    .filter(
      ({ event }) =>
        (startTime === undefined || event.timestamp >= startTime) &&
        (endTime === undefined || event.timestamp < endTime),
    );

  let start: number;
  let end: number;
  const position = nextToken === undefined ? undefined : parseEventToken(nextToken);
  if (position?.direction === 'f') {
    start = Math.min(position.index, records.length);
    end = Math.min(records.length, start + limit);
  } else if (position?.direction === 'b') {
    end = Math.min(position.index, records.length);
    start = Math.max(0, end - limit);
  } else if (startFromHead) {
    start = 0;
    end = Math.min(records.length, limit);
  } else {
    end = records.length;
    start = Math.max(0, end - limit);
  }
  return {
    events: records.slice(start, end).map(({ event }) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    nextForwardToken: eventToken('f', end),
    nextBackwardToken: eventToken('b', start),
  };
};

export const filterLogEvents: OperationHandler = (input, context) => {
  const logGroupName = readGroupReference(input);
  const logStreamNames = readStringList(input, 'logStreamNames');
  const prefix = readString(input, 'logStreamNamePrefix');
  const startTime = readInteger(input, 'startTime');
  const endTime = readInteger(input, 'endTime');
  const filterPattern = readString(input, 'filterPattern');
  const limit = readInteger(input, 'limit') ?? MAX_EVENTS_LIMIT;
  const nextToken = readString(input, 'nextToken');
  const errors = new ValidationErrors();
  if (logStreamNames !== undefined) {
    if (logStreamNames.length < 1 || logStreamNames.length > MAX_FILTER_STREAM_NAMES) {
      errors.violated(
        'logStreamNames',
        `[${logStreamNames.join(', ')}]`,
        `Member must have length between 1 and ${MAX_FILTER_STREAM_NAMES}`,
      );
    }
    logStreamNames.forEach((name, index) => {
      checkLogStreamName(errors, `logStreamNames.${index + 1}.member`, name);
    });
  }
  checkLogStreamName(errors, 'logStreamNamePrefix', prefix, { required: false });
  if (filterPattern !== undefined) checkLength(errors, 'filterPattern', filterPattern, 0, MAX_FILTER_PATTERN_LENGTH);
  checkRange(errors, 'startTime', startTime, 0, Number.MAX_SAFE_INTEGER);
  checkRange(errors, 'endTime', endTime, 0, Number.MAX_SAFE_INTEGER);
  checkRange(errors, 'limit', limit, 1, MAX_EVENTS_LIMIT);
  errors.throwIfAny();
  if (logStreamNames !== undefined && prefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  }
  const matches = compileFilterPattern(filterPattern);

  const group = context.store.group(logGroupName);
  if (group === undefined) throw logGroupNotFound();
  const streams = [...group.streams.keys()].filter(
    (name) =>
      (logStreamNames === undefined || logStreamNames.includes(name)) &&
      (prefix === undefined || name.startsWith(prefix)),
  );
  const searched = new Set(streams);
  const records: EventRecord[] = context.store
    .records(logGroupName)
    .filter(
      ({ event }) =>
        searched.has(event.logStreamName) &&
        (startTime === undefined || event.timestamp >= startTime) &&
        (endTime === undefined || event.timestamp <= endTime) &&
        matches(event.message),
    );
  const page = paginate(records, limit, nextToken);
  return {
    events: page.items.map(({ event, seq }) => ({
      logStreamName: event.logStreamName,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: String(seq).padStart(56, '0'),
    })),
    searchedLogStreams: streams.map((logStreamName) => ({ logStreamName, searchedCompletely: true })),
    nextToken: page.nextToken,
  };
};

/** GetLogEvents tokens: `f/` or `b/` and a 56-digit position, like the service's. */
function eventToken(direction: 'f' | 'b', index: number): string {
  return `${direction}/${String(index).padStart(56, '0')}`;
}

function parseEventToken(token: string): { direction: 'f' | 'b'; index: number } {
  const match = /^([fb])\/(\d{1,56})$/.exec(token);
  if (match === null) throw invalidNextToken();
  return { direction: match[1] as 'f' | 'b', index: Number(match[2]) };
}
