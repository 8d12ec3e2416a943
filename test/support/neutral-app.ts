// Apps described in a neutral form, for suites that run the same scenario on every framework
// adapter: a middleware option set, GET routes (some on nested routers) and what each answers.
// test/support/express-apps.ts and koa-apps.ts build them with Express and @koa/router.
import type { LevelInput, Logger } from '@cloudlog/core';
import type { RouteOverride } from '@cloudlog/http';
import type { Served } from './http-server.js';

/** What a neutral handler is given: the request logger, the query and the route parameters. */
export interface RouteRequest {
  readonly log: Logger;
  /** The request id (`req.id` / `ctx.id`). */
  readonly id: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, string>>;
}

/** A GET route: `handle` returns (or resolves to) `{ status?, body? }` (200, empty by default); a throw is an error. */
export interface RouteSpec {
  /** The route's path, relative to `mount`: `/:id`. */
  readonly path: string;
  /** Served by a router mounted (nested) here: `/api/users`. */
  readonly mount?: string;
  /** `routeLevel(override)` on the route, before the handler. */
  readonly override?: LevelInput | RouteOverride;
  readonly handle?: (r: RouteRequest) => unknown;
}

/**
 * Serves an app with `loggingMiddleware(options)`, then `before` as a middleware of its own (if
 * given), then `routes`; errors give a 500 and reach the access line.
 */
export type ServeRoutes = (
  options: Readonly<Record<string, unknown>>,
  routes: readonly RouteSpec[],
  before?: (r: RouteRequest) => void,
) => Promise<Served>;

/** The response a neutral handler asked for. */
export function answerOf(result: unknown): { status: number; body: unknown } {
  const answer = (result ?? {}) as { status?: number; body?: unknown };
  return { status: answer.status ?? 200, body: answer.body ?? '' };
}
