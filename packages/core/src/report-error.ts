export interface ErrorReporterOptions {
  /**
   * After a printed line, further errors within this many ms are counted, not printed.
   * @default 30_000
   */
  readonly intervalMs?: number;
  /**
   * Receives each printed line, newline included.
   * @default (line) => process.stderr.write(line)
   */
  readonly write?: (line: string) => void;
  /**
   * Clock for the rate limit, in ms.
   * @default performance.now (monotonic)
   */
  readonly now?: () => number;
}

const DEFAULT_INTERVAL_MS = 30_000;
// Keeps a runaway message (a whole HTTP body in an SDK error) from flooding stderr.
const MAX_MESSAGE_CHARS = 2_000;

/**
 * Creates the default `onError` of cloudlog's internals: the first error is printed at once
 * as one line `cloudlog[<source>]: <message>`; later ones within `intervalMs` are counted and
 * suppressed, and the next printed line says how many were. Each reporter has its own window.
 * An Error whose message already begins with `<source>: ` (as BatchQueue's do) is printed
 * without its name and without repeating the source.
 * The returned function never throws, even if `write` does; it never logs through a logger.
 */
export function createErrorReporter(source: string, options: ErrorReporterOptions = {}): (error: unknown) => void {
  if (typeof source !== 'string' || source.length === 0) {
    throw new TypeError(`createErrorReporter: source must be a non-empty string, got ${describeValue(source)}`);
  }
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  if (typeof intervalMs !== 'number' || Number.isNaN(intervalMs) || intervalMs < 0) {
    throw new RangeError(
      `createErrorReporter: intervalMs must be a number of ms >= 0 (Infinity allowed), got ${describeValue(intervalMs)}`,
    );
  }
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  if (typeof write !== 'function') {
    throw new TypeError(
      `createErrorReporter: write must be a function (line: string) => void, got ${describeValue(write)}`,
    );
  }
  const now = options.now ?? (() => performance.now());
  if (typeof now !== 'function') {
    throw new TypeError(`createErrorReporter: now must be a function returning ms, got ${describeValue(now)}`);
  }

  const prefix = `cloudlog[${source}]: `;
  const ownPrefix = `${source}: `;
  let lastPrintedAt: number | undefined;
  let suppressed = 0;

  return (error: unknown): void => {
    try {
      const time = now();
      if (lastPrintedAt !== undefined && time - lastPrintedAt < intervalMs) {
        suppressed++;
        return;
      }
      // BatchQueueError messages already name the queue: print them without repeating it.
      const ownMessage =
        error instanceof Error && typeof error.message === 'string' && error.message.startsWith(ownPrefix);
      const message = ownMessage ? describeError(error.message.slice(ownPrefix.length)) : describeError(error);
      const note = suppressed > 0 ? ` (${suppressed} more ${suppressed === 1 ? 'error' : 'errors'} suppressed)` : '';
      lastPrintedAt = time;
      suppressed = 0;
      write(`${prefix}${message}${note}\n`);
    } catch {
      // Reporting is best effort: a broken stderr or clock must not take the application down.
    }
  };
}

/**
 * One-line description of anything thrown: `Name: message` for errors (the name is left out
 * when it is plain `Error` or already in the message), control characters turned into spaces.
 * Never throws.
 * @internal
 */
export function describeError(error: unknown): string {
  let text: string;
  try {
    if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      const messageText = typeof message === 'string' ? message : String(message);
      text =
        typeof name === 'string' && name !== '' && name !== 'Error' && !messageText.startsWith(name)
          ? `${name}: ${messageText}`
          : messageText;
    } else {
      text = String(error);
    }
  } catch {
    text = 'unprintable error';
  }
  if (text.length > MAX_MESSAGE_CHARS) text = `${text.slice(0, MAX_MESSAGE_CHARS)}...`;
  return text.replace(/\p{Cc}+/gu, ' ').trim() || 'unknown error';
}

/** @internal */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
