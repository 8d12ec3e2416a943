import { expect } from 'chai';
import { GROUP, numbered, rawMessage, record, STREAM, useCloudWatch } from './helpers.js';

describe('cloudwatch: log group and stream', () => {
  const cw = useCloudWatch();
  const operations = () => cw.server.requests().map((request) => request.operation);

  it('creates the group, sets the retention and creates the stream once, before the first put', async () => {
    // Prepare
    const transport = cw.make({ format: rawMessage, retentionInDays: 30, maxBatchEvents: 10 });
    // Act
    for (const message of numbered(35)) transport.write(record(message));
    await transport.flush();
    for (const message of numbered(5, 'more ')) transport.write(record(message));
    await transport.flush();
    // Assess
    expect(operations()).to.deep.equal([
      'CreateLogGroup',
      'PutRetentionPolicy',
      'CreateLogStream',
      'PutLogEvents',
      'PutLogEvents',
      'PutLogEvents',
      'PutLogEvents',
      'PutLogEvents',
    ]);
    expect(cw.server.retentionInDays(GROUP)).to.equal(30);
    expect(cw.server.streams(GROUP)).to.deep.equal([STREAM]);
    expect(transport.stats().calls).to.deep.equal({
      CreateLogGroup: 1,
      PutRetentionPolicy: 1,
      CreateLogStream: 1,
      PutLogEvents: 5,
    });
  });

  it('takes an existing group and stream as they are (ResourceAlreadyExistsException is success)', async () => {
    // Prepare
    cw.server.createStream(GROUP, STREAM);
    cw.server.createGroup(GROUP, { retentionInDays: 7 });
    const transport = cw.make({ format: rawMessage });
    // Act
    transport.write(record('hello'));
    await transport.flush();
    // Assess
    expect(cw.server.messages(GROUP)).to.deep.equal(['hello']);
    expect(cw.server.requests().map((request) => [request.operation, request.errorType])).to.deep.equal([
      ['CreateLogGroup', 'ResourceAlreadyExistsException'],
      ['CreateLogStream', 'ResourceAlreadyExistsException'],
      ['PutLogEvents', undefined],
    ]);
    expect(cw.server.retentionInDays(GROUP)).to.equal(7);
    expect(transport.stats()).to.include({ failures: 0, sent: 1 });
  });

  it('passes logGroupClass to CreateLogGroup', async () => {
    // Prepare
    const transport = cw.make({ format: rawMessage, logGroupClass: 'INFREQUENT_ACCESS' });
    // Act
    transport.write(record('hello'));
    await transport.flush();
    // Assess
    expect(cw.server.requests('CreateLogGroup')[0]?.input).to.deep.include({ logGroupClass: 'INFREQUENT_ACCESS' });
  });

  it('with createLogGroup and createLogStream off, only puts', async () => {
    // Prepare
    cw.server.createStream(GROUP, STREAM);
    const transport = cw.make({ format: rawMessage, createLogGroup: false, createLogStream: false });
    // Act
    transport.write(record('hello'));
    await transport.flush();
    // Assess
    expect(operations()).to.deep.equal(['PutLogEvents']);
    expect(cw.server.messages(GROUP)).to.deep.equal(['hello']);
  });

  it('never calls DescribeLogStreams or DescribeLogGroups, however many batches', async () => {
    // Prepare
    const transport = cw.make({ format: rawMessage, maxBatchEvents: 1 });
    // Act
    for (const message of numbered(50)) transport.write(record(message));
    await transport.flush();
    // Assess
    expect(cw.server.calls('PutLogEvents')).to.equal(50);
    expect(cw.server.calls('DescribeLogStreams')).to.equal(0);
    expect(cw.server.calls('DescribeLogGroups')).to.equal(0);
    expect(cw.server.requests('PutLogEvents').some((request) => request.input?.sequenceToken !== undefined)).to.equal(
      false,
    );
  });

  it('goes on when CreateLogGroup is denied (the role may only write to a group made elsewhere), and says so once', async () => {
    // Prepare
    cw.server.createGroup(GROUP);
    cw.server.rejectCredentials({ type: 'AccessDeniedException', operation: 'CreateLogGroup' });
    const transport = cw.make({ format: rawMessage });
    // Act
    transport.write(record('hello'));
    await transport.flush();
    // Assess
    expect(cw.server.messages(GROUP)).to.deep.equal(['hello']);
    expect(cw.errors.map((error) => error.message)).to.deep.equal([
      'cloudwatch:/cloudlog/test: CreateLogGroup was denied, assuming the log group exists (set createLogGroup: false to skip this call)',
    ]);
  });

  describe('deleted while running', () => {
    it('creates a deleted stream again once and delivers the batch that found it missing', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      transport.write(record('before'));
      await transport.flush();
      cw.server.deleteStream(GROUP, STREAM);
      // Act
      transport.write(record('after 1'));
      transport.write(record('after 2'));
      await transport.flush();
      transport.write(record('later'));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['after 1', 'after 2', 'later']); // 'before' went with the stream
      expect(cw.server.requests().map((request) => [request.operation, request.errorType ?? 'ok'])).to.deep.equal([
        ['CreateLogGroup', 'ok'],
        ['CreateLogStream', 'ok'],
        ['PutLogEvents', 'ok'],
        ['PutLogEvents', 'ResourceNotFoundException'],
        ['CreateLogGroup', 'ResourceAlreadyExistsException'],
        ['CreateLogStream', 'ok'],
        ['PutLogEvents', 'ok'],
        ['PutLogEvents', 'ok'],
      ]);
      expect(transport.stats()).to.include({ recreated: 1, sent: 4, droppedTotal: 0, retried: 2 });
    });

    it('creates a deleted group again with its stream and retention', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage, retentionInDays: 14 });
      transport.write(record('before'));
      await transport.flush();
      cw.server.deleteGroup(GROUP);
      // Act
      transport.write(record('after'));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['after']);
      expect(cw.server.retentionInDays(GROUP)).to.equal(14);
      expect(cw.server.calls('CreateLogGroup')).to.equal(2);
      expect(cw.server.calls('CreateLogStream')).to.equal(2);
      expect(transport.stats()).to.include({ recreated: 1, droppedTotal: 0 });
    });

    it('with stream creation off, backs off rather than hammering a stream it may not create', async () => {
      // Prepare
      const transport = cw.make({
        format: rawMessage,
        createLogGroup: false,
        createLogStream: false,
        flushIntervalMs: 10,
        retry: { baseDelayMs: 20, maxDelayMs: 20 },
      });
      // Act
      transport.write(record('waiting for its stream'));
      await cw.server.waitForCalls('PutLogEvents', 3, { timeoutMs: 2_000 });
      cw.server.createStream(GROUP, STREAM);
      const delivered = await transport.flush(2_000);
      // Assess
      expect(delivered).to.equal(true);
      expect(cw.server.messages(GROUP)).to.deep.equal(['waiting for its stream']);
      expect(cw.server.calls('CreateLogStream')).to.equal(0);
      expect(cw.errors.some((error) => /ResourceNotFoundException/.test(error.message))).to.equal(true);
    });
  });
});
