// Coming from morgan or pino-http: morgan's access lines, a skip predicate, pretty lines to read.
import { configure } from '@cloudlog/core';
import { loggingMiddleware } from '@cloudlog/express';
import express from 'express';

configure({ format: '%(message)s' }); // a text format: each access line is exactly morgan's

const app = express();
app.use(
  loggingMiddleware({
    accessFormat: 'combined', // or 'common', 'dev', 'short', 'tiny'; JSON output keeps every field
    // morgan's skip, pino-http's autoLogging.ignore: called once the request is over (status known).
    // A skipped request still logs its server errors and slow requests, as accessLog: 'off' does.
    skip: (req, res) => req.path === '/health' && res.statusCode < 400,
  }),
);
app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id });
});
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.listen(3000);
// 203.0.113.9 - - [24/Nov/2026:15:08:00 +0000] "GET /users/42 HTTP/1.1" 200 11 "-" "curl/8.5.0"

// Or keep JSON lines (the default) and read them pretty, in a terminal:
//   node app.js | npx cloudlog-pretty --level info
//   node app.js | npx cloudlog-pretty --request-id 6f0c2b1e-…
