// Koa answers a thrown error after removing every header already set, then sets those of
// `err.headers`: the request id the engine echoed would be missing from exactly the responses
// a user reports. It is put back through `err.headers`, the channel Koa reads.

/** Adds the request id to the headers Koa will send with the error response. */
export function echoIdOnError(error: unknown, header: string, id: string): void {
  if (typeof error !== 'object' || error === null) return;
  const carrier = error as { headers?: unknown };
  try {
    const own = carrier.headers;
    if (own === undefined || own === null) {
      // Not enumerable: the error logged under `err` stays as the app threw it.
      Object.defineProperty(error, 'headers', { value: { [header]: id }, writable: true, configurable: true });
    } else if (typeof own === 'object' && !Object.keys(own).some((name) => name.toLowerCase() === header)) {
      carrier.headers = { ...own, [header]: id };
    }
  } catch {
    // A frozen error, or headers behind a throwing getter: the response goes without the id.
  }
}
