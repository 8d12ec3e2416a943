import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAccess } from '@cloudlog/core';
import { createRequestLogging, type HttpLoggingOptions, type RequestScope, requestScopeOf } from '@cloudlog/http';
import type { Middleware, ParameterizedContext } from 'koa';
import { prepareApp, recordFailure } from './koa-app.js';
import { koaBinding } from './koa-binding.js';
import type { KoaContextLike } from './koa-context.js';

/**
 * Options of `loggingMiddleware()`: those of the engine (`@cloudlog/http`), with Koa's `ctx` in
 * `customFields` and `message`. The client address is Koa's (`app.proxy`, `app.proxyIpHeader`,
 * `app.maxIpsCount`), so there is no `trustProxy` option here.
 */
export interface KoaLoggingOptions
  extends Omit<HttpLoggingOptions, 'trustProxy' | 'customFields' | 'message' | 'skip'> {
  /** Extra fields for the access line, computed from `ctx` when it is written. @default undefined */
  readonly customFields?: (ctx: ParameterizedContext) => Readonly<Record<string, unknown>> | undefined;
  /** Message of the access line: fixed text, or built from the access facts and `ctx`. @default e.g. 'GET /users/:id 200 12ms' */
  readonly message?: string | ((access: HttpAccess, ctx: ParameterizedContext) => string);
  /**
   * Called once per request when it is over (`ctx.status` is final): true leaves the access line
   * out, as a route whose `accessLog` is 'off' would, so server errors and slow requests are still
   * logged. It wins over `routes` rules and `routeLevel()`; `ctx.log` is not affected. @default undefined
   */
  readonly skip?: (ctx: ParameterizedContext) => boolean;
}

/** A Koa middleware (assignable to Koa 2 and 3 `Middleware`, and to @koa/router route handlers). */
export type KoaMiddleware = Middleware;

/**
 * Request logging for Koa 2 and 3: `app.use(loggingMiddleware())`, first, so it is the outermost
 * middleware. Each request gets `ctx.log` and `ctx.id`, runs in its own logging context (so
 * `getLogger()` below a handler carries its fields), and produces exactly one access line, when
 * the response has been sent (a stream body to its end) or the connection closed. An error
 * thrown below is recorded for that line and thrown on, so Koa's error handling and
 * `app.on('error')` still run; the line then has the status Koa sends. Options are validated
 * here: a mistake is a TypeError. Mounted twice, a request is still logged once.
 */
export function loggingMiddleware(options?: KoaLoggingOptions): KoaMiddleware {
  const engine = createRequestLogging(engineOptions(options), koaBinding);
  // The app this middleware last served, and whether it is that app's outermost middleware.
  let knownApp: unknown;
  let outermost = false;
  const cloudlogLogging: KoaMiddleware = (ctx, next) => {
    const scope = engine.begin(ctx.req, ctx.res, ctx as KoaContextLike);
    if (scope === undefined) {
      // Already logged (mounted twice, or by a parent app), or logging could not start.
      if (ctx.log === undefined) {
        const outer = requestScopeOf(ctx.req);
        ctx.log = outer?.log ?? engine.logger;
        if (outer !== undefined) ctx.id = outer.id;
      }
      return next();
    }
    ctx.log = scope.log;
    ctx.id = scope.id;
    const app = ctx.app;
    if (app !== knownApp) {
      outermost = prepareApp(app, cloudlogLogging);
      knownApp = app;
    }
    let downstream: Promise<unknown>;
    try {
      downstream = scope.run(next);
    } catch (error) {
      return Promise.reject(failed(scope, error));
    }
    // Outermost, the middleware needs no promise of its own (each one costs a hook while
    // AsyncLocalStorage is in use): every error from below reaches Koa's ctx.onerror, which
    // reports it through the app's 'error' event, and Koa reads ctx.respond when it starts
    // responding (see prepareApp). Below another middleware, that one may handle an error
    // without reporting it: the chain's outcome is watched here.
    if (outermost) return downstream;
    return downstream.then(
      () => scope.responseStarts(),
      (error: unknown) => {
        throw failed(scope, error);
      },
    );
  };
  return cloudlogLogging;
}

/** Records an error thrown below for the access line (Koa then sends its status) and returns it to rethrow. */
function failed(scope: RequestScope, error: unknown): unknown {
  recordFailure(scope, error, true);
  return error;
}

/** Koa's callbacks take `ctx`: the engine hands it over as its framework context. */
function engineOptions(options: KoaLoggingOptions | undefined): KoaEngineOptions | undefined {
  if (typeof options !== 'object' || options === null) return options;
  const { customFields, message, skip } = options;
  if (typeof customFields !== 'function' && typeof message !== 'function' && typeof skip !== 'function') {
    return options as KoaEngineOptions;
  }
  return {
    ...options,
    customFields:
      typeof customFields === 'function'
        ? (_req, _res, ctx) => customFields(ctx as unknown as ParameterizedContext)
        : (customFields as undefined),
    message:
      typeof message === 'function'
        ? (access, _req, _res, ctx) => message(access, ctx as unknown as ParameterizedContext)
        : message,
    skip: typeof skip === 'function' ? (_req, _res, ctx) => skip(ctx as unknown as ParameterizedContext) : skip,
  };
}

type KoaEngineOptions = HttpLoggingOptions<IncomingMessage, ServerResponse, KoaContextLike | undefined>;
