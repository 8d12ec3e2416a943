// CreateLogGroup, CreateLogStream, DeleteLogGroup, DeleteLogStream, PutRetentionPolicy.

import { assertNotReserved, checkLogGroupName, checkLogStreamName, checkRetention } from './constraints.js';
import type { GroupRecord } from './log-store.js';
import type { OperationContext, OperationHandler } from './operation-context.js';
import { type JsonObject, readInteger, readString } from './request-input.js';
import { CloudWatchServiceError, logGroupNotFound, logStreamNotFound, ValidationErrors } from './service-error.js';

export const createLogGroup: OperationHandler = (input, context) => {
  const logGroupName = readString(input, 'logGroupName');
  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupName', logGroupName);
  errors.throwIfAny();
  const name = logGroupName as string;
  assertNotReserved(name);
  if (!context.store.createGroup(name, context.now())) {
    throw new CloudWatchServiceError('ResourceAlreadyExistsException', 'The specified log group already exists');
  }
  return undefined;
};

export const createLogStream: OperationHandler = (input, context) => {
  const { group, logStreamName } = readGroupAndStream(input, context);
  if (!context.store.createStream(group, logStreamName, context.now())) {
    throw new CloudWatchServiceError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  }
  return undefined;
};

export const deleteLogGroup: OperationHandler = (input, context) => {
  const logGroupName = readString(input, 'logGroupName');
  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupName', logGroupName);
  errors.throwIfAny();
  if (!context.store.deleteGroup(logGroupName as string)) throw logGroupNotFound();
  return undefined;
};

export const deleteLogStream: OperationHandler = (input, context) => {
  const { group, logStreamName } = readGroupAndStream(input, context);
  if (!context.store.deleteStream(group.name, logStreamName)) throw logStreamNotFound();
  return undefined;
};

export const putRetentionPolicy: OperationHandler = (input, context) => {
  const logGroupName = readString(input, 'logGroupName');
  const retentionInDays = readInteger(input, 'retentionInDays');
  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupName', logGroupName);
  checkRetention(errors, retentionInDays);
  errors.throwIfAny();
  const group = context.store.group(logGroupName as string);
  if (group === undefined) throw logGroupNotFound();
  group.retentionInDays = retentionInDays;
  return undefined;
};

/** Validates `logGroupName` + `logStreamName` and finds the group (ResourceNotFound when missing). */
function readGroupAndStream(
  input: JsonObject,
  context: OperationContext,
): { group: GroupRecord; logStreamName: string } {
  const logGroupName = readString(input, 'logGroupName');
  const logStreamName = readString(input, 'logStreamName');
  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupName', logGroupName);
  checkLogStreamName(errors, 'logStreamName', logStreamName);
  errors.throwIfAny();
  const group = context.store.group(logGroupName as string);
  if (group === undefined) throw logGroupNotFound();
  return { group, logStreamName: logStreamName as string };
}
