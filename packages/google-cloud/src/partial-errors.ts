// Per-entry failures of a Log.write with partialSuccess: the call fails with INVALID_ARGUMENT,
// and google-gax decodes the `WriteLogEntriesPartialErrors` detail into `error.statusDetails`,
// whose `logEntryErrors` maps each failed entry's index in the request (a string key) to a
// `google.rpc.Status`. The valid entries of the request were written.
// @see https://cloud.google.com/logging/docs/reference/v2/rpc/google.logging.v2#writelogentriespartialerrors

export interface PartialFailure {
  /** Indexes, in the batch, of the entries the service refused. */
  readonly indexes: readonly number[];
  /** The service's message for the first of them. */
  readonly firstMessage: string;
}

/**
 * The entries of a batch of `count` that the service refused, or undefined when the error is
 * not a partial failure (the request as a whole failed). Indexes past the batch (the diagnostic
 * entry the client adds to its first request) are ignored.
 */
export function partialFailureOf(error: unknown, count: number): PartialFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const details = (error as { statusDetails?: unknown }).statusDetails;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null || !('logEntryErrors' in detail)) continue;
    const errors = (detail as { logEntryErrors?: unknown }).logEntryErrors;
    if (typeof errors !== 'object' || errors === null) continue;
    const indexes: number[] = [];
    let firstMessage = '';
    for (const [key, status] of Object.entries(errors)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= count) continue;
      indexes.push(index);
      if (firstMessage === '') {
        const message = (status as { message?: unknown } | null)?.message;
        firstMessage = typeof message === 'string' ? message : 'entry refused';
      }
    }
    return { indexes: indexes.sort((a, b) => a - b), firstMessage };
  }
  return undefined;
}
