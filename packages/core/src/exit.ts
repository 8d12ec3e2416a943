import { type Logger, LoggerImpl } from './logger.js';

export interface FlushOnExitOptions {
  /** How long to wait for delivery before letting the process go. @default 5_000 */
  readonly timeoutMs?: number;
  /** Signals to handle. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Opt-in: on SIGTERM / SIGINT, and when the event loop drains (`beforeExit`), flush the
 * logger within the deadline, then let the process end as it would have: a signal with no
 * other listener is raised again (so the exit status says "killed by SIGTERM"); with other
 * listeners, those decide. Returns a function that removes the handlers.
 */
export function flushOnExit(logger: Logger, options: FlushOnExitOptions = {}): () => void {
  if (typeof logger !== 'object' || logger === null || typeof logger.flush !== 'function') {
    throw new TypeError('cloudlog: flushOnExit(logger) takes a logger');
  }
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError('cloudlog: flushOnExit({ timeoutMs }) must be a non-negative number of milliseconds');
  }
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let flushingForSignal = false;
  let exitFlushing = false;
  let flushedThrough = -1;
  // Records dispatched so far: 'beforeExit' fires again after every flush, and must not loop.
  const progress = (): number => (logger instanceof LoggerImpl ? logger.hub.dispatched : 0);

  const flush = (): Promise<void> => {
    // A ref'd timer keeps the process alive while transports work, up to the deadline.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    return Promise.race([logger.flush({ timeoutMs }).catch(() => undefined), deadline]).finally(() =>
      clearTimeout(timer),
    );
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (flushingForSignal) return;
    flushingForSignal = true;
    void flush().then(() => {
      remove();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };

  const onBeforeExit = (): void => {
    const seen = progress();
    if (exitFlushing || seen === flushedThrough) return;
    exitFlushing = true;
    flushedThrough = seen;
    void flush().then(() => {
      exitFlushing = false;
    });
  };

  for (const signal of signals) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);

  function remove(): void {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('beforeExit', onBeforeExit);
  }
  return remove;
}
