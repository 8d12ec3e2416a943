import type { ServerResponse } from 'node:http';
import { type FrameworkBinding, requestScopeOf } from '@cloudlog/http';
import type { ExpressRequestLike } from './express-request.js';

/**
 * What the engine asks of an Express request. The route template is `req.baseUrl +
 * req.route.path`, with the `req.baseUrl` of the moment Express's router set `req.route` (kept in
 * the request's state by the `req.route` accessor of request-accessors.ts): exact even when an
 * error leaves a nested router, after which Express restores an outer `req.baseUrl`.
 */
export const expressBinding: FrameworkBinding<ExpressRequestLike, ServerResponse> = {
  originalUrl: (req) => req.originalUrl,
  route: routeTemplateOf,
  // Express's own answer under the app's `trust proxy` setting, which only ever looks at
  // X-Forwarded-For: without that header it is the socket's peer (and req.ip is not cheap).
  remoteIp: (req, peer, headers) => (headers['x-forwarded-for'] === undefined ? peer : req.ip),
  body: (req) => req.body,
  rejectOptions: { trustProxy: "Express decides the client address: use app.set('trust proxy', …)" },
};

export function routeTemplateOf(req: ExpressRequestLike): string | undefined {
  const route = req.route;
  if (route === undefined || route === null) return undefined;
  const path = route.path;
  const scope = requestScopeOf(req);
  // The base recorded with this very route, unless `req.route` is an own property (set by other
  // code, or on an app whose prototype has no accessor): then the current `req.baseUrl`.
  const recorded = scope !== undefined && scope.frameworkRoute === route;
  const baseUrl = recorded ? scope.frameworkRouteBase : req.baseUrl;
  const base = typeof baseUrl === 'string' ? baseUrl : '';
  let template: string;
  if (typeof path === 'string') template = path;
  else if (path instanceof RegExp) template = String(path);
  else if (Array.isArray(path)) template = path.map(String).join(',');
  else return undefined;
  if (base === '') return template;
  return template === '/' ? base : base + template;
}
