import type { Middleware } from 'koa';

/** What the fake authentication leaves on `ctx.state`. */
export interface AuthState {
  userId?: string;
}

/**
 * A stand-in for real authentication: `Authorization: Bearer <user id>` signs the user in. The
 * user id arrives after the request started, so it is added with `ctx.log.assign()`: every
 * later line of the request, getLogger() lines and the access line carry it.
 */
export function fakeAuth(): Middleware<AuthState> {
  return async (ctx, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{1,64})$/.exec(ctx.get('authorization'));
    if (match?.[1] !== undefined) {
      ctx.state.userId = match[1];
      ctx.log.assign({ userId: match[1] });
    }
    await next();
  };
}
