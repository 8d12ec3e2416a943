// `skip`, the same for every framework adapter: what morgan's `skip` and pino-http's
// `autoLogging.ignore` users reach for. Each adapter's test file registers the suite with its
// framework's app builder and its own form of the option (Express `skip(req, res)`, Koa `skip(ctx)`).
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import request from 'supertest';
import { until } from './capture.js';
import { memoryLogger } from './express-apps.js';
import { accessLineFor, accessLines, type Served } from './http-server.js';
import type { ServeRoutes } from './neutral-app.js';

/** What a skip predicate sees of a request, read the framework's way when the request is over. */
export interface SkipView {
  readonly path: string;
  readonly status: number;
  /** The matched route template, as the framework keeps it. */
  readonly route: string | undefined;
}

/** The framework's `skip` option calling `predicate` with what it read. */
export type SkipOption = (predicate: (view: SkipView) => boolean) => Readonly<Record<string, unknown>>;

export function skipSuite(title: string, serveRoutes: ServeRoutes, skipOption: SkipOption): void {
  describe(title, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    function client(): ReturnType<typeof request> {
      return request((served as Served).server);
    }

    it('is called once per request when it is over, with the final status; true drops the line, not the request’s own lines', async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      const seen: [string, number][] = [];
      const skip = skipOption((view) => {
        seen.push([view.path, view.status]);
        return view.route === '/health';
      });
      served = await serveRoutes({ logger, ...skip }, [
        {
          path: '/health',
          handle: ({ log }) => {
            log.info('probe ran');
          },
        },
        { path: '/users/:id', handle: () => ({ status: 201 }) },
      ]);
      // Act
      await client().get('/health');
      await client().get('/users/1');
      const after = await accessLineFor(mem, '/users/1');
      // Assess
      expect(seen).to.deep.equal([
        ['/health', 200],
        ['/users/1', 201],
      ]);
      expect(accessLines(mem)).to.deep.equal([after]);
      expect(mem.records.map((r) => [r.msg, r.path])).to.deep.equal([
        ['probe ran', '/health'],
        [after.msg, '/users/1'],
      ]);
    });

    it("a skipped request still logs its server errors and slow requests, as accessLog: 'off' does", async () => {
      // Prepare
      const { mem, logger } = memoryLogger();
      served = await serveRoutes({ logger, slowMs: 40, ...skipOption(() => true) }, [
        {
          path: '/probe',
          handle: async ({ query }) => {
            if (query.slow) await delay(60);
            if (query.fail) throw new Error('probe failed');
            return { status: query.missing ? 404 : 200 };
          },
        },
      ]);
      // Act
      await client().get('/probe');
      await client().get('/probe?missing=1');
      await client().get('/probe?fail=1');
      await client().get('/probe?slow=1');
      await until(() => accessLines(mem).some((r) => r.slow === true));
      // Assess
      expect(accessLines(mem).map((r) => [r.status, r.level, r.outcome, r.slow])).to.deep.equal([
        [500, 'error', 'errored', undefined],
        [200, 'warn', 'completed', true],
      ]);
    });

    it("morgan's idiom, skip by status: only failed requests are logged", async () => {
      const { mem, logger } = memoryLogger();
      served = await serveRoutes({ logger, ...skipOption((view) => view.status < 400) }, [
        { path: '/answer/:status', handle: ({ params }) => ({ status: Number(params.status) }) },
      ]);
      for (const status of [200, 204, 302, 404, 503]) await client().get(`/answer/${status}`);
      await accessLineFor(mem, '/answer/503');
      expect(accessLines(mem).map((r) => [r.status, r.level])).to.deep.equal([
        [404, 'warn'],
        [503, 'error'],
      ]);
    });

    it('wins over routes rules but only ever removes lines; the rule’s req.log level still applies', async () => {
      // Prepare
      const { mem, logger } = memoryLogger('info');
      served = await serveRoutes(
        {
          logger,
          routes: [
            { match: 'GET /webhooks/:provider', accessLog: 'errors', level: 'debug' },
            { match: 'GET /quiet', accessLog: 'off' },
          ],
          ...skipOption((view) => view.path === '/webhooks/known'),
        },
        [
          {
            path: '/webhooks/:provider',
            handle: ({ log, query }) => {
              log.debug('webhook payload checked');
              return { status: query.status === undefined ? 200 : Number(query.status) };
            },
          },
          { path: '/quiet', handle: ({ query }) => ({ status: query.fail ? 500 : 200 }) },
        ],
      );
      // Act
      await client().get('/webhooks/known?status=404'); // 'errors' would keep it; skip drops it
      await client().get('/webhooks/other?status=404'); // not skipped: the rule keeps the failure
      await client().get('/webhooks/other'); // not skipped: the rule drops the success
      await client().get('/quiet'); // not skipped, and still off
      await client().get('/quiet?fail=1'); // off keeps server errors
      await accessLineFor(mem, '/quiet');
      // Assess
      expect(accessLines(mem).map((r) => [r.path, r.status, r.level])).to.deep.equal([
        ['/webhooks/other', 404, 'warn'],
        ['/quiet', 500, 'error'],
      ]);
      expect(mem.records.filter((r) => r.msg === 'webhook payload checked').map((r) => r.path)).to.deep.equal([
        '/webhooks/known',
        '/webhooks/other',
        '/webhooks/other',
      ]);
    });

    it('a predicate that throws skips nothing: the line is written and the error goes to onError', async () => {
      const { mem, logger } = memoryLogger();
      const failures: Error[] = [];
      served = await serveRoutes(
        {
          logger,
          onError: (error: Error) => failures.push(error),
          ...skipOption(() => {
            throw new Error('skip blew up');
          }),
        },
        [{ path: '/ok' }],
      );
      await client().get('/ok');
      expect(await accessLineFor(mem, '/ok')).to.include({ status: 200, level: 'info' });
      expect(failures.map((e) => e.message)).to.deep.equal(['skip blew up']);
    });

    it('must be a function', () => {
      expect(() => serveRoutes({ skip: '/health' }, [])).to.throw(TypeError, /skip must be a function/);
    });
  });
}
