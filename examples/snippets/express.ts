// @cloudlog/express: one access line per request, req.log, per-route levels, the real error.
import { configure } from '@cloudlog/core';
import { errorLogger, loggingMiddleware, routeLevel } from '@cloudlog/express';
import express from 'express';

configure({ level: 'info' }); // JSON lines on stdout; or transports for CloudWatch / Cloud Logging

const app = express();
app.use(
  loggingMiddleware({
    slowMs: 1000,
    routes: [
      { match: 'GET,HEAD /health', accessLog: 'off' }, // no line unless it fails or is slow
      { match: '/admin/*', level: 'debug' }, // req.log at debug on admin pages
    ],
  }),
);
app.use((req, _res, next) => {
  req.log.assign({ userId: 'u-42' }); // after auth: on every later line and on the access line
  next();
});
app.get('/users/:id', (req, res) => {
  req.log.info('loading user'); // carries requestId, traceId, method, path, userId
  res.json({ id: req.params.id, requestId: req.id });
});
app.post('/payments', routeLevel('debug'), (req, res) => {
  req.log.debug('charging'); // logged: this route's threshold is debug
  res.status(201).end();
});
app.get('/health', (_req, res) => {
  res.send('ok');
});
app.use(errorLogger()); // records the real error on the access line, then calls next(err)
app.listen(3000);
