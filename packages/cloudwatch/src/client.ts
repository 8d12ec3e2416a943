import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';

/**
 * The client the transport makes when given none. Two settings differ from the SDK's defaults,
 * unless `config` sets them:
 * - `maxAttempts: 1`: the transport retries every batch itself, with full-jitter backoff, for
 *   as long as its buffer holds; SDK retries inside each attempt would multiply the calls
 *   during an outage (3 x ours) and hide them from `stats()`.
 * - a request timeout that throws: in this SDK a `requestTimeout` alone only logs a warning, so
 *   a hung connection would stall delivery forever (`throwOnRequestTimeout: true`).
 * Credentials come from `config.credentials` or the SDK's default chain, never from options of ours.
 */
export function createClient(
  config: CloudWatchLogsClientConfig | undefined,
  requestTimeoutMs: number,
): CloudWatchLogsClient {
  const given = config ?? {};
  return new CloudWatchLogsClient({
    ...given,
    maxAttempts: given.maxAttempts ?? 1,
    requestHandler: withRequestTimeout(given.requestHandler, requestTimeoutMs),
  });
}

type RequestHandlerOption = CloudWatchLogsClientConfig['requestHandler'];

/** Adds our timeout under the caller's handler options; a handler instance is used as given. */
function withRequestTimeout(handler: RequestHandlerOption, requestTimeoutMs: number): RequestHandlerOption {
  const defaults = { requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true };
  if (handler === undefined) return defaults;
  if (
    typeof handler === 'object' &&
    handler !== null &&
    typeof (handler as { handle?: unknown }).handle !== 'function'
  ) {
    return { ...defaults, ...(handler as object) } as RequestHandlerOption;
  }
  return handler;
}
