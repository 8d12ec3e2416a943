import { createLogger } from '@cloudlog/core';
import { expect } from 'chai';
import { GROUP, numbered, rawMessage, record, useCloudWatch } from './helpers.js';

const putSizes = (cw: ReturnType<typeof useCloudWatch>) =>
  cw.server.requests('PutLogEvents').map((request) => request.eventCount);

describe('cloudwatch: batches within the PutLogEvents limits', () => {
  const cw = useCloudWatch();

  describe('events per batch', () => {
    it('sends 10,000 events in one call', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      // Act
      for (const message of numbered(10_000)) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([10_000]);
      expect(cw.server.messages(GROUP)).to.deep.equal(numbered(10_000));
    });

    it('sends 10,001 events in two calls: 10,000 then 1', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      // Act
      for (const message of numbered(10_001)) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([10_000, 1]);
      expect(cw.server.messages(GROUP)).to.deep.equal(numbered(10_001));
    });

    it('honours a smaller maxBatchEvents', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, maxBatchEvents: 3 });
      // Act
      for (const message of numbered(7)) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([3, 3, 1]);
    });
  });

  describe('bytes per batch (UTF-8 bytes + 26 per event)', () => {
    // 16 events of 65,510 message bytes: 16 x (65,510 + 26) = 1,048,576 exactly.
    const EVENTS = 16;
    const MESSAGE_BYTES = 1_048_576 / EVENTS - 26;

    it('sends exactly 1,048,576 bytes in one call', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      const messages = Array.from({ length: EVENTS }, (_, i) => `${i}`.padEnd(MESSAGE_BYTES, 'x'));
      // Act
      for (const message of messages) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([EVENTS]);
      expect(cw.server.messages(GROUP)).to.deep.equal(messages);
      expect(transport.stats()).to.include({ sent: EVENTS, failures: 0, truncated: 0 });
    });

    it('sends one byte more in two calls', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      const messages = Array.from({ length: EVENTS }, (_, i) => `${i}`.padEnd(MESSAGE_BYTES, 'x'));
      messages[EVENTS - 1] += 'x';
      // Act
      for (const message of messages) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([EVENTS - 1, 1]);
      expect(cw.server.messages(GROUP)).to.deep.equal(messages);
    });

    it('counts multi-byte text in UTF-8 bytes, not string length', async () => {
      // Prepare: '😀' is 2 UTF-16 units but 4 UTF-8 bytes, '€' 1 unit but 3 bytes. By .length these
      // 32 events would fit in one batch (32 x (16,384 + 26) = 525,120); in bytes they need two.
      const transport = cw.make({ format: rawMessage });
      const messages = Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? '😀'.repeat(8_192) : '€'.repeat(16_384)));
      expect(messages[0]?.length).to.equal(16_384);
      expect(Buffer.byteLength(messages[0] ?? '')).to.equal(32_768);
      // Act
      for (const message of messages) transport.write(record(message));
      await transport.flush();
      // Assess: 21 events of 32,768 + 26 (or 49,152 + 26) bytes fit; accepted by a server that counts bytes
      const sizes = putSizes(cw);
      expect(sizes).to.have.length(2);
      expect((sizes[0] ?? 0) + (sizes[1] ?? 0)).to.equal(32);
      expect(cw.server.messages(GROUP)).to.deep.equal(messages);
      expect(transport.stats()).to.include({ failures: 0, sent: 32 });
    });

    it('honours a smaller maxBatchBytes', async () => {
      // Prepare: 10 events of 100 + 26 bytes against a 1,260-byte bound: 10 fit, the 11th does not
      const transport = cw.make({ format: rawMessage, maxBatchBytes: 1_260 });
      // Act
      for (let i = 0; i < 11; i++) transport.write(record('m'.repeat(100)));
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([10, 1]);
    });
  });

  describe('when batches go out', () => {
    it('fills batches from a steady stream: 1 PutLogEvents call per 10,000 small JSON events', async () => {
      // Prepare: small lines of the default json() format, about 75 bytes each
      const transport = cw.make();
      const logger = createLogger({ level: 'info', transports: [transport] });
      // Act
      for (let i = 0; i < 30_000; i++) logger.info(`event ${i}`);
      await transport.flush();
      // Assess
      expect(putSizes(cw)).to.deep.equal([10_000, 10_000, 10_000]);
      const first = JSON.parse(cw.server.messages(GROUP)[0] ?? '{}');
      expect(first).to.include({ level: 'info', msg: 'event 0' });
    });

    it('sends a partial batch after flushIntervalMs without any flush()', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, flushIntervalMs: 50 });
      // Act
      transport.write(record('alone'));
      const events = await cw.server.waitForEvents(GROUP, 1, { timeoutMs: 2_000 });
      // Assess
      expect(events.map((event) => event.message)).to.deep.equal(['alone']);
      expect(putSizes(cw)).to.deep.equal([1]);
    });

    it('waits for the interval rather than sending each record alone', async () => {
      // Prepare: a long interval; nothing should go out before flush()
      const transport = cw.make({ format: rawMessage, flushIntervalMs: 60_000 });
      // Act
      for (const message of numbered(100)) transport.write(record(message));
      await new Promise((resolve) => setImmediate(resolve));
      const beforeFlush = transport.stats();
      await transport.flush();
      // Assess
      expect(beforeFlush).to.include({ inFlight: 0, bufferedEvents: 100, batches: 0 });
      expect(putSizes(cw)).to.deep.equal([100]);
    });
  });
});
