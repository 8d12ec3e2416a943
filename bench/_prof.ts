import { createServer } from 'node:http';
import { createRequire as cr } from 'node:module';
const require = cr(import.meta.url);
import { createLogger, stream } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/koa';
import Koa from 'koa';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import koaLogger from 'koa-logger';
import pino from 'pino';
const koaPinoLogger = createRequire(import.meta.url)('koa-pino-logger') as (o: object) => Koa.Middleware;
import { DiscardDestination } from './harness.js';
const app = new Koa();
const mode = process.argv[2] ?? 'cloudlog';
if (mode === 'als') {
  const als = new AsyncLocalStorage<object>();
  app.use((ctx, next) => als.run({}, next));
}
if (mode === 'kl') {
  const destination = new DiscardDestination();
  app.use(koaLogger({ transporter: (line) => destination.write(`${line}\n`) }));
}
if (mode === 'kpl') {
  const destination = new DiscardDestination();
  app.use(koaPinoLogger({ logger: pino({ level: 'info' }, destination as never) }));
}
if (mode === 'cloudlog') {
  const destination = new DiscardDestination();
  const logger = createLogger({ level: 'info', transports: [stream({ destination })] });
  app.use(loggingMiddleware({ logger }));
}
app.use((ctx) => {
  (ctx as { log?: { info(msg: string): void } }).log?.info('hello from the handler');
  ctx.body = 'hello world';
});
const server = createServer(app.callback());
server.listen(Number(process.env.PORT ?? 7777), '127.0.0.1');
let n = 0;
let totalReq = 0; server.on("request", () => { n++; totalReq++; });
let base = process.cpuUsage();
setTimeout(() => { n = 0; base = process.cpuUsage(); }, 3000);
setTimeout(() => { const c = process.cpuUsage(base); console.log(mode, 'user', (c.user/n).toFixed(2), 'sys', (c.system/n).toFixed(2), ((c.user + c.system) / n).toFixed(2), 'µs/req', n, 'rps', Math.round(n / (Number(process.env.SECS ?? 11) - 3))); process.exit(0); }, Number(process.env.SECS ?? 11) * 1000);
if (process.env.TRACE_ENV) setTimeout(() => {
  const real = process.env; let shown = 0;
  process.env = new Proxy({ ...real }, { get(t, k) { if (shown++ < 3) console.log('ENV READ', String(k), new Error().stack?.split('\n').slice(2, 9).join('\n')); return (t as never)[k]; } }) as never;
}, 2000);
process.on('SIGUSR2', () => { require('node:fs').appendFileSync('/tmp/prof/count', `${totalReq}\n`); });
