// The Koa contenders of `pnpm bench:http:koa` (bench/http.ts with BENCH_FRAMEWORK=koa), each run
// by bench/http-koa-server.ts in its own process; messages to the driver as in http-contenders.ts.
// koa-pino-logger-als is koa-pino-logger plus the AsyncLocalStorage a user adds to have the
// request's logger below the handler, as cloudlog's loggingMiddleware always does: on Node 20,
// AsyncLocalStorage costs every promise a hook, and a Koa request makes several.

export const KOA_CONTENDERS = ['bare', 'cloudlog', 'koa-pino-logger', 'koa-pino-logger-als', 'koa-logger'] as const;
export type KoaContenderName = (typeof KOA_CONTENDERS)[number];
