// Opaque `nextToken` paging for the list operations: the token carries the offset of the next page.

import { invalidNextToken } from './service-error.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

export function paginate<T>(items: readonly T[], limit: number, nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  if (start > items.length) throw invalidNextToken();
  const end = Math.min(items.length, start + limit);
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(end) : undefined };
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) throw invalidNextToken();
  return Number(match[1]);
}
