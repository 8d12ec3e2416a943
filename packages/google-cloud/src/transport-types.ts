import type { Transport, TransportStats } from '@cloudlog/core';

/** A Cloud Logging transport: write() is synchronous, O(1), never throws. */
export interface GoogleCloudTransport extends Transport, AsyncDisposable {
  /** The mode in use (`auto` resolved at construction). */
  readonly mode: 'api' | 'stdout';
  /** Resolves when everything written before the call is delivered or counted as dropped, or at the deadline. @param timeoutMs @default 10_000 */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes within the deadline, then closes the client if the transport created it. @param timeoutMs @default 10_000 */
  close(timeoutMs?: number): Promise<void>;
  stats(): TransportStats;
  /** `await using transport = googleCloudTransport(...)`: close() with its default deadline. */
  [Symbol.asyncDispose](): Promise<void>;
}
