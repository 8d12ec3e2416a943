// What a failed call means, read from the error's name and HTTP status, never with instanceof:
// a client from another copy of the SDK throws classes that are not ours. The SDK has no class
// for ExpiredTokenException (it arrives as CloudWatchLogsServiceException with that name), and
// network failures carry no status at all.

export type FailureKind =
  /** Retry after the backoff. */
  | 'throttled'
  | 'unavailable'
  | 'server_error'
  | 'network'
  | 'timeout'
  /** Pause longer: new credentials take a while to appear (or an operator to fix a policy). */
  | 'credentials'
  /** The group or stream is gone: create it again, then retry. */
  | 'not_found'
  /** Something in the batch is invalid: split it to isolate the bad event. */
  | 'invalid'
  /** The request body was refused as too large (HTTP 413): split it. */
  | 'too_large'
  /** Anything else: retried after the backoff, and reported. */
  | 'unknown';

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'LimitExceededException',
]);

const CREDENTIALS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'AccessDeniedException',
  'AccessDenied',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'NotAuthorized',
  'RequestExpired',
  'CredentialsProviderError',
  'TokenProviderError',
]);

const INVALID = new Set(['InvalidParameterException', 'ValidationException']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/** The error's name (`__type` for service errors), or '' when it has none. */
export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name } = error as ErrorShape;
  return typeof name === 'string' ? name : '';
}

/** HTTP status of a service error; undefined when no answer came (network, timeout). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as ErrorShape).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export function classifyFailure(error: unknown): FailureKind {
  const name = errorName(error);
  if (name === 'ResourceNotFoundException') return 'not_found';
  if (INVALID.has(name)) return 'invalid';
  if (THROTTLING.has(name)) return 'throttled';
  if (CREDENTIALS.has(name)) return 'credentials';
  if (name === 'ServiceUnavailableException') return 'unavailable';
  if (name === 'TimeoutError' || name === 'RequestTimeout' || name === 'RequestTimeoutException') return 'timeout';
  const status = httpStatusOf(error);
  if (status === 401 || status === 403) return 'credentials';
  if (status === 413) return 'too_large';
  if (status === 429) return 'throttled';
  if (status === 503) return 'unavailable';
  if (status !== undefined && status >= 500) return 'server_error';
  const code = typeof error === 'object' && error !== null ? (error as ErrorShape).code : undefined;
  if (code === 'ETIMEDOUT') return 'timeout';
  // No answer and a system error code: the connection failed (refused, reset, DNS, ...).
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || (status === undefined && code.startsWith('E')))) {
    return 'network';
  }
  return 'unknown';
}
