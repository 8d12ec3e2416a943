import { createLogger, type Format, type Logger, type LoggerOptions, stream } from '@cloudlog/core';

/** A logger writing to an in-memory destination: the exact lines it emitted, and them parsed. */
export interface Captured {
  readonly logger: Logger;
  readonly lines: string[];
  records(): Record<string, unknown>[];
}

export function capture(options: Omit<LoggerOptions, 'transports'> & { format?: Format | string } = {}): Captured {
  const lines: string[] = [];
  const { format, destination: _ignored, ...rest } = options;
  const logger = createLogger({
    level: 'trace',
    ...rest,
    transports: [stream({ destination: { write: (chunk: string) => lines.push(chunk) }, format })],
  });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Polls `check` until it returns true, failing after the deadline; never sleeps a fixed time. */
export async function until(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
