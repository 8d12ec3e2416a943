import { setTimeout as delay } from 'node:timers/promises';
import {
  configure,
  createLogger,
  currentContext,
  getLogger,
  HTTP_ACCESS,
  httpAccessOf,
  memory,
  runWithContext,
} from '@cloudlog/core';
import { expect } from 'chai';

describe('core: request context', () => {
  it('loggers called inside a context carry its fields; assign() reaches every later line', async () => {
    // Prepare
    const mem = memory();
    configure({ level: 'info', transports: [mem] });
    const requestLog = getLogger().withContext({ requestId: 'r-1' });
    const db = getLogger('db');
    // Act
    await runWithContext(requestLog.context!, async () => {
      db.info('query 1');
      await delay(1);
      requestLog.assign({ userId: 'u-7' });
      db.info('query 2');
      getLogger().assign({ plan: 'pro' });
      requestLog.info('done');
    });
    db.info('outside');
    // Assess
    expect(mem.records.map((r) => [r.msg, r.name, r.requestId, r.userId, r.plan])).to.deep.equal([
      ['query 1', 'db', 'r-1', undefined, undefined],
      ['query 2', 'db', 'r-1', 'u-7', undefined],
      ['done', undefined, 'r-1', 'u-7', 'pro'],
      ['outside', 'db', undefined, undefined, undefined],
    ]);
  });

  it('keeps 200 concurrent contexts apart', async () => {
    // Prepare
    const mem = memory();
    configure({ level: 'info', transports: [mem] });
    const service = getLogger('service');
    // Act
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const log = getLogger().withContext({ requestId: `r${i}` });
        return runWithContext(log.context!, async () => {
          await delay(i % 7);
          log.assign({ userId: `u${i}` });
          await delay(i % 3);
          service.info({ i }, 'work');
        });
      }),
    );
    // Assess
    expect(mem.records).to.have.length(200);
    for (const r of mem.records) {
      expect(r.requestId).to.equal(`r${r.i}`);
      expect(r.userId).to.equal(`u${r.i}`);
    }
  });

  it('a context level turns logging up for loggers that do not set their own', () => {
    // Prepare
    const mem = memory();
    const logger = createLogger({ level: 'info', transports: [mem] });
    const inherits = logger.child({ part: 'inherits' });
    const pinned = logger.child({ part: 'pinned' }, { level: 'warn' });
    const requestLog = logger.withContext({ route: '/payments' }, { level: 'debug' });
    // Act
    runWithContext(requestLog.context!, () => {
      requestLog.debug('request debug');
      inherits.debug('inherits debug');
      pinned.debug('pinned debug');
      pinned.warn('pinned warn');
      expect(inherits.isLevelEnabled('debug')).to.equal(true);
      expect(pinned.isLevelEnabled('debug')).to.equal(false);
    });
    inherits.debug('outside debug');
    // Assess
    expect(mem.records.map((r) => r.msg)).to.deep.equal(['request debug', 'inherits debug', 'pinned warn']);
    expect(mem.records[1]).to.include({ route: '/payments', part: 'inherits' });
  });

  it('a context level can also turn logging down', () => {
    const mem = memory();
    const logger = createLogger({ level: 'debug', transports: [mem] });
    const requestLog = logger.withContext({}, { level: 'warn' });
    runWithContext(requestLog.context!, () => {
      logger.info('quiet route');
      requestLog.info('quiet too');
      logger.warn('still warns');
    });
    expect(mem.records.map((r) => r.msg)).to.deep.equal(['still warns']);
  });

  it('a __proto__ field in a context (or assigned later) stays data and pollutes nothing', () => {
    // Prepare
    const mem = memory();
    const logger = createLogger({ level: 'info', transports: [mem] });
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "requestId": "r-1"}');
    // Act
    const requestLog = logger.withContext(hostile);
    requestLog.assign(JSON.parse('{"__proto__": {"later": true}}'));
    requestLog.info('x');
    // Assess
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(({} as Record<string, unknown>).later).to.equal(undefined);
    expect(mem.lines[0]).to.include('"__proto__":{"later":true}').and.include('"requestId":"r-1"');
    expect(Object.getPrototypeOf(requestLog.context?.values)).to.equal(null);
  });

  it('currentContext() is the active context, undefined outside', () => {
    const log = createLogger({ transports: [] }).withContext({ a: 1 });
    expect(currentContext()).to.equal(undefined);
    runWithContext(log.context!, () => expect(currentContext()).to.equal(log.context));
  });
});

describe('core: structured request facts for transports', () => {
  it('access facts ride on a symbol key: invisible in JSON, readable with httpAccessOf, kept through redaction', () => {
    // Prepare
    const seen: unknown[] = [];
    const mem = memory();
    const logger = createLogger({
      level: 'info',
      redact: ['secret'],
      transports: [mem, { write: (record) => seen.push(httpAccessOf(record)) }],
    });
    const access = {
      method: 'GET',
      url: '/a?b=1',
      path: '/a',
      outcome: 'completed',
      status: 200,
      durationMs: 3,
    } as const;
    // Act
    logger.info({ [HTTP_ACCESS]: access, secret: 's', status: 200 }, 'GET /a 200');
    logger.info('plain line');
    // Assess
    expect(seen).to.deep.equal([access, undefined]);
    expect(mem.lines[0]).not.to.include('durationMs');
    expect(mem.records[0]).to.include({ secret: '[Redacted]', status: 200 });
  });

  it('a context carries trace identifiers for transports', () => {
    const contexts: unknown[] = [];
    const logger = createLogger({
      level: 'info',
      transports: [{ write: (record) => contexts.push(record.context?.trace) }],
    });
    const requestLog = logger.withContext({ requestId: 'r' });
    requestLog.context!.trace = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true };
    requestLog.info('x');
    runWithContext(requestLog.context!, () => logger.info('y'));
    expect(contexts).to.deep.equal([
      { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true },
      { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), sampled: true },
    ]);
  });
});
