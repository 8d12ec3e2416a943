// @cloudlog/http: request logging for a plain node:http server, no framework.
import http from 'node:http';
import { createLogger } from '@cloudlog/core';
import { createRequestHandler, withRequestLogging } from '@cloudlog/http';

const handle = createRequestHandler({ logger: createLogger(), trustProxy: 'loopback', slowMs: 500 });
http
  .createServer((req, res) =>
    handle(req, res, (scope) => {
      scope?.log.info('handling'); // scope: { id, log, context, … }; undefined if logging could not start
      res.end('hello');
    }),
  )
  .listen(3000);

// Or wrap an existing request listener:
http.createServer(withRequestLogging((_req, res) => res.end('hello'), { slowMs: 500 })).listen(3001);
