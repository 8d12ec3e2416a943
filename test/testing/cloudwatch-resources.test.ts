import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchLimits } from '@cloudlog/testing';
import { expect } from 'chai';
import { NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

describe('local CloudWatch Logs: groups, streams, retention', () => {
  const cw = useLocalCloudWatch();
  const createGroup = (logGroupName: string) => cw.client.send(new CreateLogGroupCommand({ logGroupName }));
  const createStream = (logGroupName: string, logStreamName: string) =>
    cw.client.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));

  describe('CreateLogGroup', () => {
    it('creates a group that DescribeLogGroups lists with its ARN and creation time', async () => {
      // Act
      await createGroup('/cloudlog/app');
      const output = await cw.client.send(new DescribeLogGroupsCommand({}));
      // Assess
      expect(cw.server.groups()).to.deep.equal(['/cloudlog/app']);
      expect(output.logGroups).to.have.length(1);
      expect(output.logGroups?.[0]).to.include({
        logGroupName: '/cloudlog/app',
        creationTime: NOW,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/cloudlog/app:*',
        logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/cloudlog/app',
      });
      expect(output.logGroups?.[0]?.retentionInDays).to.equal(undefined);
    });

    it('answers ResourceAlreadyExistsException for an existing group', async () => {
      // Prepare
      await createGroup('dup');
      // Act
      const error = await rejectionOf(createGroup('dup'));
      // Assess
      expect(error).to.be.instanceOf(ResourceAlreadyExistsException);
      expect(error.message).to.equal('The specified log group already exists');
    });

    it('accepts 512 characters of every allowed kind', async () => {
      // Prepare
      const name = `.-_/#AZaz09${'g'.repeat(501)}`;
      expect(name).to.have.length(512);
      // Act
      await createGroup(name);
      // Assess
      expect(cw.server.groups()).to.deep.equal([name]);
    });

    it('rejects 513 characters', async () => {
      // Act
      const error = await rejectionOf(createGroup('g'.repeat(513)));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.match(
        /^1 validation error detected: Value 'g+' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512$/,
      );
      expect(cw.server.groups()).to.deep.equal([]);
    });

    it('rejects an empty name', async () => {
      // Act
      const error = await rejectionOf(createGroup(''));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.contain('Member must have length greater than or equal to 1');
    });

    for (const name of ['has space', 'a:b', 'star*', 'ümlaut', 'tab\tname']) {
      it(`rejects the character set of ${JSON.stringify(name)}`, async () => {
        // Act
        const error = await rejectionOf(createGroup(name));
        // Assess
        expect(error).to.be.instanceOf(InvalidParameterException);
        expect(error.message).to.contain('Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+');
        expect(cw.server.groups()).to.deep.equal([]);
      });
    }

    it('reserves names starting with aws/ in any case, but not /aws/', async () => {
      // Act
      const lower = await rejectionOf(createGroup('aws/mine'));
      const upper = await rejectionOf(createGroup('AWS/mine'));
      await createGroup('/aws/lambda/mine');
      // Assess
      for (const error of [lower, upper]) {
        expect(error).to.be.instanceOf(InvalidParameterException);
        expect(error.message).to.equal('Log groups starting with AWS/ are reserved for AWS.');
      }
      expect(cw.server.groups()).to.deep.equal(['/aws/lambda/mine']);
    });
  });

  describe('CreateLogStream', () => {
    beforeEach(async () => {
      await createGroup('g');
    });

    it('creates a stream that DescribeLogStreams lists', async () => {
      // Act
      await createStream('g', 's');
      const output = await cw.client.send(new DescribeLogStreamsCommand({ logGroupName: 'g' }));
      // Assess
      expect(cw.server.streams('g')).to.deep.equal(['s']);
      expect(output.logStreams?.[0]).to.include({
        logStreamName: 's',
        creationTime: NOW,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s',
      });
    });

    it('answers ResourceAlreadyExistsException for an existing stream', async () => {
      // Prepare
      await createStream('g', 's');
      // Act
      const error = await rejectionOf(createStream('g', 's'));
      // Assess
      expect(error).to.be.instanceOf(ResourceAlreadyExistsException);
      expect(error.message).to.equal('The specified log stream already exists');
    });

    it('answers ResourceNotFoundException when the group is missing', async () => {
      // Act
      const error = await rejectionOf(createStream('missing', 's'));
      // Assess
      expect(error).to.be.instanceOf(ResourceNotFoundException);
      expect(error.message).to.equal('The specified log group does not exist.');
    });

    it('accepts 512 characters of anything but : and *', async () => {
      // Prepare
      const name = `2025/01/15/[$LATEST] é ${'s'.repeat(489)}`;
      expect(name).to.have.length(512);
      // Act
      await createStream('g', name);
      // Assess
      expect(cw.server.streams('g')).to.deep.equal([name]);
    });

    for (const [label, name, constraint] of [
      ['513 characters', 's'.repeat(513), 'Member must have length less than or equal to 512'],
      ['an empty name', '', 'Member must have length greater than or equal to 1'],
      ['a colon', 'host:80', 'Member must satisfy regular expression pattern: [^:*]*'],
      ['an asterisk', 'web-*', 'Member must satisfy regular expression pattern: [^:*]*'],
    ] as const) {
      it(`rejects ${label}`, async () => {
        // Act
        const error = await rejectionOf(createStream('g', name));
        // Assess
        expect(error).to.be.instanceOf(InvalidParameterException);
        expect(error.message).to.contain(`at 'logStreamName' failed to satisfy constraint: ${constraint}`);
        expect(cw.server.streams('g')).to.deep.equal([]);
      });
    }
  });

  describe('DeleteLogStream and DeleteLogGroup', () => {
    beforeEach(async () => {
      cw.server.createStream('g', 'a');
      cw.server.createStream('g', 'b');
    });

    it('deletes a stream, then answers ResourceNotFoundException for it', async () => {
      // Act
      await cw.client.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'a' }));
      const again = await rejectionOf(
        cw.client.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 'a' })),
      );
      // Assess
      expect(cw.server.streams('g')).to.deep.equal(['b']);
      expect(again).to.be.instanceOf(ResourceNotFoundException);
      expect(again.message).to.equal('The specified log stream does not exist.');
    });

    it('deletes a group with its streams, then answers ResourceNotFoundException for it', async () => {
      // Act
      await cw.client.send(new DeleteLogGroupCommand({ logGroupName: 'g' }));
      const again = await rejectionOf(cw.client.send(new DeleteLogGroupCommand({ logGroupName: 'g' })));
      // Assess
      expect(cw.server.groups()).to.deep.equal([]);
      expect(cw.server.streams('g')).to.deep.equal([]);
      expect(again).to.be.instanceOf(ResourceNotFoundException);
      expect(again.message).to.equal('The specified log group does not exist.');
    });
  });

  describe('PutRetentionPolicy', () => {
    beforeEach(async () => {
      await createGroup('g');
    });

    it(`accepts each of the ${cloudWatchLimits.RETENTION_DAYS.length} allowed values`, async () => {
      // Act
      const seen: (number | undefined)[] = [];
      for (const days of cloudWatchLimits.RETENTION_DAYS) {
        await cw.client.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: days }));
        seen.push(cw.server.retentionInDays('g'));
      }
      const described = await cw.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'g' }));
      // Assess
      expect(seen).to.deep.equal([...cloudWatchLimits.RETENTION_DAYS]);
      expect(described.logGroups?.[0]?.retentionInDays).to.equal(3653);
    });

    for (const days of [0, 2, 4, 366, 3654, -1]) {
      it(`rejects ${days} days`, async () => {
        // Act
        const error = await rejectionOf(
          cw.client.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: days })),
        );
        // Assess
        expect(error).to.be.instanceOf(InvalidParameterException);
        expect(error.message).to.contain(`Value '${days}' at 'retentionInDays' failed to satisfy constraint`);
        expect(cw.server.retentionInDays('g')).to.equal(undefined);
      });
    }

    it('answers ResourceNotFoundException for a missing group', async () => {
      // Act
      const error = await rejectionOf(
        cw.client.send(new PutRetentionPolicyCommand({ logGroupName: 'missing', retentionInDays: 7 })),
      );
      // Assess
      expect(error).to.be.instanceOf(ResourceNotFoundException);
    });
  });

  describe('DescribeLogGroups', () => {
    it('filters by prefix and pages with nextToken, in name order', async () => {
      // Prepare
      for (const name of ['/app/c', '/app/a', '/other', '/app/b']) cw.server.createGroup(name);
      // Act
      const first = await cw.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/', limit: 2 }));
      const second = await cw.client.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/', limit: 2, nextToken: first.nextToken }),
      );
      // Assess
      expect(first.logGroups?.map((group) => group.logGroupName)).to.deep.equal(['/app/a', '/app/b']);
      expect(first.nextToken).to.be.a('string');
      expect(second.logGroups?.map((group) => group.logGroupName)).to.deep.equal(['/app/c']);
      expect(second.nextToken).to.equal(undefined);
    });

    it('matches logGroupNamePattern as a case-sensitive substring', async () => {
      // Prepare
      for (const name of ['DataLogs', 'aws-DataLogs-x', 'datalogs']) cw.server.createGroup(name);
      // Act
      const output = await cw.client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'DataLogs' }));
      // Assess
      expect(output.logGroups?.map((group) => group.logGroupName)).to.deep.equal(['DataLogs', 'aws-DataLogs-x']);
    });

    it('rejects a limit over 50', async () => {
      // Act
      const error = await rejectionOf(cw.client.send(new DescribeLogGroupsCommand({ limit: 51 })));
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
      expect(error.message).to.contain('Member must have value less than or equal to 50');
    });
  });

  describe('DescribeLogStreams', () => {
    beforeEach(async () => {
      for (const name of ['web-2', 'web-1', 'worker-1']) cw.server.createStream('g', name);
      await cw.client.send(
        new PutLogEventsCommand({
          logGroupName: 'g',
          logStreamName: 'web-2',
          logEvents: [{ timestamp: NOW - 5, message: 'x' }],
        }),
      );
      await cw.client.send(
        new PutLogEventsCommand({
          logGroupName: 'g',
          logStreamName: 'worker-1',
          logEvents: [{ timestamp: NOW - 9, message: 'y' }],
        }),
      );
    });

    it('filters by prefix and pages with nextToken', async () => {
      // Act
      const first = await cw.client.send(
        new DescribeLogStreamsCommand({ logGroupName: 'g', logStreamNamePrefix: 'web-', limit: 1 }),
      );
      const second = await cw.client.send(
        new DescribeLogStreamsCommand({
          logGroupName: 'g',
          logStreamNamePrefix: 'web-',
          limit: 1,
          nextToken: first.nextToken,
        }),
      );
      // Assess
      expect(first.logStreams?.map((stream) => stream.logStreamName)).to.deep.equal(['web-1']);
      expect(second.logStreams?.map((stream) => stream.logStreamName)).to.deep.equal(['web-2']);
      expect(second.nextToken).to.equal(undefined);
    });

    it('orders by last event time, descending, with event timestamps', async () => {
      // Act
      const output = await cw.client.send(
        new DescribeLogStreamsCommand({ logGroupName: 'g', orderBy: 'LastEventTime', descending: true }),
      );
      // Assess
      expect(output.logStreams?.map((stream) => stream.logStreamName)).to.deep.equal(['web-2', 'worker-1', 'web-1']);
      expect(output.logStreams?.[0]).to.include({
        firstEventTimestamp: NOW - 5,
        lastEventTimestamp: NOW - 5,
        lastIngestionTime: NOW,
      });
    });

    it('answers ResourceNotFoundException for a missing group', async () => {
      // Act
      const error = await rejectionOf(cw.client.send(new DescribeLogStreamsCommand({ logGroupName: 'missing' })));
      // Assess
      expect(error).to.be.instanceOf(ResourceNotFoundException);
      expect(error.message).to.equal('The specified log group does not exist.');
    });

    it('refuses to order by LastEventTime with a prefix, as the service does', async () => {
      // Act
      const error = await rejectionOf(
        cw.client.send(
          new DescribeLogStreamsCommand({ logGroupName: 'g', orderBy: 'LastEventTime', logStreamNamePrefix: 'w' }),
        ),
      );
      // Assess
      expect(error).to.be.instanceOf(InvalidParameterException);
    });
  });
});
