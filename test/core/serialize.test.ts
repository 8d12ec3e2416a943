import { fieldsJson, quote, stringify } from '@cloudlog/core';
import { expect } from 'chai';
import { capture } from '../support/capture.js';
import type { Loose } from '../support/loose.js';

/** Logs `fields` and returns the parsed line, asserting that it is valid JSON. */
function logged(fields: object): Record<string, unknown> {
  const { logger, lines } = capture();
  logger.info(fields, 'm');
  expect(lines).to.have.length(1);
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

describe('core: safe serialization', () => {
  it('renders circular references as [Circular], keeping shared non-circular ones', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const shared = { x: 1 };
    const out = logged({ a, left: shared, right: shared, list: [a] });
    expect(out.a).to.deep.equal({ name: 'a', self: '[Circular]' });
    expect(out.left).to.deep.equal({ x: 1 });
    expect(out.right).to.deep.equal({ x: 1 });
    expect(out.list).to.deep.equal([{ name: 'a', self: '[Circular]' }]);
  });

  it('writes BigInt as a decimal string and omits functions and symbols like JSON', () => {
    const out = logged({
      big: 12345678901234567890n,
      fn: () => 1,
      sym: Symbol('s'),
      arr: [() => 1, Symbol('t'), undefined],
    });
    expect(out.big).to.equal('12345678901234567890');
    expect(out).not.to.have.property('fn');
    expect(out).not.to.have.property('sym');
    expect(out.arr).to.deep.equal([null, null, null]);
  });

  it('survives getters and toJSON that throw, and Proxies that refuse to list keys', () => {
    const getter = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    const toJSON = {
      toJSON: () => {
        throw new Error('toJSON exploded');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('no keys');
        },
      },
    );
    const out = logged({ getter, toJSON, proxy });
    expect(out.getter).to.deep.equal({ ok: 1, bad: '[Throws: getter exploded]' });
    expect(out.toJSON).to.equal('[Throws: toJSON exploded]');
    expect(out.proxy).to.equal('[Unserializable: no keys]');
  });

  it('survives a throwing getter at the top level of the fields', () => {
    const fields = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('top');
      },
    });
    expect(logged(fields).boom).to.equal('[Throws: top]');
  });

  it('renders Map, Set, Buffer, typed arrays, Date, invalid Date and RegExp', () => {
    const out = logged({
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'two'],
      ]),
      set: new Set([1, 'x']),
      buf: Buffer.from('hi'),
      u8: new Uint8Array([1, 2, 3]),
      date: new Date('2026-01-02T03:04:05.678Z'),
      invalid: new Date(Number.NaN),
      re: /a+b/gi,
    });
    expect(out.map).to.deep.equal({ a: 1, 2: 'two' });
    expect(out.set).to.deep.equal([1, 'x']);
    expect(out.buf).to.deep.equal({ type: 'Buffer', length: 2, base64: 'aGk=' });
    expect(out.u8).to.deep.equal({ type: 'Uint8Array', length: 3, base64: 'AQID' });
    expect(out.date).to.equal('2026-01-02T03:04:05.678Z');
    expect(out.invalid).to.equal(null);
    expect(out.re).to.equal('/a+b/gi');
  });

  it('cuts large binary data and marks it', () => {
    const out = logged({ blob: Buffer.alloc(5000, 1) }) as { blob: Record<string, unknown> };
    expect(out.blob).to.include({ length: 5000, truncated: true });
    expect(Buffer.from(out.blob.base64 as string, 'base64')).to.have.length(1024);
  });

  it('escapes lone surrogates and control characters so the line stays valid JSON and UTF-8', () => {
    // Prepare
    const { logger, lines } = capture();
    // Act
    logger.info({ lone: '\ud800x', pair: '😀', ctl: 'a\u0000b\nc', quote: '"\\' }, 'm\ud83d');
    // Assess
    const line = lines[0] as string;
    expect(Buffer.from(line, 'utf8').toString('utf8')).to.equal(line);
    const out = JSON.parse(line);
    expect(out.lone).to.equal('\ud800x');
    expect(out.pair).to.equal('😀');
    expect(out.ctl).to.equal('a\u0000b\nc');
    expect(out.quote).to.equal('"\\');
    expect(out.msg).to.equal('m\ud83d');
    expect(line).to.include('\\ud800');
  });

  it('keeps a __proto__ key as data and pollutes nothing', () => {
    // Prepare
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    const { logger, records } = capture({ redact: ['__proto__.polluted'] });
    // Act
    logger.info(hostile, 'm');
    logger.child(hostile).info('child');
    logger.assign(hostile);
    logger.info('after assign');
    // Assess
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).not.to.have.property('polluted');
    const [first] = records();
    expect(Object.getOwnPropertyNames(first)).to.include('__proto__');
  });

  it('handles null-prototype objects', () => {
    const bare = Object.assign(Object.create(null), { a: 1, nested: Object.assign(Object.create(null), { b: 2 }) });
    expect(logged({ bare }).bare).to.deep.equal({ a: 1, nested: { b: 2 } });
    expect(logged(bare)).to.include({ a: 1 });
  });

  it('writes non-finite numbers as null and -0 as 0', () => {
    const out = logged({ nan: Number.NaN, inf: Number.POSITIVE_INFINITY, negZero: -0 });
    expect(out).to.include({ nan: null, inf: null, negZero: 0 });
  });

  it('stops at the depth limit instead of recursing forever', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50; i++) deep = { next: deep, arr: [deep] };
    const text = JSON.stringify(logged({ deep }));
    expect(text).to.include('[Object]');
    expect(text).to.include('[Array]');
  });

  it('logs a 10 MB string as one valid line', () => {
    // Prepare
    const big = `${'x'.repeat(10 * 1024 * 1024 - 3)}"\n\\`;
    const { logger, lines } = capture();
    // Act
    logger.info({ big }, big);
    // Assess
    const out = JSON.parse(lines[0] as string);
    expect(out.big).to.have.length(big.length);
    expect(out.msg).to.equal(big);
  });

  it('serializes errors nested anywhere, with cyclic causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as Error & { cause?: unknown }).cause = b;
    const out = logged({ nested: { list: [b] } }) as { nested: { list: Array<Record<string, Loose>> } };
    expect(out.nested.list[0]?.message).to.equal('b');
    expect(out.nested.list[0]?.cause.message).to.equal('a');
    expect(out.nested.list[0]?.cause.cause).to.equal('[Circular]');
  });

  it('exposes quote, stringify and fieldsJson that always give valid JSON', () => {
    expect(quote('plain')).to.equal('"plain"');
    expect(JSON.parse(quote('tab\there "q"'))).to.equal('tab\there "q"');
    expect(stringify(undefined)).to.equal('null');
    expect(stringify(10n)).to.equal('"10"');
    expect(JSON.parse(`{"x":1${fieldsJson({ a: 1, b: undefined, c: 'z' })}}`)).to.deep.equal({ x: 1, a: 1, c: 'z' });
  });
});
