// One contender of `pnpm bench:http`, run in its own process: an Express hello-world with one
// request logger, writing to a destination that discards bytes and counts lines. The parent
// (bench/http.ts) drives it with autocannon and asks it for lines written and CPU per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { createLogger, stream } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import express5 from 'express';
import expressWinston from 'express-winston';
import express4 from 'express4';
import morgan from 'morgan';
import pino from 'pino';
import winston from 'winston';
import { DiscardDestination } from './harness.js';
import { CONTENDERS, type ContenderName, serveContender } from './http-contenders.js';

type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
// pino-http is loaded without its types: they merge its own `log` into http.IncomingMessage,
// which would clash with cloudlog's `req.log` across the shared type-check program.
const pinoHttp = createRequire(import.meta.url)('pino-http') as (options: object) => Handler;

const name = process.argv[2] as ContenderName;
const express = (process.env.BENCH_EXPRESS === '4' ? express4 : express5) as unknown as typeof express5;
// Every logger but express-winston writes here; bare writes nothing.
const destination = new DiscardDestination();
let lines = (): number => destination.lines;
const app = express();

switch (name) {
  case 'bare':
    break;
  case 'cloudlog': {
    const logger = createLogger({ level: 'info', transports: [stream({ destination })] });
    app.use(loggingMiddleware({ logger }));
    break;
  }
  case 'pino-http': {
    app.use(pinoHttp({ logger: pino({ level: 'info' }, destination as unknown as pino.DestinationStream) }));
    break;
  }
  case 'morgan': {
    app.use(morgan('combined', { stream: destination as morgan.StreamOptions }));
    break;
  }
  case 'express-winston': {
    let written = 0;
    lines = () => written;
    const sink = new Writable({
      objectMode: true,
      write(_chunk, _encoding, callback) {
        written++;
        callback();
      },
    });
    app.use(
      expressWinston.logger({
        transports: [new winston.transports.Stream({ stream: sink })],
        format: winston.format.json(),
      }),
    );
    break;
  }
  default:
    throw new Error(`unknown contender ${String(name)}; expected one of ${CONTENDERS.join(', ')}`);
}

app.get('/', (req, res) => {
  // Loggers that give the handler a request logger log one line from it, as real handlers do.
  (req as { log?: { info(msg: string): void } }).log?.info('hello from the handler');
  res.send('hello world');
});

serveContender(createServer(app), lines);
