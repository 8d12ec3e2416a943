import { type LocalCloudLogging, MAX_ENTRY_BYTES, MAX_REQUEST_BYTES } from '@cloudlog/testing';
import type { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import {
  consumeDiagnosticEntry,
  PROJECT,
  RESOURCE,
  rejectionOf,
  startServer,
  writeOne,
} from './cloud-logging-helpers.js';

const INVALID_ARGUMENT = 3;
const TRACE = `projects/${PROJECT}/traces/0af7651916cd43dd8448eb211c80319c`;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('LocalCloudLogging: validation of WriteLogEntries', () => {
  let server: LocalCloudLogging;
  let logging: Logging;
  const nowMs = Date.now();

  before(async () => {
    ({ server, logging } = await startServer({ now: () => nowMs }));
    await consumeDiagnosticEntry(logging);
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  /** Writes one entry without partial success: the call fails exactly when the entry is invalid. */
  function write(metadata: object, data: object | string = { n: 1 }, logName = 'valid') {
    return writeOne(logging.log(logName), metadata, data, { partialSuccess: false });
  }

  async function expectInvalid(promise: Promise<unknown>, message: RegExp): Promise<void> {
    const error = await rejectionOf(promise);
    expect(error.code, error.message).to.equal(INVALID_ARGUMENT);
    expect(error.details).to.match(message);
    expect(server.entries()).to.deep.equal([]);
  }

  describe('log name', () => {
    it('accepts a URL-encoded LOG_ID of 511 characters with / . _ -', async () => {
      // Prepare
      const logId = `a/b.c_d-${'x'.repeat(503)}`;

      // Act
      await write({}, { n: 1 }, logId);

      // Assess
      const [entry] = server.entries();
      expect(entry?.logId).to.equal(logId);
      expect(entry?.logName).to.equal(`projects/${PROJECT}/logs/${encodeURIComponent(logId)}`);
    });

    it('rejects a LOG_ID of 512 characters', async () => {
      await expectInvalid(write({}, { n: 1 }, 'x'.repeat(512)), /512 characters long/);
    });

    it('rejects an illegal character once decoded', async () => {
      await expectInvalid(write({}, { n: 1 }, 'bad@name'), /Log name \(bad@name\) contains illegal character/);
    });

    it('rejects a name that is not projects/<project>/logs/<id>', async () => {
      await expectInvalid(
        write({ logName: `projects/${PROJECT}/logs/a/b` }),
        /Expected the form projects\/\[PROJECT_ID\]\/logs\/\[ID\]/,
      );
    });

    it('drops a leading slash, as the service does', async () => {
      // Act
      await write({ logName: `/projects/${PROJECT}/logs/slashed` });

      // Assess
      expect(server.logNames()).to.deep.equal([`projects/${PROJECT}/logs/slashed`]);
    });

    it('requires a log name on the entry or the request', async () => {
      await expectInvalid(
        logging.loggingService.writeLogEntries({ resource: RESOURCE, entries: [{ textPayload: 'x' }] }),
        /no log name/,
      );
    });
  });

  describe('resource', () => {
    it('takes the request resource when the entry has none', async () => {
      // Act
      await write({});

      // Assess
      expect(server.entries()[0]?.resource).to.deep.equal(RESOURCE);
    });

    it('requires a resource on the entry or the request', async () => {
      await expectInvalid(
        logging.loggingService.writeLogEntries({
          logName: `projects/${PROJECT}/logs/no-resource`,
          entries: [{ textPayload: 'x' }],
        }),
        /no monitored resource/,
      );
    });
  });

  describe('severity', () => {
    it('accepts every LogSeverity, by name or number', async () => {
      // Prepare
      const log = logging.log('severities');
      const names = ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];

      // Act
      await log.write([...names.map((severity) => log.entry({ severity }, {})), log.entry({ severity: 400 }, {})], {
        resource: RESOURCE,
      });

      // Assess
      expect(server.entries().map((e) => e.severity)).to.deep.equal([...names, 'WARNING']);
    });

    it('rejects a number that is not a LogSeverity', async () => {
      await expectInvalid(write({ severity: 450 }), /Invalid severity 450/);
    });
  });

  describe('trace and span', () => {
    it('accepts projects/<project>/traces/<32 hex> with a 16-hex spanId', async () => {
      // Act
      await write({ trace: TRACE, spanId: '00f067aa0ba902b7', traceSampled: false });

      // Assess
      expect(server.entries()[0]).to.deep.include({ trace: TRACE, spanId: '00f067aa0ba902b7', traceSampled: false });
    });

    for (const trace of [
      `projects/${PROJECT}/traces/0af7651916cd43dd8448eb211c80319`,
      `projects/${PROJECT}/traces/0af7651916cd43dd8448eb211c80319cc`,
      `projects/${PROJECT}/traces/0AF7651916CD43DD8448EB211C80319C`,
      '0af7651916cd43dd8448eb211c80319c',
      `projects/${PROJECT}/traces/${'0'.repeat(32)}`,
    ]) {
      it(`rejects trace ${trace}`, async () => {
        await expectInvalid(write({ trace }), /Invalid trace/);
      });
    }

    for (const spanId of ['00f067aa0ba902b', '00f067aa0ba902b77', '00f067aa0ba902bz', '0000000000000000']) {
      it(`rejects spanId ${spanId}`, async () => {
        await expectInvalid(write({ trace: TRACE, spanId }), /Invalid spanId/);
      });
    }

    it('stores any trace string with traceValidation: off, as the real service does', async () => {
      // Prepare
      const lenient = await startServer({ traceValidation: 'off' });
      const log = lenient.logging.log('lenient');

      // Act
      try {
        await log.write(log.entry({ trace: '12345', spanId: 'span' }, {}), { resource: RESOURCE });

        // Assess
        expect(lenient.server.entries()[0]).to.deep.include({ trace: '12345', spanId: 'span' });
      } finally {
        await lenient.server.close();
      }
    });
  });

  describe('httpRequest.latency', () => {
    it('accepts nanos up to 999999999', async () => {
      // Act
      await write({ httpRequest: { status: 200, latency: { seconds: 0, nanos: 999_999_999 } } });

      // Assess
      expect(server.entries()[0]?.httpRequest?.latency).to.deep.equal({ seconds: 0, nanos: 999_999_999 });
    });

    it('rejects nanos of 1e9', async () => {
      await expectInvalid(write({ httpRequest: { latency: { seconds: 0, nanos: 1_000_000_000 } } }), /latency/);
    });

    it('rejects a negative latency', async () => {
      await expectInvalid(write({ httpRequest: { latency: { seconds: -1, nanos: 0 } } }), /latency/);
    });
  });

  describe('timestamp', () => {
    it('accepts exactly one day ahead of the server clock', async () => {
      // Act
      await write({ timestamp: new Date(nowMs + DAY_MS) });

      // Assess
      expect(server.entries()).to.have.length(1);
    });

    it('rejects more than one day ahead', async () => {
      await expectInvalid(
        write({ timestamp: new Date(nowMs + DAY_MS + 1) }),
        /^Timestamp is over a day in the future$/,
      );
    });

    it('accepts an entry older than the retention, which ListLogEntries then does not return', async () => {
      // Prepare
      const log = logging.log('old');
      const old = new Date(nowMs - 31 * DAY_MS);
      const recent = new Date(nowMs - 1000);

      // Act
      await log.write(
        [log.entry({ timestamp: old }, { age: 'old' }), log.entry({ timestamp: recent }, { age: 'new' })],
        {
          resource: RESOURCE,
        },
      );
      const [listed] = await log.getEntries({ filter: 'timestamp >= "2000-01-01T00:00:00Z"' });

      // Assess
      expect(server.entries().map((e) => e.jsonPayload)).to.deep.equal([{ age: 'old' }, { age: 'new' }]);
      expect(listed.map((e) => e.data)).to.deep.equal([{ age: 'new' }]);
    });
  });

  describe('labels', () => {
    it('accepts 64 labels and truncates an oversized value', async () => {
      // Prepare
      const labels = Object.fromEntries(Array.from({ length: 63 }, (_, i) => [`k${i}`, 'v']));

      // Act
      await write({ labels: { ...labels, big: 'é'.repeat(40_000) } });

      // Assess
      const stored = server.entries()[0]?.labels ?? {};
      expect(Object.keys(stored)).to.have.length(64);
      expect(Buffer.byteLength(stored.big ?? '')).to.be.at.most(64 * 1024);
      expect(stored.big).to.match(/é\.\.\.$/);
    });

    it('rejects 65 labels', async () => {
      // Prepare
      const labels = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));

      // Act, Assess
      await expectInvalid(write({ labels }), /65 labels/);
    });
  });

  describe('size', () => {
    const fixed = { insertId: 'fixed-id', timestamp: new Date(nowMs - 1000) };

    /** Bytes an entry costs besides its text payload, measured on the server. */
    async function overhead(): Promise<number> {
      await write(fixed, 'x'.repeat(200_000), 'sized');
      const size = server.entries()[0]!.sizeBytes;
      server.reset();
      return size - 200_000;
    }

    it(`accepts an entry of exactly ${MAX_ENTRY_BYTES} bytes`, async () => {
      // Prepare
      const text = 'x'.repeat(MAX_ENTRY_BYTES - (await overhead()));

      // Act
      await write(fixed, text, 'sized');

      // Assess
      expect(server.entries()[0]?.sizeBytes).to.equal(MAX_ENTRY_BYTES);
    });

    it(`rejects an entry of ${MAX_ENTRY_BYTES + 1} bytes with the service's message`, async () => {
      // Prepare
      const text = 'x'.repeat(MAX_ENTRY_BYTES + 1 - (await overhead()));

      // Act, Assess
      await expectInvalid(write(fixed, text, 'sized'), /^Log entry with size 256\.0K exceeds maximum size of 256\.0K$/);
    });

    it('accepts a request just under 10 MiB and rejects one over it, whole', async () => {
      // Prepare
      const log = logging.log('big');
      const payload = 'y'.repeat(250_000);
      const batch = (n: number) => Array.from({ length: n }, () => log.entry({}, payload));

      // Act
      await log.write(batch(41), { resource: RESOURCE });
      const accepted = server.calls('WriteLogEntries')[0]!.requestBytes;
      server.reset();
      const error = await rejectionOf(log.write(batch(42), { resource: RESOURCE, partialSuccess: true }));

      // Assess
      expect(accepted).to.be.below(MAX_REQUEST_BYTES);
      expect(error.code).to.equal(INVALID_ARGUMENT);
      expect(error.details).to.equal(`Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`);
      expect(server.calls('WriteLogEntries')[0]!.requestBytes).to.be.above(MAX_REQUEST_BYTES);
      expect(server.entries()).to.deep.equal([]);
    });
  });

  it('rejects a request without entries', async () => {
    await expectInvalid(
      logging.loggingService.writeLogEntries({
        logName: `projects/${PROJECT}/logs/empty`,
        resource: RESOURCE,
        entries: [],
      }),
      /at least one log entry/,
    );
  });
});
