import { loggingMiddleware } from '@cloudlog/express';
import express5 from 'express';
import { expressVersions, quietApp } from '../support/express-apps.js';
import { hostileInputSuite } from '../support/hostile-input-suite.js';
import { serve } from '../support/http-server.js';

for (const [label, express] of expressVersions) {
  hostileInputSuite(`express: hostile input and secrets (${label})`, (options) => {
    const app = quietApp(express);
    app.use(express5.json());
    app.use(loggingMiddleware(options as Parameters<typeof loggingMiddleware>[0]));
    app.use((_req, res) => {
      res.cookie('session', 'SESSION-SECRET').send('ok');
    });
    return serve(app);
  });
}
