import { CloudWatchLogsClient, type PutLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { expect } from 'chai';
import { balances, GROUP, numbered, rawMessage, record, until, useCloudWatch } from './helpers.js';

// Fast backoff so the tests stay short; the policy is the same at any scale.
const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 50, credentialsPauseMs: 40 };

describe('cloudwatch: faults are survived, nothing is lost, order is kept', () => {
  const cw = useCloudWatch();
  const make = (options = {}) => cw.make({ format: rawMessage, retry: FAST_RETRY, ...options });
  const putOutcomes = () => cw.server.requests('PutLogEvents').map((request) => request.errorType ?? request.status);

  /** Writes `first`, lets the fault hit it, writes `second` meanwhile, and returns once all is flushed. */
  async function logAcrossFault(transport: ReturnType<typeof make>, count = 20): Promise<string[]> {
    const messages = numbered(count);
    const half = count / 2;
    for (const message of messages.slice(0, half)) transport.write(record(message));
    const firstFlush = transport.flush(5_000);
    await until(() => transport.stats().failures >= 1, 3_000, 'a failed attempt');
    for (const message of messages.slice(half)) transport.write(record(message));
    expect(await firstFlush).to.equal(true);
    expect(await transport.flush(5_000)).to.equal(true);
    return messages;
  }

  const retryable = [
    { fault: 'ThrottlingException', inject: () => cw.server.throttle({ times: 2 }), reason: 'throttled' },
    {
      fault: 'ServiceUnavailableException (503)',
      inject: () => cw.server.unavailable({ times: 2 }),
      reason: 'unavailable',
    },
    { fault: 'a bare 500', inject: () => cw.server.serverError({ status: 500, times: 2 }), reason: 'server_error' },
    { fault: 'a bare 502', inject: () => cw.server.serverError({ status: 502, times: 2 }), reason: 'server_error' },
  ];
  for (const { fault, inject, reason } of retryable) {
    it(`retries ${fault} with backoff, keeping the batch and the order`, async () => {
      // Prepare
      const transport = make();
      inject();
      // Act
      const messages = await logAcrossFault(transport);
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(messages);
      const stats = transport.stats();
      expect(stats).to.include({ failures: 2, sent: 20, droppedTotal: 0, retried: 20 });
      expect(cw.errors.map((error) => (error as { reason?: string }).reason)).to.deep.equal([reason, reason]);
    });
  }

  for (const type of ['ExpiredTokenException', 'UnrecognizedClientException', 'AccessDeniedException'] as const) {
    it(`pauses on ${type} with a growing pause, then delivers everything`, async () => {
      // Prepare: pauses of 40, 80 and 160 ms (they double up to max(credentialsPauseMs, maxDelayMs))
      const transport = make({ retry: { ...FAST_RETRY, maxDelayMs: 1_000 } });
      cw.server.rejectCredentials({ type, times: 3 });
      // Act
      const messages = await logAcrossFault(transport);
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(messages);
      expect(transport.stats()).to.include({ failures: 3, droppedTotal: 0 });
      // Each pause is at least half fixed: gaps of >= 20, 40, 80 ms (a timer may fire 1 ms early)
      const arrivals = cw.server.requests('PutLogEvents').map((request) => request.receivedAt);
      const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? 0));
      expect(gaps[0]).to.be.at.least(19);
      expect(gaps[1]).to.be.at.least(39);
      expect(gaps[2]).to.be.at.least(79);
      expect(cw.errors.every((error) => (error as { reason?: string }).reason === 'credentials')).to.equal(true);
    });
  }

  it('pauses while the credential chain finds nothing, and sends once credentials appear', async () => {
    // Prepare: a credentials provider that fails twice (as the default chain does with no role
    // attached yet), given through clientConfig
    let lookups = 0;
    const credentials = async () => {
      lookups++;
      if (lookups <= 2)
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      return { accessKeyId: 'late', secretAccessKey: 'late' };
    };
    const transport = make({ clientConfig: { ...cw.server.clientConfig(), credentials } });
    // Act
    transport.write(record('waited for credentials'));
    const delivered = await transport.flush(5_000);
    // Assess
    expect(delivered).to.equal(true);
    expect(cw.server.messages(GROUP)).to.deep.equal(['waited for credentials']);
    expect(lookups).to.be.at.least(3);
    const stats = transport.stats();
    expect(stats.failures).to.equal(2);
    expect(cw.errors.map((error) => (error as { reason?: string }).reason)).to.deep.equal([
      'credentials',
      'credentials',
    ]);
    // No request left the process while there were no credentials.
    expect(stats.calls.CreateLogGroup).to.equal(1);
    expect(cw.server.calls()).to.equal(3);
  });

  it('times out a hung request (requestTimeoutMs) and retries it', async () => {
    // Prepare
    const transport = make({ requestTimeoutMs: 200 });
    cw.server.hang({ times: 1 });
    // Act
    const messages = await logAcrossFault(transport);
    // Assess
    expect(cw.server.messages(GROUP)).to.deep.equal(messages);
    expect(transport.stats()).to.include({ failures: 1, droppedTotal: 0 });
    expect(transport.stats().lastError).to.match(/TimeoutError: .*requestTimeout/);
    expect(putOutcomes()).to.deep.equal([undefined, 200, 200]);
  });

  it('keeps its throwing request timeout under request handler options given in clientConfig', async () => {
    // Prepare
    const clientConfig = { ...cw.server.clientConfig(), requestHandler: { connectionTimeout: 1_000 } };
    const transport = make({ clientConfig, requestTimeoutMs: 200 });
    cw.server.hang({ times: 1 });
    // Act
    transport.write(record('after one timeout'));
    const delivered = await transport.flush(5_000);
    // Assess
    expect(delivered).to.equal(true);
    expect(transport.stats().lastError).to.match(/TimeoutError/);
    expect(cw.server.messages(GROUP)).to.deep.equal(['after one timeout']);
  });

  it('survives connection refused while the service is down, and delivers when it returns', async () => {
    // Prepare
    const transport = make();
    transport.write(record('before'));
    await transport.flush();
    await cw.server.stop();
    // Act
    for (const message of numbered(10)) transport.write(record(message));
    const flushed = transport.flush(10_000);
    await until(() => transport.stats().failures >= 3, 3_000, 'three refused attempts');
    await cw.server.restart();
    // Assess
    expect(await flushed).to.equal(true);
    expect(cw.server.messages(GROUP)).to.deep.equal(['before', ...numbered(10)]);
    expect(transport.stats().lastError).to.match(/ECONNREFUSED/);
    expect(cw.errors.every((error) => (error as { reason?: string }).reason === 'network')).to.equal(true);
  });

  it('survives a connection reset in the middle of a request', async () => {
    // Prepare: the request hangs, then the server cuts the connection under it
    const transport = make();
    cw.server.hang({ times: 1 });
    for (const message of numbered(10)) transport.write(record(message));
    const flushed = transport.flush(10_000);
    await cw.server.waitForCalls('PutLogEvents', 1);
    // Act
    await cw.server.stop();
    await cw.server.restart();
    // Assess
    expect(await flushed).to.equal(true);
    expect(cw.server.messages(GROUP)).to.deep.equal(numbered(10));
    expect(transport.stats().lastError).to.match(/ECONNRESET|socket hang up/);
    expect(transport.stats()).to.include({ droppedTotal: 0, sent: 10 });
  });

  it('delivers everything, in order, through a throttling storm (half of all calls throttled)', async () => {
    // Prepare
    const transport = make({ maxBatchEvents: 50, flushIntervalMs: 5 });
    cw.server.throttle({ rate: 0.5, seed: 7 });
    const messages = numbered(5_000);
    // Act: a steady stream of 100 events per tick
    for (let i = 0; i < messages.length; i += 100) {
      for (const message of messages.slice(i, i + 100)) transport.write(record(message));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const delivered = await transport.flush(20_000);
    // Assess
    expect(delivered).to.equal(true);
    expect(cw.server.messages(GROUP)).to.deep.equal(messages);
    const stats = transport.stats();
    expect(stats).to.include({ sent: 5_000, droppedTotal: 0, batches: 100 });
    expect(stats.failures).to.be.above(50);
    expect(stats.retried).to.equal(stats.failures * 50);
    expect(cw.server.requests('PutLogEvents').filter((r) => r.errorType === 'ThrottlingException')).to.have.length(
      stats.failures,
    );
  });

  describe('InvalidParameterException', () => {
    it('splits the batch to isolate the bad event, drops and counts only that one', async () => {
      // Prepare: the server refuses the batch, its first half, and that half's first half
      const transport = make();
      cw.server.failWith({ type: 'InvalidParameterException', message: 'bad event', times: 3 });
      // Act
      for (const message of ['bad', 'b', 'c', 'd']) transport.write(record(message));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['b', 'c', 'd']);
      expect(cw.server.requests('PutLogEvents').map((request) => request.eventCount)).to.deep.equal([4, 2, 1, 1, 2]);
      const stats = transport.stats();
      expect(stats).to.include({ sent: 3, droppedTotal: 1, droppedAtPush: 0 });
      expect(stats.dropped).to.deep.equal({ invalid: 1 });
      expect(balances(stats)).to.equal(true);
    });

    it('finds one event the service refuses among 100 and delivers the 99 others in order', async () => {
      // Prepare: a client whose middleware empties any message containing POISON on its way out,
      // as if an invalid event had slipped through; the real server then refuses the whole batch.
      const client = new CloudWatchLogsClient({
        ...cw.server.clientConfig({ maxAttempts: 1 }),
        requestHandler: { requestTimeout: 2_000, throwOnRequestTimeout: true },
      });
      client.middlewareStack.add(
        (next) => async (args) => {
          const input = args.input as PutLogEventsCommandInput;
          const logEvents = input.logEvents?.map((event) =>
            event.message?.includes('POISON') ? { ...event, message: '' } : event,
          );
          return next(logEvents === undefined ? args : { ...args, input: { ...input, logEvents } });
        },
        { step: 'initialize', name: 'poisonForTest' },
      );
      const transport = make({ client });
      const messages = numbered(100);
      messages[37] = 'POISON 37';
      try {
        // Act
        for (const message of messages) transport.write(record(message));
        await transport.flush();
        // Assess
        expect(cw.server.messages(GROUP)).to.deep.equal(messages.filter((message) => message !== 'POISON 37'));
        expect(transport.stats().dropped).to.deep.equal({ invalid: 1 });
        expect(cw.server.requests('PutLogEvents')[0]?.errorType).to.equal('InvalidParameterException');
        // log2(100) rounds of halving, not 100 single-event calls
        expect(cw.server.calls('PutLogEvents')).to.be.at.most(20);
      } finally {
        await transport.close();
        client.destroy();
      }
    });
  });

  describe("the SDK's own retries", () => {
    it('are off in the client the transport makes: every retry is the transport’s, counted once', async () => {
      // Prepare
      const transport = make();
      cw.server.unavailable({ times: 1 });
      // Act
      transport.write(record('one'));
      await transport.flush();
      // Assess
      expect(cw.server.calls('PutLogEvents')).to.equal(2);
      expect(transport.stats()).to.include({ failures: 1, retried: 1, sdkRetries: 0 });
      expect(transport.stats().calls.PutLogEvents).to.equal(2);
    });

    it('are accounted for with your own client: calls and sdkRetries include them', async () => {
      // Prepare: a client that retries 5xx up to 3 attempts by itself
      const client = new CloudWatchLogsClient(cw.server.clientConfig({ maxAttempts: 3 }));
      const transport = make({ client });
      cw.server.unavailable({ times: 2 });
      try {
        // Act
        transport.write(record('one'));
        await transport.flush();
        // Assess: one attempt of the transport, three HTTP requests
        expect(cw.server.calls('PutLogEvents')).to.equal(3);
        expect(transport.stats()).to.include({ failures: 0, retried: 0, sdkRetries: 2 });
        expect(transport.stats().calls.PutLogEvents).to.equal(3);
        expect(cw.server.messages(GROUP)).to.deep.equal(['one']);
      } finally {
        await transport.close();
        client.destroy();
      }
    });
  });
});
