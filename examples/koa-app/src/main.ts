// Runs the example: `PORT=3000 node --import tsx examples/koa-app/src/main.ts`, then e.g.
//   curl localhost:3000/users/42   curl -H 'Authorization: Bearer u-7' localhost:3000/me
//   curl localhost:3000/boom       curl --max-time 1 localhost:3000/stream   (an aborted request)
// LOG_FORMAT=pretty for readable lines, LOG_LEVEL to change the threshold.
import { configure, flushOnExit, getLogger, pretty, stream } from '@cloudlog/core';
import { createApp } from './app.js';

configure({
  transports: [
    stream({ destination: process.stdout, format: process.env.LOG_FORMAT === 'pretty' ? pretty() : undefined }),
  ],
});
const logger = getLogger();
flushOnExit(logger);

const port = Number(process.env.PORT ?? 3000);
const app = createApp({ logger });
app.on('error', () => {
  // Errors are on their request's access line already; this keeps Koa from printing them again.
});
const server = app.listen(port, () => {
  logger.info({ port }, 'example Koa app listening on http://localhost:%d', port);
});
process.once('SIGTERM', () => server.close());
