// One Koa contender of `pnpm bench:http:koa`, run in its own process: a Koa hello-world with one
// request logger, writing to a destination that discards bytes and counts lines. The parent
// (bench/http.ts) drives it with autocannon and asks it for lines written and CPU per request.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createLogger, stream } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import type Koa from 'koa';
import Koa3 from 'koa';
import koaLogger from 'koa-logger';
import Koa2 from 'koa2';
import pino from 'pino';
import { DiscardDestination } from './harness.js';
import { KOA_CONTENDERS, type KoaContenderName, serveContender } from './http-contenders.js';

// koa-pino-logger has no types, and pino-http's (which it wraps) merge their own `log` into
// http.IncomingMessage, which would clash with cloudlog's typings across the type-check program.
const koaPinoLogger = createRequire(import.meta.url)('koa-pino-logger') as (
  options: object,
  destination?: unknown,
) => Koa.Middleware;

const name = process.argv[2] as KoaContenderName;
const KoaApp = (process.env.BENCH_KOA === '2' ? Koa2 : Koa3) as unknown as typeof Koa3;
// Every logger writes here; bare writes nothing.
const destination = new DiscardDestination();
const lines = (): number => destination.lines;
const app = new KoaApp();

switch (name) {
  case 'bare':
    break;
  case 'bare-als': {
    // The floor of any logger that carries the request's context below the handler.
    const context = new AsyncLocalStorage<object>();
    app.use((_ctx, next) => context.run({}, next));
    break;
  }
  case 'cloudlog': {
    const logger = createLogger({ level: 'info', transports: [stream({ destination })] });
    app.use(loggingMiddleware({ logger }));
    break;
  }
  case 'koa-pino-logger': {
    app.use(koaPinoLogger({ logger: pino({ level: 'info' }, destination as unknown as pino.DestinationStream) }));
    break;
  }
  case 'koa-pino-logger-als': {
    // What a koa-pino-logger user writes to get what cloudlog's context gives: the request's
    // logger in an AsyncLocalStorage, so code below the handler can log with the request's fields.
    app.use(koaPinoLogger({ logger: pino({ level: 'info' }, destination as unknown as pino.DestinationStream) }));
    const requestLogger = new AsyncLocalStorage<unknown>();
    app.use((ctx, next) => requestLogger.run((ctx as { log?: unknown }).log, next));
    break;
  }
  case 'koa-logger': {
    // Two lines per request ('<-- GET /' and '--> GET / 200 …'), as koa-logger prints them.
    app.use(koaLogger({ transporter: (line) => destination.write(`${line}\n`) }));
    break;
  }
  default:
    throw new Error(`unknown contender ${String(name)}; expected one of ${KOA_CONTENDERS.join(', ')}`);
}

app.use((ctx) => {
  // Loggers that give the handler a request logger log one line from it, as real handlers do.
  (ctx as { log?: { info(msg: string): void } }).log?.info('hello from the handler');
  ctx.body = 'hello world';
});

serveContender(createServer(app.callback()), lines);
