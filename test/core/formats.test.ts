import { isoTime, json, PYTHON_DEFAULT_FORMAT, pretty, template } from '@cloudlog/core';
import { expect } from 'chai';
import { capture } from '../support/capture.js';

describe('core: formats', () => {
  describe('json()', () => {
    it('writes one line per record with keys in a fixed order: level, time, name, msg, bindings, fields', () => {
      // Prepare
      const { logger, lines } = capture({ name: 'api', bindings: { b1: 1 } });
      // Act
      logger.child({ b2: 2 }).info({ f1: 'x' }, 'hello');
      // Assess
      expect(lines[0]?.endsWith('}\n')).to.equal(true);
      expect(lines[0]?.split('\n')).to.have.length(2);
      expect(Object.keys(JSON.parse(lines[0] as string))).to.deep.equal([
        'level',
        'time',
        'name',
        'msg',
        'b1',
        'b2',
        'f1',
      ]);
    });

    it('writes ISO time by default and epoch milliseconds on request', () => {
      // Prepare
      const before = Date.now();
      const iso = capture({ format: json() });
      const epoch = capture({ format: json({ time: 'epoch' }) });
      // Act
      iso.logger.info('a');
      epoch.logger.info('b');
      // Assess
      const isoTime = Date.parse(iso.records()[0]?.time as string);
      const epochTime = epoch.records()[0]?.time as number;
      expect(isoTime).to.be.within(before, Date.now());
      expect(epochTime).to.be.a('number').within(before, Date.now());
    });

    it('rejects unknown options', () => {
      expect(() => json({ time: 'unix' as never })).to.throw(TypeError, /'iso' or 'epoch'/);
    });
  });

  describe('isoTime()', () => {
    it("is Date's toISOString for repeated, advancing, second-crossing and backwards times", () => {
      const base = Date.UTC(2026, 10, 24, 15, 8, 59, 998);
      const times = [base, base, base + 1, base + 1, base + 2, base + 2, base - 1000, base + 86_400_000, 0, 5, 5, base];
      for (const ms of times) expect(isoTime(ms), String(ms)).to.equal(new Date(ms).toISOString());
    });
  });

  describe('template()', () => {
    it('renders Python LogRecord tokens', () => {
      // Prepare
      const { logger, lines } = capture({
        name: 'billing',
        format: template(
          '%(levelname)s|%(levelno)d|%(asctime)s|%(name)s|%(message)s|%(process)d|%(created)f|%(msecs)d',
        ),
      });
      const before = Date.now();
      // Act
      logger.warn('charged %d', 10);
      // Assess
      const [levelname, levelno, asctime, name, message, pid, created, msecs] = (lines[0] as string)
        .trimEnd()
        .split('|');
      expect([levelname, levelno, name, message, pid]).to.deep.equal([
        'WARN',
        '40',
        'billing',
        'charged 10',
        String(process.pid),
      ]);
      expect(asctime).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$/);
      expect(Number(created) * 1000).to.be.within(before - 1, Date.now() + 1);
      expect(created).to.match(/^\d+\.\d{6}$/);
      expect(Number(msecs)).to.be.within(0, 999);
    });

    it('shows the root logger as "root" and uses Python’s default format when given none', () => {
      const { logger, lines } = capture({ format: template() });
      logger.error('x');
      expect(PYTHON_DEFAULT_FORMAT).to.equal('%(levelname)s:%(name)s:%(message)s');
      expect(lines[0]).to.equal('ERROR:root:x\n');
    });

    it('looks up any field by name, from call-site fields, context and bindings; "-" when absent', () => {
      const { logger, lines } = capture({ format: '%(requestId)s %(userId)s %(missing)s %(count)03d %(obj)s' });
      logger.child({ requestId: 'r-9' }).info({ userId: 'u-1', count: 7, obj: { a: 1 } }, 'x');
      expect(lines[0]).to.equal('r-9 u-1 - 007 {"a":1}\n');
    });

    it('supports width, left alignment and precision', () => {
      const { logger, lines } = capture({ format: '[%(levelname)-5s][%(levelname)6s][%(message).3s][%(created).2f]' });
      logger.info('abcdef');
      expect(lines[0]).to.match(/^\[INFO \]\[ {2}INFO\]\[abc\]\[\d+\.\d{2}\]\n$/);
    });

    it('escapes control characters so a value cannot forge a line or colours', () => {
      const { logger, lines } = capture({ format: '%(message)s %(user)s' });
      logger.info({ user: 'eve\u001b[31m' }, 'line1\nFAKE ERROR line2\r');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.equal('line1\\nFAKE ERROR line2\\r eve\\u001b[31m\n');
    });

    it('renders %(exc_text)s from an error, on one line, and %(isotime)s', () => {
      const { logger, lines } = capture({ format: '%(isotime)s %(message)s %(exc_text)s' });
      logger.error(new Error('kaput'));
      expect(lines[0]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z kaput Error: kaput\\n\s+at /);
      expect(lines[0]?.split('\n')).to.have.length(2);
    });

    it('supports %% and UTC asctime', () => {
      const { logger, lines } = capture({ format: template('100%% %(asctime)s', { utc: true }) });
      logger.info('x');
      const now = new Date();
      expect(lines[0]).to.match(new RegExp(`^100% ${now.getUTCFullYear()}-`));
    });

    it('rejects a format that is not a string', () => {
      expect(() => template(42 as never)).to.throw(TypeError, /format string/);
    });
  });

  describe('pretty()', () => {
    it('writes time, a coloured level, name, message and key=value fields', () => {
      const { logger, lines } = capture({ name: 'web', format: pretty({ colors: true }) });
      logger.child({ requestId: 'r1' }).warn({ status: 404, path: '/a b' }, 'not found');
      const line = lines[0] as string;
      expect(line).to.include('\x1b[33mWARN \x1b[0m');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colours
      const plain = line.replace(/\x1b\[\d+m/g, '');
      expect(plain).to.match(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}web: not found requestId=r1 status=404 path="\/a b"\n$/);
    });

    it('prints an error’s stack on indented lines and no colours when asked', () => {
      const { logger, lines } = capture({ format: pretty({ colors: false }) });
      logger.error({ err: new Error('bad\nthing') }, 'failed');
      const [first, ...rest] = (lines[0] as string).trimEnd().split('\n');
      expect(first).to.match(/ERROR failed err=Error: bad\\nthing$/);
      expect(first).not.to.include('\x1b[');
      expect(rest.length).to.be.greaterThan(0);
      for (const line of rest) expect(line).to.match(/^ {4}at /);
    });
  });
});
