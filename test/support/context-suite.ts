// The request context, the same for every framework adapter: fields assigned after auth reach
// every later line, getLogger() lines below the handler and the access line; 200 concurrent
// requests never mix; the default logger is the root one. Apps in the neutral form of
// neutral-app.ts, built by each adapter's test file.
import { setTimeout as delay } from 'node:timers/promises';
import { configure, getLogger, memory } from '@cloudlog/core';
import { expect } from 'chai';
import request from 'supertest';
import { accessLineFor, accessLines, type Served } from './http-server.js';
import type { ServeRoutes } from './neutral-app.js';

/** A service module: it knows nothing of requests, yet its lines carry the request's fields. */
async function loadOrders(userId: string): Promise<number> {
  await delay(1);
  getLogger('orders').info({ userId }, 'orders loaded');
  return 3;
}

export function requestContextSuite(title: string, serveRoutes: ServeRoutes): void {
  describe(title, () => {
    let served: Served | undefined;
    afterEach(async () => {
      await served?.close();
      served = undefined;
    });

    it('log.assign() after auth reaches every later line, getLogger() lines and the access line', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      served = await serveRoutes(
        {},
        [
          {
            path: '/orders',
            handle: async ({ log }) => {
              const count = await loadOrders('u-7');
              log.info('handled');
              return { body: { count } };
            },
          },
        ],
        ({ log }) => {
          log.info('before auth');
          log.assign({ userId: 'u-7' });
        },
      );
      // Act
      const res = await request(served.server).get('/orders');
      const line = await accessLineFor(mem, '/orders');
      // Assess
      expect(res.body).to.deep.equal({ count: 3 });
      const rows = mem.records.map((r) => [r.msg, r.name, r.userId, r.requestId === res.headers['x-request-id']]);
      expect(rows).to.deep.equal([
        ['before auth', undefined, undefined, true],
        ['orders loaded', 'orders', 'u-7', true],
        ['handled', undefined, 'u-7', true],
        [line.msg, undefined, 'u-7', true],
      ]);
    });

    it('200 concurrent requests: each line carries only its own request id, user and path', async () => {
      // Prepare
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      served = await serveRoutes({}, [
        {
          path: '/work/:n',
          handle: async ({ log, id, params }) => {
            const n = Number(params.n);
            await delay(n % 7);
            log.assign({ userId: `u${n}` });
            await delay(n % 5);
            getLogger('worker').info({ n }, 'working');
            await delay(n % 3);
            return { body: { id } };
          },
        },
      ]);
      // Act
      const ids = await Promise.all(
        Array.from({ length: 200 }, async (_, n) => {
          const res = await fetch(`${(served as Served).url}/work/${n}`, { headers: { 'x-request-id': `req-${n}` } });
          return ((await res.json()) as { id: string }).id;
        }),
      );
      await mem.waitFor(() => accessLines(mem).length === 200);
      // Assess
      expect(ids).to.deep.equal(Array.from({ length: 200 }, (_, n) => `req-${n}`));
      const working = mem.records.filter((r) => r.msg === 'working');
      expect(working).to.have.length(200);
      for (const r of working)
        expect([r.requestId, r.userId, r.path]).to.deep.equal([`req-${r.n}`, `u${r.n}`, `/work/${r.n}`]);
      for (const r of accessLines(mem)) {
        const n = Number(String(r.path).split('/')[2]);
        expect([r.requestId, r.userId, r.route]).to.deep.equal([`req-${n}`, `u${n}`, '/work/:n']);
      }
    });

    it('logs through getLogger() by default, following a later configure()', async () => {
      served = await serveRoutes({}, [{ path: '/configured' }]);
      const mem = memory();
      configure({ level: 'info', transports: [mem] });
      await request(served.server).get('/configured');
      expect((await accessLineFor(mem, '/configured')).level).to.equal('info');
    });
  });
}
