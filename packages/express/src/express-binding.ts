import type { ServerResponse } from 'node:http';
import type { FrameworkBinding } from '@cloudlog/http';
import type { ExpressRequestLike } from './express-request.js';

/**
 * What the engine asks of an Express request. The route template is `req.baseUrl +
 * req.route.path`, read when the access line is written (or when `routeLevel()` runs, which is
 * exact even for errors that leave a nested router, since Express restores `req.baseUrl` then).
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
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  let template: string;
  if (typeof path === 'string') template = path;
  else if (path instanceof RegExp) template = String(path);
  else if (Array.isArray(path)) template = path.map(String).join(',');
  else return undefined;
  if (base === '') return template;
  return template === '/' ? base : base + template;
}
