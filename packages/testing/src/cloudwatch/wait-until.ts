// Waiting for a condition on the server's state: checked on every change, with a deadline.

/**
 * Resolves with `probe()`'s first defined result, checking now and after each change that
 * `subscribe` reports; rejects with `describeFailure()` when `timeoutMs` passes first.
 */
export function waitUntil<T>(
  probe: () => T | undefined,
  subscribe: (listener: () => void) => () => void,
  timeoutMs: number,
  describeFailure: () => string,
): Promise<T> {
  const ready = probe();
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = subscribe(() => {
      const value = probe();
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(describeFailure()));
    }, timeoutMs);
  });
}
