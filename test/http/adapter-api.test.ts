// The engine as a framework adapter (such as @cloudlog/koa) uses it: begin() with the framework's
// own per-request object, run() around the rest of the chain, then the scope's hooks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger, getLogger, memory } from '@cloudlog/core';
import { compileRouteOverride, createRequestLogging, requestScopeOf } from '@cloudlog/http';
import { expect } from 'chai';
import { accessLineFor, type Served, serve } from '../support/http-server.js';

interface FakeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  matchedRoute?: string;
  readonly ip: string;
  readonly body: unknown;
  readonly tenant: string;
}

describe('http: the engine API for framework adapters', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('reads route, client address and body from the framework object, lazily, when the line is written', async () => {
    // Prepare
    const mem = memory();
    const engine = createRequestLogging<IncomingMessage, ServerResponse, FakeContext>(
      {
        logger: createLogger({ level: 'trace', transports: [mem] }),
        body: true,
        customFields: (_req, _res, ctx) => ({ tenant: ctx.tenant }),
        message: (access, _req, _res, ctx) => `${access.method} ${access.route} for ${ctx.tenant}`,
      },
      {
        route: (_req, _res, ctx) => ctx.matchedRoute,
        remoteIp: (_req, _peer, _headers, ctx) => ctx.ip,
        body: (_req, ctx) => ctx.body,
      },
    );
    served = await serve((req, res) => {
      const ctx: FakeContext = { req, res, ip: '198.51.100.2', body: { qty: 2 }, tenant: 'acme' };
      const scope = engine.begin(req, res, ctx);
      scope?.run(async () => {
        getLogger('items').info('inside');
        ctx.matchedRoute = '/items/:id'; // known only after routing
        setImmediate(() => res.end('ok'));
      });
      scope?.observeResponse();
    });
    // Act
    await (await fetch(`${served.url}/items/7`)).text();
    const line = await accessLineFor(mem, '/items/7');
    // Assess
    expect(line).to.include({
      route: '/items/:id',
      remoteIp: '198.51.100.2',
      tenant: 'acme',
      msg: 'GET /items/:id for acme',
    });
    expect(line.body).to.deep.equal({ qty: 2 });
    expect(line.ttfbMs).to.be.a('number');
  });

  it('scope hooks: setRoute (first wins), recordError (first wins), applyOverride, requestScopeOf', async () => {
    // Prepare
    const mem = memory();
    const engine = createRequestLogging({ logger: createLogger({ level: 'info', transports: [mem] }) });
    const debug = compileRouteOverride({ level: 'debug', accessLog: 'warn' });
    served = await serve((req, res) => {
      const scope = engine.begin(req, res);
      expect(engine.begin(req, res)).to.equal(undefined); // a second begin: already logged
      expect(requestScopeOf(req)).to.equal(scope);
      scope?.setRoute('/jobs/:id');
      scope?.setRoute('/ignored');
      scope?.recordError(new Error('first'));
      scope?.recordError(new Error('second'));
      scope?.applyOverride(debug);
      scope?.log.debug('now visible');
      res.statusCode = 400;
      res.end();
    });
    // Act
    await (await fetch(`${served.url}/jobs/1`)).text();
    const line = await accessLineFor(mem, '/jobs/1');
    // Assess
    expect(line).to.include({ route: '/jobs/:id', status: 400, level: 'warn', outcome: 'completed' });
    expect(line.err).to.include({ message: 'first' });
    expect(mem.records[0]).to.include({ msg: 'now visible', level: 'debug', requestId: line.requestId });
  });
});
