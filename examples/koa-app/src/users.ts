// A service module: it knows nothing of Koa or requests, yet inside a request its lines carry
// the request's id, trace ids, path and the user assigned after authentication.
import { setTimeout as delay } from 'node:timers/promises';
import { getLogger } from '@cloudlog/core';

const log = getLogger('users');

export interface User {
  readonly id: string;
  readonly name: string;
}

export async function findUser(id: string): Promise<User | undefined> {
  await delay(2); // a database round trip
  if (id === '0') {
    log.info({ lookedUp: id }, 'no such user');
    return undefined;
  }
  log.info({ lookedUp: id }, 'user loaded');
  return { id, name: `user ${id}` };
}
