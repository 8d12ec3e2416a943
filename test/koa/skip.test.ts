import type { ParameterizedContext } from 'koa';
import { koaRoutes, koaVersions } from '../support/koa-apps.js';
import { skipSuite } from '../support/skip-suite.js';

for (const [label, Koa] of koaVersions) {
  skipSuite(`koa: skip(ctx) (${label})`, koaRoutes(Koa), (predicate) => ({
    skip: (ctx: ParameterizedContext) =>
      predicate({ path: ctx.path, status: ctx.status, route: (ctx as { _matchedRoute?: string })._matchedRoute }),
  }));
}
