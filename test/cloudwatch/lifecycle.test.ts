import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createLogger } from '@cloudlog/core';
import { expect } from 'chai';
import { balances, GROUP, numbered, rawMessage, record, useCloudWatch } from './helpers.js';

describe('cloudwatch: flush, close and the client', () => {
  const cw = useCloudWatch();

  describe('flush()', () => {
    it('resolves true once everything written before it is delivered', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, flushIntervalMs: 60_000 });
      for (const message of numbered(25)) transport.write(record(message));
      // Act
      const flushed = transport.flush();
      transport.write(record('after the flush call'));
      const result = await flushed;
      // Assess: the 25 are stored at the moment flush resolves
      const storedAtResolve = cw.server.messages(GROUP);
      expect(result).to.equal(true);
      expect(storedAtResolve.slice(0, 25)).to.deep.equal(numbered(25));
      expect(transport.stats().sent).to.be.at.least(25);
    });

    it('resolves true at once, without any call, when nothing was written', async () => {
      // Prepare
      const transport = cw.make();
      // Act
      const result = await transport.flush();
      // Assess
      expect(result).to.equal(true);
      expect(cw.server.calls()).to.equal(0);
    });

    it('resolves false at its deadline while the service hangs, and keeps the records for later', async () => {
      // Prepare
      const transport = cw.make({
        format: rawMessage,
        requestTimeoutMs: 300,
        retry: { baseDelayMs: 10, maxDelayMs: 10 },
      });
      cw.server.hang({ times: 1 });
      transport.write(record('late but delivered'));
      // Act
      const started = Date.now();
      const result = await transport.flush(100);
      const waited = Date.now() - started;
      // Assess
      expect(result).to.equal(false);
      expect(waited).to.be.below(1_000);
      expect(await transport.flush(3_000)).to.equal(true);
      expect(cw.server.messages(GROUP)).to.deep.equal(['late but delivered']);
    });

    it('counts as settled what the service rejected: "delivered or counted as dropped"', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      cw.server.failWith({ type: 'InvalidParameterException', times: 1 });
      transport.write(record('refused'));
      // Act
      const result = await transport.flush();
      // Assess
      expect(result).to.equal(true);
      expect(transport.stats()).to.include({ droppedTotal: 1, bufferedEvents: 0 });
    });

    it('is what logger.flush() waits for', async () => {
      // Prepare
      const transport = cw.make({ flushIntervalMs: 60_000 });
      const logger = createLogger({ level: 'info', transports: [transport] });
      logger.info({ user: 'ada' }, 'signed in');
      // Act
      await logger.flush();
      // Assess
      expect(JSON.parse(cw.server.messages(GROUP)[0] ?? '{}')).to.include({ msg: 'signed in', user: 'ada' });
    });
  });

  describe('close()', () => {
    it('flushes, then refuses (and counts) later records; a second call returns the same promise', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, flushIntervalMs: 60_000 });
      for (const message of numbered(10)) transport.write(record(message));
      // Act
      const closing = transport.close();
      transport.write(record('after close'));
      await closing;
      transport.write(record('after close, again'));
      // Assess
      expect(transport.close()).to.equal(closing);
      expect(cw.server.messages(GROUP)).to.deep.equal(numbered(10));
      const stats = transport.stats();
      expect(stats.dropped).to.deep.equal({ closed: 2 });
      expect(stats).to.include({ sent: 10, droppedAtPush: 2 });
      expect(balances(stats)).to.equal(true);
    });

    it('gives up at its deadline on a hung service: aborts the request and counts the records as closed', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, requestTimeoutMs: 60_000 });
      cw.server.hang({ times: Number.POSITIVE_INFINITY });
      for (const message of numbered(5)) transport.write(record(message));
      // Act
      const started = Date.now();
      await transport.close(200);
      // Assess
      expect(Date.now() - started).to.be.below(2_000);
      expect(transport.stats().dropped).to.deep.equal({ closed: 5 });
      expect(transport.stats().bufferedEvents).to.equal(0);
      expect(cw.errors.some((error) => /close\(\) deadline of 200 ms passed, dropped 5/.test(error.message))).to.equal(
        true,
      );
    });

    it('destroys the client it made', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      let destroyed = 0;
      const destroy = transport.client.destroy.bind(transport.client);
      transport.client.destroy = () => {
        destroyed++;
        destroy();
      };
      transport.write(record('x'));
      // Act
      await transport.close();
      // Assess
      expect(destroyed).to.equal(1);
    });

    it('never destroys a client it was given, which stays usable', async () => {
      // Prepare
      const client = new CloudWatchLogsClient(cw.server.clientConfig({ maxAttempts: 1 }));
      let destroyed = 0;
      const destroy = client.destroy.bind(client);
      client.destroy = () => {
        destroyed++;
        destroy();
      };
      const transport = cw.make({ format: rawMessage, client });
      transport.write(record('x'));
      try {
        // Act
        await transport.close();
        const after = await client.send(new DescribeLogGroupsCommand({}));
        // Assess
        expect(destroyed).to.equal(0);
        expect(transport.client).to.equal(client);
        expect(after.logGroups?.map((group) => group.logGroupName)).to.deep.equal([GROUP]);
      } finally {
        client.destroy();
      }
    });

    it('is what Symbol.asyncDispose does (await using)', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, flushIntervalMs: 60_000 });
      transport.write(record('disposed'));
      // Act
      await transport[Symbol.asyncDispose]();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['disposed']);
      transport.write(record('too late'));
      expect(transport.stats().dropped).to.deep.equal({ closed: 1 });
    });
  });

  describe('write()', () => {
    it('formats the record at once: the caller may reuse its fields object', async () => {
      // Prepare
      const transport = cw.make({ flushIntervalMs: 60_000 });
      const logger = createLogger({ level: 'info', transports: [transport] });
      const fields = { step: 1 };
      // Act
      logger.info(fields, 'first');
      fields.step = 2;
      logger.info(fields, 'second');
      await transport.flush();
      // Assess
      const steps = cw.server.messages(GROUP).map((message) => JSON.parse(message).step);
      expect(steps).to.deep.equal([1, 2]);
    });

    it('never throws, even when its clock does: the record is counted as dropped', () => {
      // Prepare
      const transport = cw.make({
        now: () => {
          throw new Error('clock broken');
        },
      });
      // Act
      const act = () => transport.write(record('x'));
      // Assess
      expect(act).not.to.throw();
      expect(transport.stats().dropped).to.deep.equal({ write_error: 1 });
      expect(cw.errors[0]?.cause).to.have.property('message', 'clock broken');
    });

    it('does no network work itself: nothing is sent before the batch is due', () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      // Act
      for (const message of numbered(1_000)) transport.write(record(message));
      // Assess: synchronously after 1,000 writes, everything is waiting and nothing is in flight
      expect(transport.stats()).to.include({ enqueued: 1_000, bufferedEvents: 1_000, inFlight: 0 });
      expect(cw.server.calls()).to.equal(0);
    });
  });
});
