import type { IncomingMessage } from 'node:http';
import type { Logger } from '@cloudlog/core';

// `req.log` and `req.id` for every Express app that imports this package (Express 4 and 5 typings
// both declare the global `Express.Request` interface this merges into).
declare global {
  namespace Express {
    interface Request {
      /**
       * The request's logger, set by `loggingMiddleware()`: its lines carry the request id, the
       * trace ids, the method and the path. `req.log.assign({ userId })` adds fields to every
       * later line of the request and to its access line. Its threshold is the route's level.
       */
      log: Logger;
      /** The request id: the incoming `x-request-id` when safe to reuse, else a generated one. */
      id: string;
    }
  }
}

/** @internal What the adapter reads from an Express request (the same in Express 4 and 5). */
export interface ExpressRequestLike extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { readonly path?: unknown };
  readonly ip?: string;
  body?: unknown;
  log?: Logger;
  id?: string;
}

/** The request fields this package adds to `Express.Request`. */
export interface RequestLogFields {
  readonly log: Logger;
  readonly id: string;
}
