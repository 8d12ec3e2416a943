// PutLogEvents, with the service's whole-request failures (nothing is stored) and its per-event
// rejections (the rest of the batch is stored, `rejectedLogEventsInfo` says which were dropped).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html

import { checkLogGroupName, checkLogStreamName } from './constraints.js';
import {
  DAY_MS,
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_SIZE_BYTES,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_FUTURE_MS,
  MAX_EVENT_SIZE_BYTES,
  MAX_EVENTS_PER_BATCH,
} from './limits.js';
import { nextSequenceToken, type OperationHandler } from './operation-context.js';
import { type InputLogEvent, readLogEvents, readString } from './request-input.js';
import { invalidParameter, logGroupNotFound, logStreamNotFound, ValidationErrors } from './service-error.js';

interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

export const putLogEvents: OperationHandler = (input, context) => {
  const logGroupName = readString(input, 'logGroupName');
  const logStreamName = readString(input, 'logStreamName');
  const logEvents = readLogEvents(input, 'logEvents');
  // Accepted and ignored, as the service does since 2023; only its type is checked.
  readString(input, 'sequenceToken');

  const errors = new ValidationErrors();
  checkLogGroupName(errors, 'logGroupName', logGroupName);
  checkLogStreamName(errors, 'logStreamName', logStreamName);
  checkEventShapes(errors, logEvents);
  errors.throwIfAny();
  const events = logEvents as LogEvent[];

  checkSizes(events);
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as LogEvent).timestamp < (events[i - 1] as LogEvent).timestamp) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }

  const group = context.store.group(logGroupName as string);
  if (group === undefined) throw logGroupNotFound();
  const stream = group.streams.get(logStreamName as string);
  if (stream === undefined) throw logStreamNotFound();

  // Events are in time order now, so each rejected kind is a prefix or a suffix of the batch.
  const now = context.now();
  const tooOldEnd = countBefore(events, now - MAX_EVENT_AGE_MS);
  const retention = group.retentionInDays;
  const expiredEnd = retention === undefined ? 0 : countBefore(events, now - retention * DAY_MS);
  const tooNewStart = events.length - countAfter(events, now + MAX_EVENT_FUTURE_MS);
  const accepted = events.slice(Math.max(tooOldEnd, expiredEnd), tooNewStart);

  // The 24 hour span counts only the events that are kept.
  const first = accepted[0];
  const last = accepted[accepted.length - 1];
  if (first !== undefined && last !== undefined && last.timestamp - first.timestamp > MAX_BATCH_SPAN_MS) {
    throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }

  context.store.append(stream, accepted, now);
  const rejected: Record<string, number> = {};
  if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  // Both end indexes are exclusive: events [0, end) were rejected.
  if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
  return {
    nextSequenceToken: nextSequenceToken(stream),
    rejectedLogEventsInfo: Object.keys(rejected).length > 0 ? rejected : undefined,
  };
};

function checkEventShapes(errors: ValidationErrors, logEvents: readonly InputLogEvent[] | undefined): void {
  if (logEvents === undefined) {
    errors.missing('logEvents');
    return;
  }
  if (logEvents.length < 1) {
    errors.violated('logEvents', '[]', 'Member must have length greater than or equal to 1');
  }
  if (logEvents.length > MAX_EVENTS_PER_BATCH) {
    errors.violated('logEvents', '[...]', `Member must have length less than or equal to ${MAX_EVENTS_PER_BATCH}`);
  }
  logEvents.forEach(({ timestamp, message }, index) => {
    const at = `logEvents.${index + 1}.member`;
    if (timestamp === undefined) errors.missing(`${at}.timestamp`);
    else if (timestamp < 0) {
      errors.violated(`${at}.timestamp`, String(timestamp), 'Member must have value greater than or equal to 0');
    }
    if (message === undefined) errors.missing(`${at}.message`);
    else if (message.length < 1) {
      errors.violated(`${at}.message`, message, 'Member must have length greater than or equal to 1');
    }
  });
}

/** Sizes are UTF-8 bytes of the message plus 26 per event, for one event and for the batch. */
function checkSizes(events: readonly LogEvent[]): void {
  let batchBytes = 0;
  for (const { message } of events) {
    const eventBytes = Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;
    if (eventBytes > MAX_EVENT_SIZE_BYTES) {
      throw invalidParameter(`Log event too large: ${eventBytes} bytes exceeds limit of ${MAX_EVENT_SIZE_BYTES}`);
    }
    batchBytes += eventBytes;
  }
  if (batchBytes > MAX_BATCH_SIZE_BYTES) {
    throw invalidParameter(`Upload too large: ${batchBytes} bytes exceeds limit of ${MAX_BATCH_SIZE_BYTES}`);
  }
}

/** Number of leading events strictly older than `time`. */
function countBefore(events: readonly LogEvent[], time: number): number {
  let count = 0;
  while (count < events.length && (events[count] as LogEvent).timestamp < time) count++;
  return count;
}

/** Number of trailing events strictly newer than `time`. */
function countAfter(events: readonly LogEvent[], time: number): number {
  let count = 0;
  while (count < events.length && (events[events.length - 1 - count] as LogEvent).timestamp > time) count++;
  return count;
}
