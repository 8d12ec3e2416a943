import { loggingMiddleware } from '@cloudlog/koa';
import type Koa from 'koa';
import { hostileInputSuite } from '../support/hostile-input-suite.js';
import { serve } from '../support/http-server.js';
import { koaVersions, quietKoa } from '../support/koa-apps.js';

/** What koa-bodyparser and @koa/bodyparser do: the parsed body on ctx.request.body. */
const jsonBody: Koa.Middleware = async (ctx, next) => {
  if (ctx.is('application/json')) {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    (ctx.request as { body?: unknown }).body = JSON.parse(text);
  }
  await next();
};

for (const [label, Koa] of koaVersions) {
  hostileInputSuite(`koa: hostile input and secrets (${label})`, (options) => {
    const app = quietKoa(Koa);
    app.use(loggingMiddleware(options as Parameters<typeof loggingMiddleware>[0]));
    app.use(jsonBody);
    app.use((ctx) => {
      ctx.cookies.set('session', 'SESSION-SECRET');
      ctx.body = 'ok';
    });
    return serve(app.callback());
  });
}
