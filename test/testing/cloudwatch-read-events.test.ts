import {
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  GetLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { expect } from 'chai';
import { NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

const GROUP = 'read-group';

describe('local CloudWatch Logs: GetLogEvents and FilterLogEvents', () => {
  const cw = useLocalCloudWatch();

  beforeEach(async () => {
    const batches: Record<string, string[]> = {
      'web-1': ['GET /health 200', 'ERROR upstream timeout', 'GET /users 200'],
      'web-2': ['POST /login 401', 'ERROR "connection reset" by peer', 'error lowercase'],
      'worker-1': ['job started', 'WARN retrying job'],
    };
    for (const [stream, messages] of Object.entries(batches)) {
      cw.server.createStream(GROUP, stream);
      const logEvents = messages.map((message, i) => ({ timestamp: NOW + i * 10 + stream.length, message }));
      await cw.client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents }));
    }
  });

  describe('GetLogEvents', () => {
    const get = (input: Partial<ConstructorParameters<typeof GetLogEventsCommand>[0]> = {}) =>
      cw.client.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: 'web-1', ...input }));

    it('pages forward from the head with nextForwardToken, which repeats at the end', async () => {
      // Act
      const first = await get({ startFromHead: true, limit: 2 });
      const second = await get({ limit: 2, nextToken: first.nextForwardToken });
      const end = await get({ limit: 2, nextToken: second.nextForwardToken });
      // Assess
      expect(first.events?.map((event) => event.message)).to.deep.equal(['GET /health 200', 'ERROR upstream timeout']);
      expect(second.events?.map((event) => event.message)).to.deep.equal(['GET /users 200']);
      expect(end.events).to.deep.equal([]);
      expect(end.nextForwardToken).to.equal(second.nextForwardToken);
      expect(first.events?.[0]).to.deep.equal({ timestamp: NOW + 5, message: 'GET /health 200', ingestionTime: NOW });
    });

    it('returns the newest events by default and pages back with nextBackwardToken', async () => {
      // Act
      const tail = await get({ limit: 2 });
      const before = await get({ limit: 2, nextToken: tail.nextBackwardToken });
      // Assess
      expect(tail.events?.map((event) => event.message)).to.deep.equal(['ERROR upstream timeout', 'GET /users 200']);
      expect(before.events?.map((event) => event.message)).to.deep.equal(['GET /health 200']);
    });

    it('includes startTime and excludes endTime', async () => {
      // Act
      const output = await get({ startFromHead: true, startTime: NOW + 15, endTime: NOW + 25 });
      // Assess
      expect(output.events?.map((event) => event.message)).to.deep.equal(['ERROR upstream timeout']);
    });

    it('answers ResourceNotFoundException for a missing stream and InvalidParameterException for a bad token', async () => {
      // Act
      const missing = await rejectionOf(get({ logStreamName: 'nope' }));
      const badToken = await rejectionOf(get({ nextToken: 'garbage' }));
      // Assess
      expect(missing).to.be.instanceOf(ResourceNotFoundException);
      expect(missing.message).to.equal('The specified log stream does not exist.');
      expect(badToken).to.be.instanceOf(InvalidParameterException);
    });
  });

  describe('FilterLogEvents', () => {
    const filter = async (input: Partial<FilterLogEventsCommandInput> = {}) => {
      const output = await cw.client.send(new FilterLogEventsCommand({ logGroupName: GROUP, ...input }));
      return output.events?.map((event) => event.message) ?? [];
    };

    it('returns every stream merged in time order without a pattern, with stream names and event ids', async () => {
      // Act
      const output = await cw.client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
      // Assess
      expect(output.events?.map((event) => event.message)).to.deep.equal(cw.server.messages(GROUP));
      expect(output.events).to.have.length(8);
      expect(output.events?.[0]).to.include({ logStreamName: 'web-1', timestamp: NOW + 5, ingestionTime: NOW });
      expect(new Set(output.events?.map((event) => event.eventId)).size).to.equal(8);
    });

    it('matches every term, case-sensitively', async () => {
      // Act
      const both = await filter({ filterPattern: 'ERROR timeout' });
      const lower = await filter({ filterPattern: 'error' });
      // Assess
      expect(both).to.deep.equal(['ERROR upstream timeout']);
      expect(lower).to.deep.equal(['error lowercase']);
    });

    it('matches a quoted phrase as one term', async () => {
      // Act
      const phrase = await filter({ filterPattern: '"connection reset"' });
      const words = await filter({ filterPattern: '"reset connection"' });
      // Assess
      expect(phrase).to.deep.equal(['ERROR "connection reset" by peer']);
      expect(words).to.deep.equal([]);
    });

    it('supports ?any-of and -excluded terms', async () => {
      // Act
      const anyOf = await filter({ filterPattern: '?WARN ?401' });
      const excluded = await filter({ filterPattern: 'ERROR -upstream' });
      // Assess
      expect(anyOf).to.deep.equal(['POST /login 401', 'WARN retrying job']);
      expect(excluded).to.deep.equal(['ERROR "connection reset" by peer']);
    });

    it('narrows by stream names or a stream name prefix, and by an inclusive time range', async () => {
      // Act
      const byNames = await filter({ logStreamNames: ['worker-1'] });
      const byPrefix = await filter({ logStreamNamePrefix: 'web-', filterPattern: '200' });
      const byTime = await filter({ startTime: NOW + 15, endTime: NOW + 18 });
      // Assess
      expect(byNames).to.deep.equal(['job started', 'WARN retrying job']);
      expect(byPrefix).to.deep.equal(['GET /health 200', 'GET /users 200']);
      expect(byTime).to.deep.equal(['ERROR upstream timeout', 'ERROR "connection reset" by peer', 'WARN retrying job']);
    });

    it('pages with nextToken', async () => {
      // Act
      const first = await cw.client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 5 }));
      const second = await cw.client.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, limit: 5, nextToken: first.nextToken }),
      );
      // Assess
      expect(first.events).to.have.length(5);
      expect(second.events).to.have.length(3);
      expect(second.nextToken).to.equal(undefined);
      expect([...(first.events ?? []), ...(second.events ?? [])].map((event) => event.message)).to.deep.equal(
        cw.server.messages(GROUP),
      );
    });

    it('says plainly that JSON and regex patterns are not implemented locally', async () => {
      // Act
      const error = await rejectionOf(filter({ filterPattern: '{ $.level = "error" }' }));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.contain('implements only term filter patterns');
    });
  });
});
