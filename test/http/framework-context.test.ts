import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequestLogging } from '@cloudlog/http';
import { expect } from 'chai';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';

/** What an adapter such as Koa's keeps per request: its own context object, not fields on req. */
interface FrameworkContext {
  readonly originalUrl: string;
  template?: string;
  readonly client: string;
  readonly parsed: unknown;
  readonly tenant: string;
}

describe('http: the framework context handed to begin()', () => {
  let served: Served | undefined;
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  it('reaches every binding hook, customFields and message, read when the line is written', async () => {
    // Prepare
    const { mem, logger } = memoryLogger();
    const seen: unknown[] = [];
    const ctxOf = (value: unknown): FrameworkContext => {
      seen.push(value);
      return value as FrameworkContext;
    };
    const engine = createRequestLogging(
      {
        logger,
        body: true,
        customFields: (_req: IncomingMessage, _res: ServerResponse, fc?: unknown) => ({ tenant: ctxOf(fc).tenant }),
        message: (access, _req, _res, fc?: unknown) => `${access.route} for ${ctxOf(fc).tenant}`,
      },
      {
        originalUrl: (_req, fc) => ctxOf(fc).originalUrl,
        route: (_req, _res, fc) => ctxOf(fc).template,
        remoteIp: (_req, _peer, _headers, fc) => ctxOf(fc).client,
        body: (_req, fc) => ctxOf(fc).parsed,
      },
    );
    served = await serve((req, res) => {
      const fc: FrameworkContext = {
        originalUrl: '/api/items/7',
        client: '203.0.113.9',
        parsed: { n: 1 },
        tenant: 'acme',
      };
      engine.begin(req, res, fc);
      // The template is known only later, as a router sets it on its own context object.
      setImmediate(() => {
        fc.template = '/api/items/:id';
        res.end('ok');
      });
    });
    // Act
    await (await fetch(`${served.url}/items/7`)).text();
    const line = await accessLineFor(mem, '/api/items/7');
    // Assess
    expect(line).to.include({
      route: '/api/items/:id',
      remoteIp: '203.0.113.9',
      tenant: 'acme',
      msg: '/api/items/:id for acme',
    });
    expect(line.body).to.deep.equal({ n: 1 });
    expect(seen).to.have.length(6);
  });
});
