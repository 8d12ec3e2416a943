import { expect } from 'chai';
import { capture } from '../support/capture.js';
import type { Loose } from '../support/loose.js';

describe('core: call forms', () => {
  it('(msg) logs the message as it is', () => {
    const { logger, records } = capture();
    logger.info('hello %s');
    expect(records()[0]).to.include({ level: 'info', msg: 'hello %s' });
  });

  it('(msg, ...args) interpolates %s %d %i %f %j %o %O %% and appends leftovers', () => {
    // Prepare
    const { logger, records } = capture();
    // Act
    logger.info(
      's=%s d=%d i=%i f=%f j=%j o=%o O=%O pct=%%',
      'str',
      '42',
      '7.9',
      '1.5',
      { a: 1 },
      [1],
      { b: 2 },
      'extra',
      3,
    );
    logger.info('%d and %s', 12n, Symbol('sym'));
    logger.info('missing %s %s', 'one');
    logger.info('%c styled', 'color: red');
    // Assess
    const msgs = records().map((r) => r.msg);
    expect(msgs[0]).to.equal('s=str d=42 i=7 f=1.5 j={"a":1} o=[1] O={"b":2} pct=% extra 3');
    expect(msgs[1]).to.equal('12n and Symbol(sym)');
    expect(msgs[2]).to.equal('missing one %s');
    expect(msgs[3]).to.equal(' styled');
  });

  it('(fields, msg?) puts the fields on the line after level, time, name and msg', () => {
    // Prepare
    const { logger, lines } = capture({ name: 'svc' });
    // Act
    logger.warn({ userId: 'u1', n: 3 }, 'user %s', 'did it');
    logger.info({ only: true });
    // Assess
    expect(lines[0]).to.match(
      /^\{"level":"warn","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","name":"svc","msg":"user did it","userId":"u1","n":3\}\n$/,
    );
    expect(JSON.parse(lines[1] as string)).to.include({ msg: '', only: true });
  });

  it('(err, msg?) serializes type, message, stack, own fields, cause chain and AggregateError errors', () => {
    // Prepare
    const { logger, records } = capture();
    const root = new RangeError('disk gone');
    const err = Object.assign(new Error('write failed', { cause: root }), { code: 'EIO', attempt: 2 });
    const agg = new AggregateError([new Error('a'), new TypeError('b')], 'several');
    // Act
    logger.error(err);
    logger.error(err, 'custom %s', 'message');
    logger.error(agg);
    // Assess
    const [first, second, third] = records() as Array<Record<string, Loose>>;
    expect(first?.msg).to.equal('write failed');
    expect(first?.err).to.include({ type: 'Error', message: 'write failed', code: 'EIO', attempt: 2 });
    expect(first?.err.stack).to.match(/^Error: write failed\n\s+at /);
    expect(first?.err.cause).to.include({ type: 'RangeError', message: 'disk gone' });
    expect(second?.msg).to.equal('custom message');
    expect(third?.err.type).to.equal('AggregateError');
    expect(third?.err.errors.map((e: { type: string; message: string }) => `${e.type}:${e.message}`)).to.deep.equal([
      'Error:a',
      'TypeError:b',
    ]);
  });

  it('uses the class name of a custom error and the message of an err field', () => {
    class PaymentError extends Error {}
    const { logger, records } = capture();
    logger.error({ err: new PaymentError('declined'), orderId: 7 });
    const [record] = records() as Array<Record<string, Loose>>;
    expect(record?.msg).to.equal('declined');
    expect(record?.err.type).to.equal('PaymentError');
    expect(record?.orderId).to.equal(7);
  });

  it('survives odd first arguments without throwing', () => {
    // Prepare
    const { logger, records } = capture();
    // Act
    const calls = [
      () => (logger.info as (...a: unknown[]) => void)(),
      () => (logger.info as (...a: unknown[]) => void)(42, 'x'),
      () => (logger.info as (...a: unknown[]) => void)(null),
      () => (logger.info as (...a: unknown[]) => void)(undefined, 'y'),
      () => (logger.info as (...a: unknown[]) => void)(Symbol('s')),
    ];
    // Assess
    for (const call of calls) expect(call).not.to.throw();
    expect(records().map((r) => r.msg)).to.deep.equal(['undefined', '42 x', 'null', 'undefined y', 'Symbol(s)']);
  });

  it('child loggers carry their bindings, serialized once, and can have their own level', () => {
    // Prepare
    const { logger, records } = capture({ level: 'info', bindings: { app: 'shop' } });
    const bindings = { requestId: 'r-1', region: 'eu' };
    const child = logger.child(bindings, { level: 'debug' });
    const grandchild = child.child({ step: 'pay', region: 'us' });
    // Act
    bindings.requestId = 'mutated later';
    child.debug('from child');
    grandchild.info('from grandchild');
    logger.debug('parent still at info');
    // Assess
    const out = records();
    expect(out).to.have.length(2);
    expect(out[0]).to.deep.include({ msg: 'from child', app: 'shop', requestId: 'r-1', region: 'eu' });
    expect(out[1]).to.deep.include({ msg: 'from grandchild', requestId: 'r-1', step: 'pay', region: 'us' });
    expect(Object.keys(out[1] as object).filter((k) => k === 'region')).to.have.length(1);
    expect(child.level).to.equal('debug');
    expect(logger.level).to.equal('info');
  });

  it('a child without its own level follows its parent at run time', () => {
    const { logger, records } = capture({ level: 'info' });
    const child = logger.child({ c: 1 });
    child.debug('hidden');
    logger.level = 'debug';
    child.debug('shown');
    expect(records().map((r) => r.msg)).to.deep.equal(['shown']);
    expect(child.level).to.equal('debug');
  });

  it('child() rejects bindings that are not an object', () => {
    const { logger } = capture();
    expect(() => logger.child(null as never)).to.throw(TypeError, /child\(bindings\)/);
    expect(() => logger.child('x' as never)).to.throw(TypeError);
  });

  it('assign() outside a request adds to the logger’s own bindings', () => {
    const { logger, records } = capture();
    logger.assign({ deployment: 'blue' });
    logger.info('x');
    expect(records()[0]).to.include({ deployment: 'blue' });
  });
});
