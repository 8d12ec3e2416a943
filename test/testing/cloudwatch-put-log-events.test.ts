import {
  InvalidParameterException,
  PutLogEventsCommand,
  type PutLogEventsCommandInput,
  PutRetentionPolicyCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchLimits } from '@cloudlog/testing';
import { expect } from 'chai';
import { DAY, HOUR, logEvents, NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

const { MAX_BATCH_SIZE_BYTES, MAX_EVENT_MESSAGE_BYTES, MAX_EVENTS_PER_BATCH } = cloudWatchLimits;

const GROUP = '/cloudlog/put';
const STREAM = 'web-1';

describe('local CloudWatch Logs: PutLogEvents', () => {
  const cw = useLocalCloudWatch();
  const put = (logEventsToSend: PutLogEventsCommandInput['logEvents'], extra: Partial<PutLogEventsCommandInput> = {}) =>
    cw.client.send(
      new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, logEvents: logEventsToSend, ...extra }),
    );

  beforeEach(() => {
    cw.server.createStream(GROUP, STREAM);
  });

  it('stores accepted events with their ingestion time and returns a sequence token', async () => {
    // Prepare
    const events = [
      { timestamp: NOW - 2, message: 'first' },
      { timestamp: NOW - 1, message: 'second' },
    ];
    // Act
    const output = await put(events);
    // Assess
    expect(output.nextSequenceToken).to.match(/^\d{56}$/);
    expect(output.rejectedLogEventsInfo).to.equal(undefined);
    expect(cw.server.events(GROUP, STREAM)).to.deep.equal([
      { logStreamName: STREAM, timestamp: NOW - 2, message: 'first', ingestionTime: NOW },
      { logStreamName: STREAM, timestamp: NOW - 1, message: 'second', ingestionTime: NOW },
    ]);
  });

  it('ignores the sequence token and accepts parallel puts to one stream', async () => {
    // Prepare
    const batches = [0, 1, 2, 3, 4].map((i) => [{ timestamp: NOW + i, message: `parallel ${i}` }]);
    // Act
    const outputs = await Promise.all(batches.map((batch) => put(batch, { sequenceToken: 'not-a-real-token' })));
    // Assess
    expect(outputs.every((output) => typeof output.nextSequenceToken === 'string')).to.equal(true);
    expect(cw.server.messages(GROUP, STREAM)).to.have.members(batches.map((batch) => batch[0]?.message));
  });

  describe('missing resources', () => {
    it('says the log group does not exist', async () => {
      // Act
      const error = await rejectionOf(
        cw.client.send(
          new PutLogEventsCommand({ logGroupName: 'nope', logStreamName: STREAM, logEvents: logEvents(1) }),
        ),
      );
      // Assess
      expect(error).to.be.instanceOf(ResourceNotFoundException);
      expect(error.message).to.equal('The specified log group does not exist.');
    });

    it('says the log stream does not exist', async () => {
      // Act
      const error = await rejectionOf(
        cw.client.send(
          new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 'nope', logEvents: logEvents(1) }),
        ),
      );
      // Assess
      expect(error).to.be.instanceOf(ResourceNotFoundException);
      expect(error.message).to.equal('The specified log stream does not exist.');
    });
  });

  describe('event count', () => {
    it(`accepts exactly ${MAX_EVENTS_PER_BATCH} events`, async () => {
      // Act
      await put(logEvents(MAX_EVENTS_PER_BATCH));
      // Assess
      expect(cw.server.events(GROUP)).to.have.length(MAX_EVENTS_PER_BATCH);
    });

    it(`rejects ${MAX_EVENTS_PER_BATCH + 1} events whole`, async () => {
      // Act
      const error = await rejectionOf(put(logEvents(MAX_EVENTS_PER_BATCH + 1)));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.contain("at 'logEvents' failed to satisfy constraint");
      expect(error.message).to.contain('less than or equal to 10000');
      expect(cw.server.events(GROUP)).to.have.length(0);
    });

    it('rejects an empty batch', async () => {
      // Act
      const error = await rejectionOf(put([]));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal(
        "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it('rejects a batch holding an empty message, naming the 1-based member', async () => {
      // Act
      const error = await rejectionOf(
        put([
          { timestamp: NOW, message: 'fine' },
          { timestamp: NOW, message: '' },
        ]),
      );
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal(
        "1 validation error detected: Value '' at 'logEvents.2.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      expect(cw.server.events(GROUP)).to.have.length(0);
    });
  });

  describe('sizes in UTF-8 bytes plus 26 per event', () => {
    it(`accepts one event of ${MAX_EVENT_MESSAGE_BYTES} message bytes (the whole 1 MiB batch)`, async () => {
      // Prepare
      const message = 'x'.repeat(MAX_EVENT_MESSAGE_BYTES);
      // Act
      await put([{ timestamp: NOW, message }]);
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal([message]);
    });

    it('rejects one event a byte over, whole, with the size in the message', async () => {
      // Act
      const error = await rejectionOf(put([{ timestamp: NOW, message: 'x'.repeat(MAX_EVENT_MESSAGE_BYTES + 1) }]));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal('Log event too large: 1048577 bytes exceeds limit of 1048576');
      expect(cw.server.events(GROUP)).to.have.length(0);
    });

    it('counts multi-byte characters by bytes: 4-byte emoji filling an event exactly are accepted', async () => {
      // Prepare: 262,137 emoji (4 bytes, 2 UTF-16 units each) + 2 ASCII = 1,048,550 bytes, .length 524,276
      const message = `${'😀'.repeat(262_137)}ab`;
      expect(Buffer.byteLength(message)).to.equal(MAX_EVENT_MESSAGE_BYTES);
      // Act
      await put([{ timestamp: NOW, message }]);
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal([message]);
    });

    it('rejects a multi-byte event whose .length is far under the limit but whose bytes are over', async () => {
      // Prepare: 349,517 euro signs are 1,048,551 bytes but only 349,517 UTF-16 units
      const message = '€'.repeat(349_517);
      // Act
      const error = await rejectionOf(put([{ timestamp: NOW, message }]));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal('Log event too large: 1048577 bytes exceeds limit of 1048576');
    });

    it(`accepts a batch of exactly ${MAX_BATCH_SIZE_BYTES} bytes over several events`, async () => {
      // Prepare: 4 events of 262,118 bytes: 4 * (262,118 + 26) = 1,048,576
      const events = [0, 1, 2, 3].map((i) => ({ timestamp: NOW + i, message: 'é'.repeat(131_059) }));
      expect(Buffer.byteLength(events[0]?.message ?? '')).to.equal(262_118);
      // Act
      await put(events);
      // Assess
      expect(cw.server.events(GROUP)).to.have.length(4);
    });

    it('rejects a batch one byte over, whole, with the batch size in the message', async () => {
      // Prepare: the same four events, the last one a byte longer
      const over = [0, 1, 2, 3].map((i) => ({
        timestamp: NOW + i,
        message: `${'é'.repeat(131_059)}${i === 3 ? '!' : ''}`,
      }));
      // Act
      const error = await rejectionOf(put(over));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal('Upload too large: 1048577 bytes exceeds limit of 1048576');
      expect(cw.server.events(GROUP)).to.have.length(0);
    });
  });

  describe('time order and span', () => {
    it('accepts equal timestamps and rejects a batch out of chronological order, whole', async () => {
      // Prepare
      const sameTime = [
        { timestamp: NOW, message: 'a' },
        { timestamp: NOW, message: 'b' },
      ];
      // Act
      await put(sameTime);
      const error = await rejectionOf(
        put([
          { timestamp: NOW, message: 'late' },
          { timestamp: NOW - 1, message: 'early' },
        ]),
      );
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal('Log events in a single PutLogEvents request must be in chronological order.');
      expect(cw.server.messages(GROUP)).to.deep.equal(['a', 'b']);
    });

    it('accepts a batch spanning exactly 24 hours and rejects one spanning a millisecond more', async () => {
      // Act
      await put([
        { timestamp: NOW - DAY, message: 'day ago' },
        { timestamp: NOW, message: 'now' },
      ]);
      const error = await rejectionOf(
        put([
          { timestamp: NOW - DAY - 1, message: 'too far apart' },
          { timestamp: NOW, message: 'now again' },
        ]),
      );
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.equal(
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
      expect(cw.server.messages(GROUP)).to.deep.equal(['day ago', 'now']);
    });

    it('measures the span over the events it keeps, not the too old ones', async () => {
      // Act
      const output = await put([
        { timestamp: NOW - 20 * DAY, message: 'ancient' },
        { timestamp: NOW - HOUR, message: 'recent' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooOldLogEventEndIndex: 1 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['recent']);
    });
  });

  describe('per-event rejections', () => {
    it('rejects events more than 14 days old (end index exclusive) and keeps one exactly 14 days old', async () => {
      // Act
      const output = await put([
        { timestamp: NOW - 15 * DAY, message: 'old 1' },
        { timestamp: NOW - 14 * DAY - 1, message: 'old 2' },
        { timestamp: NOW - 14 * DAY, message: 'oldest kept' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooOldLogEventEndIndex: 2 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['oldest kept']);
    });

    it('rejects events more than 2 hours ahead (start index inclusive) and keeps one exactly 2 hours ahead', async () => {
      // Act
      const output = await put([
        { timestamp: NOW, message: 'now' },
        { timestamp: NOW + 2 * HOUR, message: 'newest kept' },
        { timestamp: NOW + 2 * HOUR + 1, message: 'future 1' },
        { timestamp: NOW + 3 * HOUR, message: 'future 2' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooNewLogEventStartIndex: 2 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['now', 'newest kept']);
    });

    it('reports too old and too new together and stores the middle', async () => {
      // Act
      const output = await put([
        { timestamp: NOW - 15 * DAY, message: 'old' },
        { timestamp: NOW, message: 'kept' },
        { timestamp: NOW + 3 * HOUR, message: 'future' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 2 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['kept']);
    });

    it("rejects events older than the group's retention as expired", async () => {
      // Prepare
      await cw.client.send(new PutRetentionPolicyCommand({ logGroupName: GROUP, retentionInDays: 1 }));
      // Act
      const output = await put([
        { timestamp: NOW - 2 * DAY, message: 'expired 1' },
        { timestamp: NOW - DAY - 1, message: 'expired 2' },
        { timestamp: NOW - DAY, message: 'kept' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ expiredLogEventEndIndex: 2 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['kept']);
    });

    it('reports an event both too old and expired in both indexes', async () => {
      // Prepare
      cw.server.createGroup(GROUP, { retentionInDays: 1 });
      // Act
      const output = await put([
        { timestamp: NOW - 20 * DAY, message: 'too old and expired' },
        { timestamp: NOW - 2 * DAY, message: 'expired' },
        { timestamp: NOW, message: 'kept' },
      ]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['kept']);
    });

    it('succeeds when every event is rejected, storing nothing', async () => {
      // Act
      const output = await put([{ timestamp: NOW + DAY, message: 'future' }]);
      // Assess
      expect(output.rejectedLogEventsInfo).to.deep.equal({ tooNewLogEventStartIndex: 0 });
      expect(cw.server.events(GROUP)).to.have.length(0);
    });
  });
});
