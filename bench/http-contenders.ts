// Shared by bench/http.ts (the driver) and bench/http-server.ts (one contender per process).

export const CONTENDERS = ['bare', 'cloudlog', 'pino-http', 'morgan', 'express-winston'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** Messages from a contender's server process to the driver. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stats'; readonly requests: number; readonly lines: number; readonly cpuMicros: number };
