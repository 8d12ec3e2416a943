import { compileRedaction, createLogger, memory } from '@cloudlog/core';
import { expect } from 'chai';
import { capture } from '../support/capture.js';
import type { Loose } from '../support/loose.js';

describe('core: redaction', () => {
  it('hides top-level, nested and wildcard paths before any transport sees the record', () => {
    // Prepare
    const first = memory();
    const second = memory();
    const logger = createLogger({
      level: 'info',
      transports: [first, second],
      redact: ['password', 'req.headers.authorization', '*.token', 'req.headers["x-api-key"]'],
    });
    const fields = {
      password: 'hunter2',
      req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'k', accept: '*/*' } },
      session: { token: 't1', id: 's' },
      oauth: { token: 't2' },
      token: 'top-level token is not matched by *.token',
    };
    // Act
    logger.info(fields, 'login');
    // Assess
    for (const transport of [first, second]) {
      expect(transport.records[0]).to.deep.include({
        password: '[Redacted]',
        req: { headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]', accept: '*/*' } },
        session: { token: '[Redacted]', id: 's' },
        oauth: { token: '[Redacted]' },
        token: 'top-level token is not matched by *.token',
      });
    }
  });

  it('never mutates the caller’s objects', () => {
    const { logger } = capture({ redact: ['user.password'] });
    const user = { name: 'ann', password: 'secret' };
    const fields = { user };
    logger.info(fields, 'm');
    expect(user.password).to.equal('secret');
    expect(fields.user).to.equal(user);
  });

  it('applies to child bindings and assigned fields', () => {
    const { logger, records } = capture({ redact: ['apiKey'] });
    const child = logger.child({ apiKey: 'k1', ok: 1 });
    child.info('a');
    child.assign({ apiKey: 'k2' });
    child.info('b');
    expect(records().map((r) => r.apiKey)).to.deep.equal(['[Redacted]', '[Redacted]']);
  });

  it('redacts inside errors and arrays, with a custom censor or removal', () => {
    // Prepare
    const censor = capture({ redact: { paths: ['err.config.auth', 'list.*.secret'], censor: '***' } });
    const remove = capture({ redact: { paths: ['secret'], remove: true } });
    const err = Object.assign(new Error('call failed'), { config: { auth: 'pw', url: '/x' } });
    // Act
    censor.logger.error({ err, list: [{ secret: 1 }, { secret: 2, keep: true }] }, 'e');
    remove.logger.info({ secret: 's', other: 'o' }, 'r');
    // Assess
    const [record] = censor.records() as Array<Record<string, Loose>>;
    expect(record?.err).to.include({ message: 'call failed' });
    expect(record?.err.config).to.deep.equal({ auth: '***', url: '/x' });
    expect(record?.err.stack).to.match(/^Error: call failed/);
    expect(record?.list).to.deep.equal([{ secret: '***' }, { secret: '***', keep: true }]);
    expect(remove.records()[0]).to.include({ other: 'o' }).and.not.have.property('secret');
  });

  it('rejects malformed paths at configuration time', () => {
    for (const bad of ['', 'a..b', 'a.', 'a[x]', 'a["x"', 'bad key']) {
      expect(() => compileRedaction([bad]), bad).to.throw(TypeError, /redact path/);
    }
    expect(() => createLogger({ redact: 'password' as never })).to.throw(TypeError, /array of paths/);
  });
});
