import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrameworkBinding } from '@cloudlog/http';
import type { KoaContextLike } from './koa-context.js';

/**
 * What the engine asks of a Koa request, read from the request's `ctx` (the engine's framework
 * context) when the access line is written: the route template @koa/router matched, the client
 * address under `app.proxy`, the body a body parser left on `ctx.request.body`.
 */
export const koaBinding: FrameworkBinding<IncomingMessage, ServerResponse, KoaContextLike | undefined> = {
  // ctx.originalUrl is req.url before koa-mount or a rewrite changed it.
  originalUrl: (_req, ctx) => ctx?.originalUrl,
  route: (_req, _res, ctx) => (ctx === undefined ? undefined : routeTemplateOf(ctx)),
  remoteIp: (_req, peer, _headers, ctx) => clientAddressOf(ctx, peer),
  body: (req, ctx) => ctx?.request.body ?? (req as { body?: unknown }).body,
  rejectOptions: {
    trustProxy: 'Koa decides the client address: set app.proxy = true (and app.proxyIpHeader, app.maxIpsCount)',
  },
};

/**
 * The route template @koa/router matched: the path of the last matched layer that serves the
 * request's method, as the router itself picks it for `ctx._matchedRoute`. Read from
 * `ctx.matched` rather than `ctx._matchedRoute`, which holds a `router.use()` layer's pattern
 * (`/api(?:\/|$)`) when a router middleware throws before the route runs.
 */
export function routeTemplateOf(ctx: KoaContextLike): string | undefined {
  const matched = ctx.matched;
  if (!Array.isArray(matched)) return templateOf(ctx._matchedRoute);
  const method = ctx.req.method;
  for (let i = matched.length - 1; i >= 0; i--) {
    const layer = matched[i];
    const methods = layer?.methods;
    // use() layers have no methods; a route layer for GET also lists HEAD.
    if (Array.isArray(methods) && methods.length > 0 && method !== undefined && methods.includes(method)) {
      return templateOf(layer?.path);
    }
  }
  return undefined;
}

function templateOf(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  return path instanceof RegExp ? String(path) : undefined;
}

/**
 * Koa's own answer: the left-most `app.proxyIpHeader` address when `app.proxy` is set (within
 * `app.maxIpsCount`), else the socket's peer, read when the request started (the socket may be
 * gone by now). `ctx.request.ips` is read rather than `ctx.ip`, which caches itself on the request.
 */
function clientAddressOf(ctx: KoaContextLike | undefined, peer: string | undefined): string | undefined {
  if (ctx === undefined || !ctx.app.proxy) return peer;
  const ips = ctx.request.ips;
  return (ips !== undefined && ips.length > 0 ? ips[0] : undefined) || peer;
}
