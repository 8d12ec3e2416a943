// The example app. `createApp({ logger })` returns the Express app without listening, so a demo
// script (or a test) can run it with its own transports; src/main.ts runs it on PORT.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@cloudlog/core';
import { errorLogger, loggingMiddleware, routeLevel } from '@cloudlog/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { findUser } from './users-service.js';

export interface ExampleAppOptions {
  /** Where request logs go. @default getLogger() */
  readonly logger?: Logger;
  /** Requests slower than this are marked slow and logged at warn. @default 500 */
  readonly slowMs?: number;
  /** How long GET /slow takes. @default 800 */
  readonly slowRouteMs?: number;
}

export function createApp(options: ExampleAppOptions = {}): Express {
  const app = express();
  app.set('trust proxy', 'loopback'); // behind a local proxy: req.ip (and the access line) use X-Forwarded-For
  app.use(
    loggingMiddleware({
      logger: options.logger,
      slowMs: options.slowMs ?? 500,
      routes: [
        // Health checks: no access line, unless they fail or are slow.
        { match: 'GET,HEAD /health', accessLog: 'off' },
        // Admin pages: handlers log at debug, and their access lines only when they fail.
        { match: '/admin/*', level: 'debug', accessLog: 'errors' },
        // Streams are long by nature: not "slow".
        { match: 'GET /stream', slowMs: 60_000 },
      ],
      customFields: (req) => ({ tenant: req.get('x-tenant') }),
    }),
  );
  app.use(express.json());
  app.use(fakeAuth);

  app.get('/health', (_req, res) => {
    res.send('ok');
  });

  app.get('/users/:id', async (req, res) => {
    const user = await findUser(req.params.id as string);
    if (user === undefined) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    req.log.info({ found: user.id }, 'user served');
    res.json(user);
  });

  // Turn logging up for one route: req.log and the service's getLogger() lines go down to debug.
  app.post('/payments', routeLevel('debug'), async (req, res) => {
    req.log.debug({ amount: req.body?.amount }, 'charging');
    await delay(5);
    res.status(201).json({ ok: true });
  });

  // After fakeAuth, every line of the request (and its access line) carries userId.
  app.get('/me', (req, res) => {
    req.log.info('profile requested');
    res.json({ requestId: req.id });
  });

  app.get('/stream', async (req, res) => {
    res.type('text/plain');
    for (let i = 1; i <= 5; i++) {
      res.write(`chunk ${i}\n`);
      await delay(100);
    }
    req.log.info('stream done');
    res.end();
  });

  app.get('/slow', async (_req, res) => {
    await delay(options.slowRouteMs ?? 800);
    res.send('finally');
  });

  app.get('/admin/stats', (req, res) => {
    req.log.debug('computing stats');
    res.json({ requests: 42 });
  });

  app.get('/boom', () => {
    throw new Error('something broke');
  });

  app.use(errorLogger()); // records the real error on the access line, then passes it on
  app.use((_err: Error, req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: 'internal error', requestId: req.id });
  });
  return app;
}

/** A stand-in for real authentication: `Authorization: Bearer <user>` names the user. */
function fakeAuth(req: Request, _res: Response, next: NextFunction): void {
  const match = /^Bearer (\w{1,64})$/.exec(req.get('authorization') ?? '');
  if (match !== null) req.log.assign({ userId: match[1] }); // on every later line and the access line
  next();
}
