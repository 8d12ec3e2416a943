import { loggingMiddleware, routeLevel } from '@cloudlog/express';
import express from 'express';

const app = express();
app.use(
  loggingMiddleware({
    routes: [
      // Health checks: no access line, except when they fail or are slow.
      { match: 'GET /health', accessLog: 'off' },
      // Admin pages: req.log (and getLogger() below the handlers) at debug.
      { match: '/admin/*', level: 'debug' },
      // Static assets: keep one access line in a hundred; errors are always kept.
      { match: 'GET /assets/*', sampleRate: 0.01 },
      // Webhooks: access lines only for failures, at error.
      { match: 'POST /webhooks/:provider', accessLog: 'errors' },
    ],
  }),
);
// The same, placed on one route (it wins over the rules):
app.post('/payments', routeLevel('debug'), (req, res) => {
  req.log.debug('visible: this route logs at debug');
  res.status(201).end();
});
