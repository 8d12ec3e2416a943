import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, json, memory, pretty, stream, type Transport, template } from '@cloudlog/core';
import { expect } from 'chai';

describe('core: transports', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloudlog-core-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stream() appends lines to a file and close() releases it', async () => {
    // Prepare
    const file = join(dir, 'app.log');
    const logger = createLogger({ level: 'info', transports: [stream({ destination: file })] });
    // Act
    for (let i = 0; i < 100; i++) logger.info({ i }, 'line');
    await logger.close();
    // Assess
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).to.have.length(100);
    expect(JSON.parse(lines[99] as string)).to.include({ i: 99, msg: 'line' });
  });

  it('stream() rejects a file it cannot open, at construction', () => {
    expect(() => stream({ destination: join(dir, 'missing', 'app.log') })).to.throw(TypeError, /cannot open log file/);
    expect(() => stream({ destination: 42 as never })).to.throw(TypeError, /write\(chunk\)/);
    expect(() => stream({ format: {} as never })).to.throw(TypeError, /format must be/);
  });

  it('sends each record to several transports, each with its own level and format', () => {
    // Prepare
    const all = memory({ format: template('%(levelname)s %(message)s') });
    const errors = memory({ level: 'error', format: json() });
    const logger = createLogger({ level: 'debug', transports: [all, errors] });
    // Act
    logger.debug('d');
    logger.info('i');
    logger.error('e');
    // Assess
    expect(all.lines).to.deep.equal(['DEBUG d', 'INFO i', 'ERROR e']);
    expect(errors.records.map((r) => r.msg)).to.deep.equal(['e']);
    expect(all.stats?.()).to.include({ enqueued: 3, sent: 3, droppedTotal: 0 });
  });

  it('a transport that throws never breaks the call or the other transports', () => {
    // Prepare
    const reported: Error[] = [];
    const broken: Transport = {
      write() {
        throw new Error('disk on fire');
      },
    };
    const kept = memory();
    const logger = createLogger({ level: 'info', transports: [broken, kept], onError: (e) => reported.push(e) });
    // Act
    logger.info('still here');
    // Assess
    expect(kept.records).to.have.length(1);
    expect(reported.map((e) => e.message)).to.deep.equal(['disk on fire']);
  });

  it('a destination whose write throws is reported and counted, not thrown', () => {
    const reported: Error[] = [];
    const transport = stream({
      destination: {
        write() {
          throw new Error('EPIPE');
        },
      },
      onError: (e) => reported.push(e),
    });
    const logger = createLogger({ level: 'info', transports: [transport] });
    expect(() => logger.info('x')).not.to.throw();
    expect(reported.map((e) => e.message)).to.deep.equal(['EPIPE']);
    expect(transport.stats?.()).to.deep.include({ enqueued: 1, sent: 0, dropped: { write_error: 1 } });
  });

  it('an error event on the destination stream goes to onError instead of crashing', async () => {
    // Prepare
    const reported: Error[] = [];
    const sink = new Writable({
      write(_chunk, _enc, cb) {
        cb(new Error('EPIPE: broken pipe'));
      },
    });
    const logger = createLogger({
      level: 'info',
      transports: [stream({ destination: sink, onError: (e) => reported.push(e) })],
    });
    // Act
    logger.info('x');
    await new Promise((resolve) => setImmediate(resolve));
    // Assess
    expect(reported.map((e) => e.message)).to.include('EPIPE: broken pipe');
  });

  it('records written after close() are counted as dropped', async () => {
    const transport = stream({ destination: { write: () => true } });
    const logger = createLogger({ level: 'info', transports: [transport] });
    await transport.close?.();
    logger.info('late');
    expect(transport.stats?.()).to.deep.include({ dropped: { closed: 1 } });
  });

  it('memory() keeps snapshots, not references, and waitFor resolves on the first match', async () => {
    // Prepare
    const mem = memory();
    const logger = createLogger({ level: 'info', transports: [mem] });
    const fields = { n: 1 };
    // Act
    logger.info(fields, 'one');
    fields.n = 2;
    const waiting = mem.waitFor((r) => r.msg === 'two', 1_000);
    setImmediate(() => logger.info('two'));
    // Assess
    expect(mem.records[0]).to.include({ n: 1 });
    expect((await waiting).msg).to.equal('two');
    mem.clear();
    expect(mem.records).to.have.length(0);
  });

  it('format and destination shorthands configure the default stream transport', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      format: pretty({ colors: false }),
      destination: { write: (s: string) => lines.push(s) },
    });
    logger.info('hi');
    expect(lines[0]).to.match(/INFO {2}hi\n$/);
    expect(() => createLogger({ transports: [memory()], format: json() })).to.throw(
      TypeError,
      /default stdout transport/,
    );
    expect(() => createLogger({ transports: [{} as never] })).to.throw(TypeError, /transports\[0\] is not a transport/);
  });
});
