// Shared by bench/http.ts (the driver) and the contender servers it forks, one per process
// (bench/http-server.ts for Express, bench/http-koa-server.ts for Koa).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CONTENDERS = ['bare', 'cloudlog', 'pino-http', 'morgan', 'express-winston'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

// koa-pino-logger-als is koa-pino-logger plus the AsyncLocalStorage a user adds to have the
// request's logger below the handler, as cloudlog's loggingMiddleware always does: on Node 20,
// AsyncLocalStorage costs every promise and every process.nextTick a hook, and a Koa request
// makes several. bare-als is not a competitor but that floor: bare Koa with one
// AsyncLocalStorage.run() per request and no logging at all.
export const KOA_CONTENDERS = [
  'bare',
  'bare-als',
  'cloudlog',
  'koa-pino-logger',
  'koa-pino-logger-als',
  'koa-logger',
] as const;

/** Rows that show a floor, not a logger: no result is recorded for them. */
export const REFERENCES: readonly string[] = ['bare', 'bare-als'];
export type KoaContenderName = (typeof KOA_CONTENDERS)[number];

/** Messages from a contender's server process to the driver. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stats'; readonly requests: number; readonly lines: number; readonly cpuMicros: number };

/**
 * The contender side of the protocol: listens on 127.0.0.1, says 'ready' with the port, counts
 * requests, and on 'reset' / 'report' measures the requests, lines and CPU time since the reset.
 */
export function serveContender(server: Server, lines: () => number): void {
  const send = (message: ServerMessage): void => {
    process.send?.(message);
  };
  server.listen(0, '127.0.0.1', () => {
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  let requests = 0;
  server.on('request', () => requests++);
  let cpuBase = process.cpuUsage();
  let linesBase = 0;
  process.on('message', (message: string) => {
    if (message === 'reset') {
      requests = 0;
      linesBase = lines();
      cpuBase = process.cpuUsage();
    } else if (message === 'report') {
      const cpu = process.cpuUsage(cpuBase);
      send({ type: 'stats', requests, lines: lines() - linesBase, cpuMicros: cpu.user + cpu.system });
    }
  });
}
