// api mode over the transport's life: start-up resolution, flush, close, and a process
// stopped by SIGTERM while logging.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Bindings, createLogger, LogRecord } from '@cloudlog/core';
import type { LocalCloudLogging } from '@cloudlog/testing';
import { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import { apiTransport, PROJECT, startServer, until } from './helpers.js';

function record(msg: string): LogRecord {
  return new LogRecord(30, Date.now(), msg, undefined, Bindings.EMPTY, undefined);
}

describe('googleCloudTransport api mode: lifecycle', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  it('queues entries while the project is being resolved, and retries a failed resolution', async () => {
    // Prepare: a client that knows no project, whose credentials fail to name one twice.
    const logging = new Logging({ ...server.clientOptions(PROJECT), projectId: undefined });
    let lookups = 0;
    logging.auth.getProjectId = (async () => {
      lookups++;
      if (lookups <= 2) throw new Error('Unable to detect a Project Id in the current environment.');
      return PROJECT;
    }) as typeof logging.auth.getProjectId;
    const transport = apiTransport(server, { logging, clientOptions: undefined });

    // Act
    for (let i = 0; i < 5; i++) transport.write(record(`early ${i}`));
    await transport.flush(5_000);

    // Assess
    expect(lookups).to.equal(3);
    expect(server.entries().map((e) => [e.projectId, e.jsonPayload?.message])).to.deep.equal(
      Array.from({ length: 5 }, (_, i) => [PROJECT, `early ${i}`]),
    );
    expect(transport.errors.messages.some((m) => m.includes('cannot find the project id'))).to.equal(true);
    expect(transport.stats()).to.deep.include({ sent: 5, droppedTotal: 0 });
    await transport.close();
  });

  it('flush() resolves once everything written before it is delivered', async () => {
    // Prepare
    const transport = apiTransport(server, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) transport.write(record(`line ${i}`));

    // Act
    await transport.flush(5_000);

    // Assess
    expect(server.entries()).to.have.length(3);
    expect(transport.stats()).to.deep.include({ sent: 3, bufferedEvents: 0 });
    await transport.close();
  });

  it('close() delivers what is held, then refuses and counts later writes (closed)', async () => {
    // Prepare
    const transport = apiTransport(server, { flushIntervalMs: 60_000 });
    transport.write(record('before close'));

    // Act
    await transport.close(5_000);
    transport.write(record('after close'));

    // Assess
    expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(['before close']);
    expect(transport.stats()).to.deep.include({ sent: 1, droppedAtPush: 1, droppedTotal: 1 });
    expect(transport.stats().dropped).to.deep.equal({ closed: 1 });
  });

  it('close() keeps its deadline when the service hangs, and counts what it could not deliver', async () => {
    // Prepare
    const transport = apiTransport(server, { timeoutMs: 30_000 });
    server.hangNext();
    transport.write(record('never answered'));
    await until(() => server.calls('WriteLogEntries').length === 1, 5_000, 'the hung call');

    // Act
    const started = Date.now();
    await transport.close(300);

    // Assess
    expect(Date.now() - started).to.be.below(2_000);
    expect(transport.stats()).to.deep.include({ sent: 0, droppedTotal: 1, bufferedEvents: 0 });
    expect(transport.stats().dropped).to.deep.equal({ closed: 1 });
  });

  it('write() never throws, even for a record that cannot be formatted, and counts it', async () => {
    // Prepare
    const transport = apiTransport(server);
    const broken = record('broken');
    Object.defineProperty(broken, 'allFieldsJson', {
      get() {
        throw new Error('cannot read fields');
      },
    });

    // Act
    transport.write(broken);
    transport.write(record('fine'));
    await transport.close();

    // Assess
    expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(['fine']);
    expect(transport.stats()).to.deep.include({ sent: 1, droppedAtPush: 1, droppedTotal: 1 });
    expect(transport.stats().dropped).to.deep.equal({ format_error: 1 });
  });

  it('drops an entry that cannot be built at send time (format_error) and delivers the rest of its batch', async () => {
    // Prepare: fields whose JSON is broken, which core never produces; only the send can notice.
    const transport = apiTransport(server);
    const broken = record('broken');
    Object.defineProperty(broken, 'allFieldsJson', { get: () => ',"a":' });

    // Act
    transport.write(record('before'));
    transport.write(broken);
    transport.write(record('after'));
    await transport.close();

    // Assess
    expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(['before', 'after']);
    expect(transport.stats()).to.deep.include({ enqueued: 3, sent: 2, droppedTotal: 1, retried: 0 });
    expect(transport.stats().dropped).to.deep.equal({ format_error: 1 });
  });

  it('closes on `await using` (AsyncDisposable)', async () => {
    // Act
    {
      await using transport = apiTransport(server, { flushIntervalMs: 60_000 });
      transport.write(record('disposed'));
    }

    // Assess
    expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(['disposed']);
  });

  it('works with logger.flush() and logger.close()', async () => {
    // Prepare
    const transport = apiTransport(server, { flushIntervalMs: 60_000 });
    const logger = createLogger({ transports: [transport] });

    // Act
    logger.info('one');
    await logger.flush();
    const afterFlush = server.entries().length;
    logger.info('two');
    await logger.close();

    // Assess
    expect(afterFlush).to.equal(1);
    expect(server.entries()).to.have.length(2);
  });

  it('in a script that just ends, delivers what it logged before exiting, and does not keep the process alive', async function () {
    this.timeout(20_000);
    // Prepare
    const fixture = join(import.meta.dirname, 'fixtures', 'drain-child.ts');

    // Act
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, String(server.port), PROJECT], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));

    // Assess
    expect(code, stderr).to.equal(0);
    expect(Date.now() - started).to.be.below(10_000);
    expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(
      Array.from({ length: 25 }, (_, i) => `line ${i}`),
    );
  });

  describe('SIGTERM mid-load, with flushOnExit(logger)', function () {
    this.timeout(30_000);
    const fixture = join(import.meta.dirname, 'fixtures', 'sigterm-child.ts');

    function run(port: number): {
      child: ChildProcess;
      stdout: () => string;
      stderr: () => string;
      exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    } {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, String(port), PROJECT], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (err += d));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, stdout: () => out, stderr: () => err, exited };
    }

    const progress = (stdout: string): number => {
      const all = [...stdout.matchAll(/logged (\d+)/g)];
      return all.length === 0 ? 0 : Number(all.at(-1)?.[1]);
    };

    it('delivers every line logged before the signal, in order and without gaps, then dies by the signal', async () => {
      // Prepare
      const proc = run(server.port);
      await until(() => progress(proc.stdout()) >= 2_000, 20_000, `the child's progress (stderr: ${proc.stderr()})`);

      // Act
      const loggedBeforeSignal = progress(proc.stdout());
      proc.child.kill('SIGTERM');
      const { code, signal } = await proc.exited;

      // Assess
      expect({ code, signal }, proc.stderr()).to.deep.equal({ code: null, signal: 'SIGTERM' });
      const landed = server.entries().map((e) => e.jsonPayload?.message);
      expect(landed.length).to.be.at.least(loggedBeforeSignal);
      expect(landed).to.deep.equal(Array.from({ length: landed.length }, (_, i) => `line ${i}`));
    });
  });
});
