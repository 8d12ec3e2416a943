// A service module: it knows nothing about HTTP, yet inside a request its lines carry the
// request's id, trace ids, method, path and user (the request context travels with
// AsyncLocalStorage), and they follow the route's level.
import { setTimeout as delay } from 'node:timers/promises';
import { getLogger } from '@cloudlog/core';

const log = getLogger('users-service');

export interface User {
  readonly id: string;
  readonly name: string;
}

const users = new Map<string, User>([
  ['1', { id: '1', name: 'Ada' }],
  ['2', { id: '2', name: 'Grace' }],
]);

export async function findUser(id: string): Promise<User | undefined> {
  log.debug({ userId: id }, 'looking up user');
  await delay(2); // a database round trip
  const user = users.get(id);
  if (user === undefined) log.info({ userId: id }, 'no such user');
  return user;
}
