// `req.log` and `req.id` as accessors on the app's request prototype, read from the request's
// state, instead of two new properties on every request; `req.route` too, which Express's router
// assigns as it dispatches: the route and the `req.baseUrl` of that moment go to the request's
// state, so the template stays exact after an error leaves a nested router (Express then
// restores an outer `req.baseUrl`), and the request gets no property added for it. Express
// switches `req` to its app's prototype (Object.setPrototypeOf), after which V8 gives each
// request a hidden class of its own: every property added to an Express `req` then copies its
// whole descriptor array (measured: about 1.5 µs per property per request on this kind of
// machine). Express itself defines `req.ip`, `req.path` and friends this way. A mounted sub-app's
// prototype inherits from its parent's, so the accessors reach its handlers too.
import { IncomingMessage } from 'node:http';
import { requestScopeOf } from '@cloudlog/http';

const INSTALLED = Symbol.for('cloudlog.express.request-accessors.v1');

/**
 * Makes `req.log` / `req.id` available on `req`'s prototype; false when that is not possible
 * (no Express prototype, or another library owns those names there): the caller then sets own
 * properties.
 */
let lastProto: object | null = null;

export function ensureRequestAccessors(req: IncomingMessage): boolean {
  // Prototype identity first: a property read on an Express req is slow (a hidden class per request).
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === lastProto && proto !== null) return true;
  if ((req as { [INSTALLED]?: true })[INSTALLED] === true) {
    lastProto = proto;
    return true;
  }
  if (
    proto === null ||
    proto === IncomingMessage.prototype ||
    Object.hasOwn(proto, 'log') ||
    Object.hasOwn(proto, 'id')
  ) {
    return false;
  }
  Object.defineProperties(proto, {
    log: { get: getLog, set: setOwn('log'), configurable: true, enumerable: false },
    id: { get: getId, set: setOwn('id'), configurable: true, enumerable: false },
    [INSTALLED]: { value: true, configurable: true, enumerable: false },
  });
  // Left alone when something else already defines `req.route` there: the template is then
  // read from `req.route` and `req.baseUrl` as they are when the line is written.
  if (!Object.hasOwn(proto, 'route')) {
    Object.defineProperty(proto, 'route', { get: getRoute, set: setRoute, configurable: true, enumerable: false });
  }
  lastProto = proto;
  return true;
}

function getLog(this: IncomingMessage): unknown {
  return requestScopeOf(this)?.log;
}

function getId(this: IncomingMessage): unknown {
  return requestScopeOf(this)?.id;
}

function getRoute(this: IncomingMessage): unknown {
  return requestScopeOf(this)?.frameworkRoute;
}

/** Express's router: `req.route = route`. A request not being logged gets the own property Express meant. */
function setRoute(this: IncomingMessage, value: unknown): void {
  const scope = requestScopeOf(this);
  if (scope === undefined) {
    Object.defineProperty(this, 'route', { value, writable: true, enumerable: true, configurable: true });
    return;
  }
  scope.frameworkRoute = value;
  const base = (this as { baseUrl?: unknown }).baseUrl;
  scope.frameworkRouteBase = typeof base === 'string' ? base : undefined;
}

/** Assigning `req.log = …` (or `req.id`) still works: the value becomes an own property. */
function setOwn(name: 'log' | 'id'): (this: IncomingMessage, value: unknown) => void {
  return function (this: IncomingMessage, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  };
}
