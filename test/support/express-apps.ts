// Express 4 and 5, for tests that run against both. Express 4's app type is cast to Express 5's
// so the same test code compiles; test/express/types.test.ts checks both typings for real.
import { createLogger, type Logger, type MemoryTransport, memory } from '@cloudlog/core';
import express5 from 'express';
import express4 from 'express4';

export type ExpressFactory = typeof express5;

export const expressVersions: readonly (readonly [string, ExpressFactory])[] = [
  ['express 4', express4 as unknown as ExpressFactory],
  ['express 5', express5],
];

/** A logger at trace level writing to a memory transport. */
export function memoryLogger(level: 'trace' | 'info' = 'trace'): { mem: MemoryTransport; logger: Logger } {
  const mem = memory();
  return { mem, logger: createLogger({ level, transports: [mem] }) };
}

/** An app whose Express error handler does not print stacks to the test output. */
export function quietApp(express: ExpressFactory): ReturnType<ExpressFactory> {
  const app = express();
  app.set('env', 'test');
  return app;
}
