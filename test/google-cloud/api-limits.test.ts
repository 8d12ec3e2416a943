// api mode against the service's limits: entries it refuses one by one (partial success),
// entries over 256 KiB (cut to fit, still delivered), requests over 10 MB (split).
import { Bindings, createLogger, LogRecord } from '@cloudlog/core';
import { type LocalCloudLogging, MAX_ENTRY_BYTES } from '@cloudlog/testing';
import { expect } from 'chai';
import { apiTransport, balanced, startServer } from './helpers.js';

const DAY_MS = 86_400_000;

function record(msg: string, time = Date.now(), fields?: Record<string, unknown>): LogRecord {
  return new LogRecord(30, time, msg, fields, Bindings.EMPTY, undefined);
}

describe('googleCloudTransport api mode: service limits', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  describe('partial success', () => {
    it('counts an entry the service refuses as dropped (rejected) and delivers the others of its batch', async () => {
      // Prepare
      const transport = apiTransport(server);

      // Act
      transport.write(record('first'));
      transport.write(record('two days ahead', Date.now() + 2 * DAY_MS));
      transport.write(record('third'));
      await transport.close();

      // Assess
      expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(['first', 'third']);
      expect(server.calls('WriteLogEntries').map((c) => [c.entryCount, c.partialSuccess])).to.deep.equal([[3, true]]);
      const stats = transport.stats();
      expect(stats).to.deep.include({ enqueued: 3, sent: 2, droppedTotal: 1, retried: 0 });
      expect(stats.dropped).to.deep.equal({ rejected: 1 });
      expect(transport.errors.messages.join('\n')).to.include('Timestamp is over a day in the future');
    });

    it('counts every entry when the service refuses them all, and does not retry them', async () => {
      // Prepare
      const transport = apiTransport(server);

      // Act
      for (let i = 0; i < 4; i++) transport.write(record(`future ${i}`, Date.now() + 3 * DAY_MS));
      await transport.close();

      // Assess
      expect(server.entries()).to.deep.equal([]);
      expect(server.calls('WriteLogEntries')).to.have.length(1);
      expect(transport.stats()).to.deep.include({ sent: 0, droppedTotal: 4, retried: 0 });
    });
  });

  describe('entries over 256 KiB', () => {
    async function deliverOne(act: (logger: ReturnType<typeof createLogger>) => void) {
      const transport = apiTransport(server);
      const logger = createLogger({ transports: [transport] });
      act(logger);
      await logger.close();
      const entries = server.entries();
      expect(entries, 'delivered').to.have.length(1);
      expect(transport.stats()).to.deep.include({ sent: 1, droppedTotal: 0 });
      return entries[0]!;
    }

    it('cuts an oversized message on a UTF-8 boundary, marks the payload truncated, and delivers it', async () => {
      // Act
      const entry = await deliverOne((logger) => logger.info('€'.repeat(150_000)));

      // Assess
      expect(entry.sizeBytes).to.be.at.most(MAX_ENTRY_BYTES);
      expect(entry.jsonPayload?.truncated).to.equal(true);
      const message = entry.jsonPayload?.message as string;
      expect(message).to.match(/^€+\.\.\.$/);
      expect(Buffer.byteLength(message)).to.be.within(200_000, MAX_ENTRY_BYTES);
    });

    it('cuts the largest field first and keeps the message and the small fields', async () => {
      // Act
      const entry = await deliverOne((logger) =>
        logger.info({ body: 'b'.repeat(400_000), route: '/upload', size: 400_000 }, 'request body received'),
      );

      // Assess
      const payload = entry.jsonPayload as Record<string, unknown>;
      expect(payload).to.deep.include({
        message: 'request body received',
        route: '/upload',
        size: 400_000,
        truncated: true,
      });
      expect(payload.body).to.match(/^b+\.\.\.$/);
      expect(entry.sizeBytes).to.be.at.most(MAX_ENTRY_BYTES);
    });

    it('cuts nested lists and objects too, keeping what fits', async () => {
      // Act
      const entry = await deliverOne((logger) =>
        logger.info(
          { batch: { id: 'b-1', items: Array.from({ length: 5_000 }, (_, i) => ({ i, text: 'x'.repeat(80) })) } },
          'batch',
        ),
      );

      // Assess
      const batch = entry.jsonPayload?.batch as { id: string; items: { i: number }[] };
      expect(batch.id).to.equal('b-1');
      expect(batch.items.length).to.be.within(1_000, 4_999);
      expect(batch.items.map((item) => item.i)).to.deep.equal([...Array(batch.items.length).keys()]);
      expect(entry.jsonPayload?.truncated).to.equal(true);
    });

    it('measures the payload as the service does: a small JSON list of numbers can exceed the limit once encoded', async () => {
      // Prepare: 120 KB of JSON, about 660 KB of protobuf (each number is a double in a Value).
      const samples = Array.from({ length: 60_000 }, () => 1);

      // Act
      const entry = await deliverOne((logger) => logger.info({ samples }, 'samples'));

      // Assess
      expect(entry.jsonPayload?.truncated).to.equal(true);
      expect((entry.jsonPayload!.samples as number[]).length).to.be.within(20_000, 23_800);
      expect(entry.sizeBytes).to.be.within(MAX_ENTRY_BYTES - 4_096, MAX_ENTRY_BYTES);
    });

    it('leaves entries just under the limit alone', async () => {
      // Act
      const entry = await deliverOne((logger) =>
        logger.info({ samples: Array.from({ length: 23_000 }, () => 1) }, 'near'),
      );

      // Assess
      expect(entry.jsonPayload).not.to.have.property('truncated');
      expect(entry.jsonPayload?.samples).to.have.length(23_000);
    });
  });

  describe('requests over 10 MB', () => {
    it('splits a batch the service refuses as a whole, and delivers every entry', async function () {
      this.timeout(20_000);
      // Prepare: 45 entries of about 253 KB each once encoded, 2 MB as JSON: one batch, 11 MB on the wire.
      // Encoding a million Values takes the client about half a second: a deadline that allows for it.
      const transport = apiTransport(server, { flushIntervalMs: 60_000, timeoutMs: 10_000 });
      const samples = Array.from({ length: 23_000 }, () => 1);

      // Act
      for (let i = 0; i < 45; i++) transport.write(record(`big ${i}`, Date.now(), { samples }));
      await transport.close(15_000);

      // Assess
      const calls = server.calls('WriteLogEntries');
      expect(calls[0]).to.deep.include({ entryCount: 45, code: 3 });
      expect(calls.slice(1).every((c) => c.code === 0)).to.equal(true);
      expect(server.entries().map((e) => e.jsonPayload?.message)).to.deep.equal(
        Array.from({ length: 45 }, (_, i) => `big ${i}`),
      );
      const stats = transport.stats();
      expect(stats).to.deep.include({ sent: 45, droppedTotal: 0 });
      expect(stats.retried).to.be.at.least(45);
      expect(balanced(stats)).to.equal(true);
    });
  });
});
