import { connect } from 'node:net';
import type { LocalCloudLogging } from '@cloudlog/testing';
import type { Logging } from '@google-cloud/logging';
import { Client, credentials } from '@grpc/grpc-js';
import { expect } from 'chai';
import { consumeDiagnosticEntry, ONE_SHOT, rejectionOf, startServer, writeOne } from './cloud-logging-helpers.js';

const CODE = { DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, INTERNAL: 13, UNAVAILABLE: 14 };

describe('LocalCloudLogging: fault injection, as seen by @google-cloud/logging', () => {
  let server: LocalCloudLogging;
  let logging: Logging;

  before(async () => {
    ({ server, logging } = await startServer());
    await consumeDiagnosticEntry(logging);
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  const write = (options: object = ONE_SHOT) => writeOne(logging.log('faults'), {}, { n: 1 }, options);

  for (const name of ['UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'INTERNAL', 'PERMISSION_DENIED'] as const) {
    it(`fails the next call with ${name}`, async () => {
      // Prepare
      server.failNext(name);

      // Act
      const error = await rejectionOf(write());
      await write();

      // Assess
      expect(error.code).to.equal(CODE[name]);
      expect(server.calls('WriteLogEntries').map((c) => [c.code, c.fault])).to.deep.equal([
        [CODE[name], 'fail'],
        [0, undefined],
      ]);
      expect(server.entries()).to.have.length(1);
    });
  }

  it('fails the next N calls with any status code and message, then recovers', async () => {
    // Prepare
    server.failNext(9, { times: 2, message: 'precondition' });

    // Act
    const first = await rejectionOf(write());
    const second = await rejectionOf(write());
    await write();

    // Assess
    expect([first.code, second.code]).to.deep.equal([9, 9]);
    expect(first.details).to.equal('precondition');
    expect(server.calls('WriteLogEntries')).to.have.length(3);
  });

  it('lets the client retry UNAVAILABLE with its default retry settings', async () => {
    // Prepare
    server.failNext('UNAVAILABLE', { times: 2 });

    // Act
    await write({ gaxOptions: { timeout: 5000 } });

    // Assess
    expect(server.calls('WriteLogEntries').map((c) => c.code)).to.deep.equal([14, 14, 0]);
    expect(server.entries()).to.have.length(1);
  });

  it('targets one method only', async () => {
    // Prepare
    server.failNext('UNAVAILABLE', { method: 'ListLogEntries' });

    // Act
    await write();
    const error = await rejectionOf(logging.log('faults').getEntries({ gaxOptions: { retry: null } }));

    // Assess
    expect(error.code).to.equal(CODE.UNAVAILABLE);
    expect(server.calls().map((c) => [c.method, c.code])).to.deep.equal([
      ['WriteLogEntries', 0],
      ['ListLogEntries', 14],
    ]);
  });

  it('fails a fraction of calls, reproducibly with an injected random source', async () => {
    // Prepare
    const draws = [0.1, 0.9, 0.2, 0.8];
    server.failRandomly(0.5, 'INTERNAL', { random: () => draws.shift() ?? 1 });

    // Act
    const outcomes: number[] = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await write().then(
          () => 0,
          (e: { code: number }) => e.code,
        ),
      );

    // Assess
    expect(outcomes).to.deep.equal([13, 0, 13, 0]);
    expect(server.entries()).to.have.length(2);
  });

  it('clearFaults removes pending and random faults', async () => {
    // Prepare
    server.failNext('UNAVAILABLE', { times: 5 }).failRandomly(1, 'INTERNAL');

    // Act
    server.clearFaults();
    await write();

    // Assess
    expect(server.calls('WriteLogEntries').map((c) => c.code)).to.deep.equal([0]);
  });

  it('hangs a call so that the client deadline fires (DEADLINE_EXCEEDED)', async () => {
    // Prepare
    server.hangNext();

    // Act
    const error = await rejectionOf(write({ gaxOptions: { timeout: 200, retry: null } }));

    // Assess
    expect(error.code).to.equal(CODE.DEADLINE_EXCEEDED);
    expect(server.calls('WriteLogEntries')[0]).to.include({ fault: 'hang', code: undefined });
    expect(server.entries()).to.deep.equal([]);
  });

  it('answers a delayed call after the client gave up, and the entries still land', async () => {
    // Prepare
    server.hangNext({ delayMs: 300 });

    // Act
    const error = await rejectionOf(write({ gaxOptions: { timeout: 100, retry: null } }));
    const landed = await server.waitForEntries(1, { timeoutMs: 2000 });

    // Assess
    expect(error.code).to.equal(CODE.DEADLINE_EXCEEDED);
    expect(landed).to.have.length(1);
    expect(server.calls('WriteLogEntries')[0]).to.include({ fault: 'delay', code: 0 });
  });

  it('rejects bad fault settings with a TypeError', () => {
    // Act, Assess
    expect(() => server.failNext('NOPE' as 'UNAVAILABLE')).to.throw(TypeError, /UNAVAILABLE/);
    expect(() => server.failNext(0)).to.throw(TypeError);
    expect(() => server.failNext('INTERNAL', { times: 0 })).to.throw(TypeError);
    expect(() => server.failRandomly(2, 'INTERNAL')).to.throw(TypeError);
  });

  it('answers malformed protobuf with INVALID_ARGUMENT and keeps serving', async () => {
    // Prepare
    const raw = new Client(server.address, credentials.createInsecure());
    const garbage = Buffer.from([0x22, 0x50, 0x01, 0x02]);

    // Act
    const code = await new Promise<number | undefined>((resolve) => {
      raw.makeUnaryRequest(
        '/google.logging.v2.LoggingServiceV2/WriteLogEntries',
        (b: Buffer) => b,
        (b: Buffer) => b,
        garbage,
        (error) => resolve(error?.code),
      );
    });
    raw.close();
    await write();

    // Assess
    expect(code).to.equal(3);
    expect(server.entries()).to.have.length(1);
  });
});

describe('LocalCloudLogging: stop, restart and close', () => {
  it('refuses connections after stop, and serves again on the same port with data intact after restart', async () => {
    // Prepare
    const { server, logging } = await startServer();
    const log = logging.log('lifecycle');
    try {
      await writeOne(log, {}, { n: 1 });
      const port = server.port;

      // Act
      await server.stop();
      const refused = await rejectionOf(writeOne(log, {}, { n: 2 }, ONE_SHOT));
      await server.restart();
      // The client reconnects after its backoff (about 1 s with google-gax's settings): let it retry.
      await writeOne(log, {}, { n: 3 }, { gaxOptions: { timeout: 5000 } });

      // Assess
      expect(refused.code).to.equal(CODE.UNAVAILABLE);
      expect(server.port).to.equal(port);
      expect(server.entries({ logName: 'lifecycle' }).map((e) => e.jsonPayload)).to.deep.equal([{ n: 1 }, { n: 3 }]);
    } finally {
      await server.close();
    }
  });

  it('releases a hung call on stop: the client gets UNAVAILABLE at once, not at its deadline', async () => {
    // Prepare
    const { server, logging } = await startServer();
    server.hangNext();
    const started = Date.now();
    const pending = rejectionOf(
      writeOne(logging.log('hung'), {}, { n: 1 }, { gaxOptions: { timeout: 20_000, retry: null } }),
    );
    await until(() => server.calls('WriteLogEntries').length === 1);

    // Act
    await server.close();
    const error = await pending;

    // Assess
    expect(error.code).to.equal(CODE.UNAVAILABLE);
    expect(Date.now() - started).to.be.below(5000);
    expect(server.running).to.equal(false);
  });

  it('cannot restart after close, and its port is free again', async () => {
    // Prepare
    const { server } = await startServer();
    const port = server.port;

    // Act
    await server.close();

    // Assess
    await rejectionOf(server.restart());
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).to.equal(true);
  });

  it('supports await using', async () => {
    // Prepare
    let stopped: LocalCloudLogging | undefined;

    // Act
    {
      await using server = (await startServer()).server;
      stopped = server;
    }

    // Assess
    expect(stopped.running).to.equal(false);
  });
});

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
