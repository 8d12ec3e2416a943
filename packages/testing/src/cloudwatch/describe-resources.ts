// DescribeLogGroups and DescribeLogStreams, with prefix filters and `nextToken` paging.

import { checkLength, checkLogGroupName, checkLogStreamName, checkRange } from './constraints.js';
import { LOG_GROUP_NAME_PATTERN, MAX_DESCRIBE_LIMIT, MAX_LOG_GROUP_NAME_LENGTH } from './limits.js';
import { compareNames, type GroupRecord } from './log-store.js';
import {
  logGroupArn,
  logGroupNameFromIdentifier,
  logStreamArn,
  nextSequenceToken,
  type OperationContext,
  type OperationHandler,
} from './operation-context.js';
import { paginate } from './pagination.js';
import { type JsonObject, readBoolean, readInteger, readString } from './request-input.js';
import { invalidParameter, logGroupNotFound, ValidationErrors } from './service-error.js';

const ORDER_BY = ['LogStreamName', 'LastEventTime'] as const;
const NAME_SUBSTRING = new RegExp(`^${LOG_GROUP_NAME_PATTERN.replace(/\+$/, '*')}$`);

export const describeLogGroups: OperationHandler = (input, context) => {
  const prefix = readString(input, 'logGroupNamePrefix');
  const pattern = readString(input, 'logGroupNamePattern');
  const limit = readInteger(input, 'limit');
  const nextToken = readString(input, 'nextToken');
  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupNamePrefix', prefix, { required: false });
  if (pattern !== undefined) {
    checkLength(errors, 'logGroupNamePattern', pattern, 0, MAX_LOG_GROUP_NAME_LENGTH);
    if (!NAME_SUBSTRING.test(pattern)) {
      errors.violated(
        'logGroupNamePattern',
        pattern,
        'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*',
      );
    }
  }
  checkRange(errors, 'limit', limit, 1, MAX_DESCRIBE_LIMIT);
  errors.throwIfAny();
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.');
  }
  const matching = context.store
    .groups()
    .filter((group) => (prefix === undefined || group.name.startsWith(prefix)) && group.name.includes(pattern ?? ''));
  const page = paginate(matching, limit ?? MAX_DESCRIBE_LIMIT, nextToken);
  return { logGroups: page.items.map((group) => describeGroup(group, context)), nextToken: page.nextToken };
};

export const describeLogStreams: OperationHandler = (input, context) => {
  const group = readGroupReference(input);
  const prefix = readString(input, 'logStreamNamePrefix');
  const orderBy = readString(input, 'orderBy') ?? 'LogStreamName';
  const descending = readBoolean(input, 'descending') ?? false;
  const limit = readInteger(input, 'limit');
  const nextToken = readString(input, 'nextToken');
  const errors = new ValidationErrors();
  checkLogStreamName(errors, 'logStreamNamePrefix', prefix, { required: false });
  if (!(ORDER_BY as readonly string[]).includes(orderBy)) {
    errors.violated('orderBy', orderBy, `Member must satisfy enum value set: [${ORDER_BY.join(', ')}]`);
  }
  checkRange(errors, 'limit', limit, 1, MAX_DESCRIBE_LIMIT);
  errors.throwIfAny();
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const record = context.store.group(group);
  if (record === undefined) throw logGroupNotFound();
  const streams = [...record.streams.values()].filter(
    (stream) => prefix === undefined || stream.name.startsWith(prefix),
  );
  streams.sort((a, b) =>
    orderBy === 'LastEventTime'
      ? (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || compareNames(a.name, b.name)
      : compareNames(a.name, b.name),
  );
  if (descending) streams.reverse();
  const page = paginate(streams, limit ?? MAX_DESCRIBE_LIMIT, nextToken);
  return {
    logStreams: page.items.map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.creationTime,
      firstEventTimestamp: stream.firstEventTimestamp,
      lastEventTimestamp: stream.lastEventTimestamp,
      lastIngestionTime: stream.lastIngestionTime,
      uploadSequenceToken: nextSequenceToken(stream),
      arn: logStreamArn(context, record.name, stream.name),
      storedBytes: 0,
    })),
    nextToken: page.nextToken,
  };
};

/**
 * `logGroupName` or `logGroupIdentifier` (name or ARN), validated; used by DescribeLogStreams,
 * GetLogEvents and FilterLogEvents. Returns the group name.
 */
export function readGroupReference(input: JsonObject): string {
  const logGroupName = readString(input, 'logGroupName');
  const identifier = readString(input, 'logGroupIdentifier');
  if (logGroupName !== undefined && identifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const errors = new ValidationErrors();
  if (identifier === undefined) checkLogGroupName(errors, 'logGroupName', logGroupName);
  else checkLogGroupName(errors, 'logGroupIdentifier', logGroupNameFromIdentifier(identifier));
  errors.throwIfAny();
  return identifier === undefined ? (logGroupName as string) : logGroupNameFromIdentifier(identifier);
}

function describeGroup(group: GroupRecord, context: OperationContext): Record<string, unknown> {
  let storedBytes = 0;
  for (const stream of group.streams.values()) storedBytes += stream.storedBytes;
  const arn = logGroupArn(context, group.name);
  return {
    logGroupName: group.name,
    creationTime: group.creationTime,
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupArn: arn,
    storedBytes,
    logGroupClass: 'STANDARD',
  };
}
