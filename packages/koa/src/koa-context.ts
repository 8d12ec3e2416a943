import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@cloudlog/core';

// `ctx.log` and `ctx.id` for every Koa app that imports this package. ExtendableContext is part
// of every Koa context type (custom state and context types, @koa/router's RouterContext), in
// the Koa 2 and Koa 3 typings alike.
declare module 'koa' {
  interface ExtendableContext {
    /**
     * The request's logger, set by `loggingMiddleware()`: its lines carry the request id, the
     * trace ids, the method and the path. `ctx.log.assign({ userId })` adds fields to every
     * later line of the request and to its access line. Its threshold is the route's level.
     */
    log: Logger;
    /** The request id: the incoming `x-request-id` when safe to reuse, else a generated one. */
    id: string;
  }
}

/** The context fields this package adds to Koa's `ctx`. */
export interface ContextLogFields {
  readonly log: Logger;
  readonly id: string;
}

/** @internal A layer of @koa/router as the adapter reads it (the same in @koa/router 12 to 15). */
export interface RouterLayerLike {
  readonly path?: unknown;
  readonly methods?: readonly string[];
}

/** @internal What the adapter reads from a Koa context (the same in Koa 2 and 3). */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly app: { readonly proxy?: boolean };
  readonly originalUrl?: string;
  readonly request: { readonly ips?: readonly string[]; readonly body?: unknown };
  /** @koa/router: the layers whose path matched, in order (route layers and `use()` layers). */
  readonly matched?: readonly RouterLayerLike[];
  /** @koa/router: the path of the layer running now (a `use()` layer's pattern while it runs). */
  readonly _matchedRoute?: unknown;
  log?: Logger;
  id?: string;
}
