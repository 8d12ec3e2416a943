// node --import tsx examples/express-app/src/main.ts   (PORT, LOG_LEVEL from the environment)
import { configure, flushOnExit, getLogger } from '@cloudlog/core';
import { createApp } from './app.js';

configure({}); // JSON lines on stdout, at LOG_LEVEL (default info)
flushOnExit(getLogger());

const port = Number(process.env.PORT ?? 3000);
const server = createApp().listen(port, () => {
  getLogger('example').info({ port }, 'listening on http://localhost:%d', port);
});
process.on('SIGTERM', () => server.close());
