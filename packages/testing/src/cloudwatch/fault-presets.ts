// The answers of the faults the service really gives, with its status codes and messages:
// CloudWatch Logs answers throttling and credential errors with HTTP 400 and the error's name in
// `__type`; the SDK retries ThrottlingException (by name) and 5xx answers (by status).

import type { FaultAction } from './fault-injector.js';
import type { CloudWatchCredentialsErrorType } from './types.js';

const CREDENTIALS_MESSAGES: Readonly<Record<CloudWatchCredentialsErrorType, string>> = {
  ExpiredTokenException: 'The security token included in the request is expired',
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  AccessDeniedException: 'User is not authorized to perform this operation (injected by the local server).',
};

const KNOWN_MESSAGES: Readonly<Record<string, string>> = {
  ...CREDENTIALS_MESSAGES,
  ThrottlingException: 'Rate exceeded',
  ServiceUnavailableException: 'The service is unavailable. Please try again later.',
  ResourceNotFoundException: 'The specified log group does not exist.',
};

export function throttlingAnswer(): FaultAction {
  return errorAnswer('ThrottlingException', undefined, 400);
}

export function unavailableAnswer(): FaultAction {
  return errorAnswer('ServiceUnavailableException', undefined, 503);
}

export function credentialsAnswer(type: CloudWatchCredentialsErrorType): FaultAction {
  if (!(type in CREDENTIALS_MESSAGES)) {
    throw new TypeError(`credentials fault type must be one of ${Object.keys(CREDENTIALS_MESSAGES).join(', ')}`);
  }
  return errorAnswer(type, undefined, 400);
}

/** A bare status with an empty body, as a load balancer or a crashed front end would answer. */
export function bareStatusAnswer(status: number): FaultAction {
  checkStatus(status);
  return { kind: 'error', type: undefined, message: '', status };
}

export function errorAnswer(type: string | undefined, message: string | undefined, status: number): FaultAction {
  checkStatus(status);
  const text =
    message ?? (type === undefined ? '' : (KNOWN_MESSAGES[type] ?? `${type} (injected by the local server)`));
  return { kind: 'error', type, message: text, status };
}

function checkStatus(status: number): void {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new TypeError(`fault status must be an HTTP error status (400 to 599), got ${String(status)}`);
  }
}
