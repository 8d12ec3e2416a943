// The operation handlers by name, as `X-Amz-Target: Logs_20140328.<Operation>` selects them.

import { describeLogGroups, describeLogStreams } from './describe-resources.js';
import {
  createLogGroup,
  createLogStream,
  deleteLogGroup,
  deleteLogStream,
  putRetentionPolicy,
} from './manage-resources.js';
import type { OperationHandler } from './operation-context.js';
import { putLogEvents } from './put-log-events.js';
import { filterLogEvents, getLogEvents } from './read-events.js';
import { CLOUDWATCH_OPERATIONS, type CloudWatchOperation } from './types.js';

export const OPERATION_HANDLERS: Readonly<Record<CloudWatchOperation, OperationHandler>> = {
  CreateLogGroup: createLogGroup,
  CreateLogStream: createLogStream,
  DeleteLogGroup: deleteLogGroup,
  DeleteLogStream: deleteLogStream,
  PutRetentionPolicy: putRetentionPolicy,
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};

export function isCloudWatchOperation(name: string): name is CloudWatchOperation {
  return (CLOUDWATCH_OPERATIONS as readonly string[]).includes(name);
}
