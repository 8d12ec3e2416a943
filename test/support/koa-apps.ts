// Koa 2 and 3, for tests that run against both. Koa 2's constructor is typed as Koa 3's so the
// same test code compiles; test/koa/types.test.ts checks both typings for real.
import Router from '@koa/router';
import Koa from 'koa';
import Koa2 from 'koa2';

export type KoaFactory = typeof Koa;

export const koaVersions: readonly (readonly [string, KoaFactory])[] = [
  ['koa 2', Koa2 as unknown as KoaFactory],
  ['koa 3', Koa],
];

/** An app whose default error listener does not print stacks to the test output. */
export function quietKoa(K: KoaFactory, options?: { proxy?: boolean }): Koa {
  const app: Koa = new K(options);
  (app as { silent?: boolean }).silent = true;
  return app;
}

export { Router };
