import { CreateLogGroupCommand, type InputLogEvent, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchServiceError } from '@cloudlog/testing';
import { expect } from 'chai';
import { logEvents, NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

describe('local CloudWatch Logs: assertion helpers', () => {
  const cw = useLocalCloudWatch();
  const put = (logStreamName: string, events: InputLogEvent[]) =>
    cw.client.send(new PutLogEventsCommand({ logGroupName: 'app', logStreamName, logEvents: events }));

  beforeEach(() => {
    cw.server.createStream('app', 'a');
    cw.server.createStream('app', 'b');
  });

  it('merges the streams of a group in time order, or shows one stream', async () => {
    // Prepare
    await put('a', [
      { timestamp: NOW + 1, message: 'a1' },
      { timestamp: NOW + 3, message: 'a3' },
    ]);
    await put('b', [
      { timestamp: NOW + 2, message: 'b2' },
      { timestamp: NOW + 3, message: 'b3' },
    ]);
    // Act
    const merged = cw.server.messages('app');
    const onlyB = cw.server.events('app', 'b');
    // Assess
    expect(merged).to.deep.equal(['a1', 'b2', 'a3', 'b3']);
    expect(onlyB.map((event) => [event.logStreamName, event.message])).to.deep.equal([
      ['b', 'b2'],
      ['b', 'b3'],
    ]);
    expect(cw.server.events('no-such-group')).to.deep.equal([]);
    expect(cw.server.streams('app')).to.deep.equal(['a', 'b']);
  });

  it('lists stores of hundreds of thousands of events (no argument spreading)', async () => {
    // Prepare: 200,000 small events in 20 full batches, the scale of a load test
    for (let batch = 0; batch < 20; batch++) {
      const events = Array.from({ length: 10_000 }, (_, i) => ({ timestamp: NOW + batch, message: `${batch}/${i}` }));
      await put('a', events);
    }
    // Act
    const events = cw.server.events('app', 'a');
    const merged = cw.server.messages('app');
    // Assess
    expect(events).to.have.length(200_000);
    expect(merged).to.have.length(200_000);
    expect(events[10_000]?.message).to.equal('1/0');
    expect(merged.at(-1)).to.equal('19/9999');
  });

  it('counts calls per operation and logs each request with its event count', async () => {
    // Act
    await put('a', logEvents(3));
    await put('a', logEvents(2, { start: NOW + 10 }));
    await rejectionOf(cw.client.send(new CreateLogGroupCommand({ logGroupName: 'app' })));
    // Assess
    expect(cw.server.calls('PutLogEvents')).to.equal(2);
    expect(cw.server.calls('DescribeLogStreams')).to.equal(0);
    expect(cw.server.calls()).to.equal(3);
    expect(cw.server.requests('PutLogEvents').map((request) => request.eventCount)).to.deep.equal([3, 2]);
    expect(cw.server.requests('CreateLogGroup')[0]).to.deep.include({
      input: { logGroupName: 'app' },
      status: 400,
      errorType: 'ResourceAlreadyExistsException',
      receivedAt: NOW,
    });
  });

  it('waitForEvents resolves once enough events arrive, counting the whole group or one stream', async () => {
    // Prepare
    const group = cw.server.waitForEvents('app', 3);
    const stream = cw.server.waitForEvents('app', 1, { stream: 'b' });
    // Act
    await put('a', logEvents(2));
    await put('b', logEvents(1, { prefix: 'from b ' }));
    // Assess
    expect(await group).to.have.length(3);
    expect((await stream).map((event) => event.message)).to.deep.equal(['from b 0']);
  });

  it('waitForEvents rejects at its deadline, saying what it saw', async () => {
    // Prepare
    await put('a', logEvents(1));
    // Act
    const error = await rejectionOf(cw.server.waitForEvents('app', 5, { timeoutMs: 30 }));
    // Assess
    expect(error.message).to.equal('timed out after 30 ms waiting for 5 events in log group app: 1 stored');
  });

  it('waitForCalls resolves with the requests once they arrived', async () => {
    // Prepare
    const waiting = cw.server.waitForCalls('PutLogEvents', 2);
    // Act
    await Promise.all([put('a', logEvents(1)), put('b', logEvents(1))]);
    // Assess
    expect((await waiting).map((request) => request.operation)).to.deep.equal(['PutLogEvents', 'PutLogEvents']);
  });

  it('reset() forgets groups, requests and faults', async () => {
    // Prepare
    await put('a', logEvents(1));
    cw.server.throttle({ times: 3 });
    // Act
    cw.server.reset();
    // Assess
    expect(cw.server.groups()).to.deep.equal([]);
    expect(cw.server.calls()).to.equal(0);
    expect(cw.server.pendingFaults).to.equal(0);
  });

  it('seeds groups and streams idempotently, with the service rules for names and retention', () => {
    // Act
    cw.server.createGroup('seeded', { retentionInDays: 30 });
    cw.server.createGroup('seeded');
    cw.server.createStream('seeded', 'one');
    cw.server.createStream('seeded', 'one');
    // Assess
    expect(cw.server.groups()).to.deep.equal(['app', 'seeded']);
    expect(cw.server.streams('seeded')).to.deep.equal(['one']);
    expect(cw.server.retentionInDays('seeded')).to.equal(30);
    expect(() => cw.server.createGroup('aws/reserved')).to.throw(CloudWatchServiceError, 'reserved');
    expect(() => cw.server.createGroup('x', { retentionInDays: 2 })).to.throw(
      CloudWatchServiceError,
      'retentionInDays',
    );
  });
});
