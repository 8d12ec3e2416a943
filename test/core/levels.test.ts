import { createLogger, defaultLevel, levels, parseLevel } from '@cloudlog/core';
import { expect } from 'chai';
import { capture } from '../support/capture.js';

describe('core: levels', () => {
  it('has the numeric levels of the design', () => {
    expect(levels).to.deep.equal({
      trace: 10,
      debug: 20,
      info: 30,
      warn: 40,
      error: 50,
      fatal: 60,
      silent: Number.POSITIVE_INFINITY,
    });
  });

  it('accepts names in any case, Python WARNING / CRITICAL, and level numbers', () => {
    expect(parseLevel('DEBUG')).to.equal('debug');
    expect(parseLevel('Info')).to.equal('info');
    expect(parseLevel('WARNING')).to.equal('warn');
    expect(parseLevel('warning')).to.equal('warn');
    expect(parseLevel('CRITICAL')).to.equal('fatal');
    expect(parseLevel(' silent ')).to.equal('silent');
    expect(parseLevel(50)).to.equal('error');
  });

  it('rejects an unknown level with a TypeError that lists the valid ones', () => {
    for (const bad of ['verbose', '', 35, null, {}]) {
      expect(() => parseLevel(bad)).to.throw(TypeError, /trace, debug, info, warn \(or warning\), error, fatal/);
    }
  });

  it('reads the default threshold from LOG_LEVEL, else info', () => {
    expect(defaultLevel({})).to.equal('info');
    expect(defaultLevel({ LOG_LEVEL: 'WARNING' })).to.equal('warn');
    expect(() => defaultLevel({ LOG_LEVEL: 'loud' })).to.throw(TypeError, /LOG_LEVEL "loud"/);
  });

  it('uses LOG_LEVEL when a logger is created without a level', () => {
    // Prepare
    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'error';
    try {
      // Act
      const logger = createLogger({ transports: [] });
      // Assess
      expect(logger.level).to.equal('error');
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });

  it('filters below the threshold set at creation', () => {
    // Prepare
    const { logger, records } = capture({ level: 'warn' });
    // Act
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    // Assess
    expect(records().map((r) => r.level)).to.deep.equal(['warn', 'error', 'fatal']);
  });

  it('changes the threshold at run time and reports it through level and isLevelEnabled', () => {
    // Prepare
    const { logger, records } = capture({ level: 'info' });
    // Act
    logger.debug('before');
    logger.level = 'DEBUG';
    logger.debug('after');
    // Assess
    expect(logger.level).to.equal('debug');
    expect(logger.isLevelEnabled('debug')).to.equal(true);
    expect(logger.isLevelEnabled('trace')).to.equal(false);
    expect(logger.isLevelEnabled('silent')).to.equal(false);
    expect(records().map((r) => r.msg)).to.deep.equal(['after']);
  });

  it('silent turns everything off', () => {
    const { logger, lines } = capture({ level: 'silent' });
    logger.fatal('nothing');
    expect(lines).to.have.length(0);
    expect(logger.isLevelEnabled('fatal')).to.equal(false);
  });

  it('throws a TypeError for an unknown level at construction and at run time alike', () => {
    expect(() => createLogger({ level: 'loud' as never })).to.throw(TypeError, /unknown level "loud"/);
    const { logger } = capture();
    expect(() => (logger.level = 'loud' as never)).to.throw(TypeError, /expected one of/);
    expect(() => logger.isLevelEnabled('nope' as never)).to.throw(TypeError);
    expect(() => logger.child({}, { level: 'nope' as never })).to.throw(TypeError);
  });
});
