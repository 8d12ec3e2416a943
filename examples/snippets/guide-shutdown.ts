import type { Server } from 'node:http';
import { cloudWatchTransport } from '@cloudlog/cloudwatch';
import { configure, flushOnExit, getLogger } from '@cloudlog/core';

configure({ transports: [cloudWatchTransport({ logGroupName: '/my-app/web' })] });

/**
 * Either the helper, opt-in: on SIGTERM / SIGINT (and when the event loop drains) it delivers
 * what is buffered within the deadline, then lets the process end as it would have.
 */
export function shutDownWithTheHelper(): void {
  flushOnExit(getLogger(), { timeoutMs: 5_000 });
}

/** Or your own handler: stop taking requests, flush, then exit when you are done. */
export function shutDownYourself(server: Server): void {
  process.on('SIGTERM', () => {
    server.close(async () => {
      await getLogger().close({ timeoutMs: 5_000 }); // flushes, then closes the transports
      process.exit(0);
    });
  });
}
