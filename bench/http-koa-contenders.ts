// The Koa contenders of `pnpm bench:http:koa` (bench/http.ts with BENCH_FRAMEWORK=koa), each run
// by bench/http-koa-server.ts in its own process; messages to the driver as in http-contenders.ts.

export const KOA_CONTENDERS = ['bare', 'cloudlog', 'koa-pino-logger', 'koa-logger'] as const;
export type KoaContenderName = (typeof KOA_CONTENDERS)[number];
