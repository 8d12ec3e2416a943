import { configure, createLogger, getLogger, memory, type Transport } from '@cloudlog/core';
import { expect } from 'chai';

describe('core: configure() and getLogger()', () => {
  it('getLogger(name) returns the same named child of the root for the same name', () => {
    configure({ level: 'info', transports: [memory()] });
    expect(getLogger('a')).to.equal(getLogger('a'));
    expect(getLogger('a')).not.to.equal(getLogger('b'));
    expect(getLogger('a').name).to.equal('a');
    expect(getLogger().name).to.equal(undefined);
  });

  it('named loggers obtained before configure() follow it: level, transports, format', () => {
    // Prepare
    const early = getLogger('early');
    const first = memory();
    configure({ level: 'warn', transports: [first] });
    early.info('not yet');
    // Act
    const second = memory();
    configure({ level: 'DEBUG', transports: [second], bindings: { service: 'shop' } });
    early.debug('now visible');
    // Assess
    expect(first.records).to.have.length(0);
    expect(second.records[0]).to.include({ msg: 'now visible', name: 'early', service: 'shop' });
    expect(early.level).to.equal('debug');
  });

  it('configure() accepts a Python-style format string for stdout, like basicConfig', () => {
    const lines: string[] = [];
    configure({
      level: 'info',
      format: '%(levelname)s | %(name)s | %(message)s',
      destination: { write: (s: string) => lines.push(s) },
    });
    getLogger('py').warn('careful');
    expect(lines).to.deep.equal(['WARN | py | careful\n']);
  });

  it('configure() flushes and closes the transports it replaces, not the ones it keeps', async () => {
    // Prepare
    const closed: string[] = [];
    const tracked = (name: string): Transport => ({
      write() {},
      async close() {
        closed.push(name);
      },
    });
    const kept = tracked('kept');
    configure({ level: 'info', transports: [tracked('old'), kept] });
    // Act
    configure({ level: 'info', transports: [kept] });
    await new Promise((resolve) => setImmediate(resolve));
    // Assess
    expect(closed).to.deep.equal(['old']);
  });

  it('a bad configure() throws and leaves the previous configuration in place', () => {
    const mem = memory();
    configure({ level: 'info', transports: [mem] });
    expect(() => configure({ level: 'info', transports: [mem], redact: ['a..b'] as never })).to.throw(TypeError);
    getLogger('x').info('still configured');
    expect(mem.records).to.have.length(1);
  });

  it('createLogger() loggers are independent of the root', () => {
    const root = memory();
    const own = memory();
    configure({ level: 'info', transports: [root] });
    createLogger({ level: 'info', transports: [own] }).info('mine');
    expect(root.records).to.have.length(0);
    expect(own.records).to.have.length(1);
    expect(() => getLogger(5 as never)).to.throw(TypeError);
  });

  after(() => configure({ level: 'info', transports: [memory()] }));
});
