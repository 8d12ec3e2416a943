import { randomUUID } from 'node:crypto';

/** An incoming request id is reused only when it is this short and this plain. */
export const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The incoming request id, when it is safe to reuse: 1 to 128 characters of `[A-Za-z0-9._:-]`.
 * Anything else (too long, CR/LF, quotes, non-ASCII, a repeated header joined with `, `) is
 * dropped, never logged, so a client cannot forge or corrupt log lines through it.
 */
export function requestIdFrom(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 && SAFE_REQUEST_ID.test(value) ? value : undefined;
}

/** A fresh request id: a random UUID (Node batches the entropy, so this costs well under a microsecond). */
export function generateRequestId(): string {
  return randomUUID();
}
