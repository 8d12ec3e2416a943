// Errors as CloudWatch Logs returns them: an HTTP status and a JSON body
// `{"__type": "<Name>", "message": "..."}`. The AWS SDK v3 reads the name from `__type` (then from
// the `x-amzn-errortype` header) and builds its exported exception class of that name.

/** An error answer of the service: what the client sees as an exception. */
export class CloudWatchServiceError extends Error {
  /** The error name, sent as `__type` and as the `x-amzn-ErrorType` header. */
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = 'CloudWatchServiceError';
    this.type = type;
    this.status = status;
  }
}

export function invalidParameter(message: string): CloudWatchServiceError {
  return new CloudWatchServiceError('InvalidParameterException', message);
}

export function serializationError(message: string): CloudWatchServiceError {
  return new CloudWatchServiceError('SerializationException', message);
}

export function logGroupNotFound(): CloudWatchServiceError {
  return new CloudWatchServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function logStreamNotFound(): CloudWatchServiceError {
  return new CloudWatchServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

export function invalidNextToken(): CloudWatchServiceError {
  return invalidParameter('The specified nextToken is invalid.');
}

/**
 * Collects the field constraint violations of one request and reports them the way AWS services
 * do: `2 validation errors detected: Value 'x' at 'logGroupName' failed to satisfy constraint: ...; ...`.
 * CloudWatch Logs sends these as InvalidParameterException.
 */
export class ValidationErrors {
  private readonly problems: string[] = [];

  missing(member: string): void {
    this.problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }

  violated(member: string, value: string, constraint: string): void {
    this.problems.push(`Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
  }

  throwIfAny(): void {
    const count = this.problems.length;
    if (count === 0) return;
    const noun = count === 1 ? 'error' : 'errors';
    throw invalidParameter(`${count} validation ${noun} detected: ${this.problems.join('; ')}`);
  }
}
