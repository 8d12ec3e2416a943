// A logger writing Cloud Logging's stdout JSON lines (project `my-project`) to memory, parsed back.
import { createLogger, type Logger } from '@cloudlog/core';
import { googleCloudTransport } from '@cloudlog/google-cloud';

export function cloudLoggingStdout(): { logger: Logger; lines: string[]; entries(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    transports: [
      googleCloudTransport({
        mode: 'stdout',
        projectId: 'my-project',
        env: {},
        destination: { write: (chunk: string) => lines.push(chunk) },
      }),
    ],
  });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
