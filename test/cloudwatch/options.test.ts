import { hostname } from 'node:os';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { type CloudWatchTransportOptions, cloudWatchLimits, cloudWatchTransport } from '@cloudlog/cloudwatch';
import { createLogger } from '@cloudlog/core';
import { expect } from 'chai';
import { GROUP, record, useCloudWatch } from './helpers.js';

/** The TypeError a construction throws; fails when it does not throw. */
function constructionError(options: Partial<CloudWatchTransportOptions>): TypeError {
  try {
    const transport = cloudWatchTransport({ logGroupName: 'app', clientConfig: { region: 'us-east-1' }, ...options });
    void transport.close(0);
  } catch (error) {
    return error as TypeError;
  }
  throw new Error('expected the construction to throw');
}

describe('cloudwatch: options', () => {
  describe('validation at construction', () => {
    const invalid: [string, Partial<CloudWatchTransportOptions>, RegExp][] = [
      [
        'a missing group',
        { logGroupName: undefined as unknown as string },
        /logGroupName must be a string of 1 to 512/,
      ],
      ['an empty group', { logGroupName: '' }, /logGroupName must be 1 to 512 characters of \[\.-_\/#A-Za-z0-9\]/],
      ['a group with a space', { logGroupName: 'my app' }, /logGroupName .* got "my app"/],
      ['a group of 513 characters', { logGroupName: 'a'.repeat(513) }, /logGroupName .*\(513 characters\)/],
      ['a group under aws/', { logGroupName: 'AWS/lambda/x' }, /not starting with 'aws\/'/],
      [
        'a stream with a colon',
        { logStreamName: 'web:1' },
        /logStreamName must be 1 to 512 characters without ':' or '\*', got "web:1"/,
      ],
      ['a stream with a star', { logStreamName: 'web*' }, /without ':' or '\*'/],
      ['an empty stream', { logStreamName: '' }, /logStreamName must be 1 to 512/],
      ['a stream of 513 characters', { logStreamName: 's'.repeat(513) }, /logStreamName/],
      [
        'an unknown template token',
        { logStreamName: 'web-{host}' },
        /unknown token \{host\}; known tokens: \{hostname\}, \{pid\}/,
      ],
      ['a stream function returning a colon', { logStreamName: () => 'a:b' }, /logStreamName must be/],
      [
        'a retention not allowed',
        { retentionInDays: 2 as 1 },
        /retentionInDays must be one of 1, 3, 5, 7, 14, 30, .*3653, got 2/,
      ],
      [
        'an unknown log group class',
        { logGroupClass: 'COLD' as 'STANDARD' },
        /logGroupClass must be one of .*STANDARD.*got "COLD"/,
      ],
      [
        'client and clientConfig',
        { client: new CloudWatchLogsClient({ region: 'us-east-1' }) },
        /either client .* or clientConfig/,
      ],
      [
        'a client that is not one',
        { clientConfig: undefined, client: {} as CloudWatchLogsClient },
        /client must be a CloudWatchLogsClient/,
      ],
      [
        'keys as plain options',
        { accessKeyId: 'AKIA' } as Partial<CloudWatchTransportOptions>,
        /accessKeyId is not an option: give clientConfig.credentials/,
      ],
      [
        '10,001 events per batch',
        { maxBatchEvents: 10_001 },
        /maxBatchEvents must be an integer from 1 to 10000, got 10001/,
      ],
      ['a batch over 1 MiB', { maxBatchBytes: 1_048_577 }, /maxBatchBytes must be an integer from 1024 to 1048576/],
      ['a fractional buffer', { maxBufferedEvents: 1.5 }, /maxBufferedEvents must be an integer >= 1/],
      ['a negative interval', { flushIntervalMs: -1 }, /flushIntervalMs must be a number of ms from 0/],
      [
        'a backoff ceiling below its base',
        { retry: { baseDelayMs: 500, maxDelayMs: 100 } },
        /retry.maxDelayMs must be >= retry.baseDelayMs/,
      ],
      ['an unknown level', { level: 'loud' as 'info' }, /unknown level "loud"; expected one of trace/],
      ['a format that is not one', { format: 42 as unknown as string }, /format must be json\(\), template/],
      [
        'an onError that is not a function',
        { onError: 'stderr' as unknown as () => void },
        /onError must be a function/,
      ],
    ];
    for (const [what, options, message] of invalid) {
      it(`refuses ${what} with a TypeError that says what is allowed`, () => {
        // Act
        const error = constructionError(options);
        // Assess
        expect(error).to.be.instanceOf(TypeError);
        expect(error.message).to.match(/^cloudWatchTransport: /);
        expect(error.message).to.match(message);
        expect(error.cause).to.deep.equal({ package: '@cloudlog/cloudwatch' });
      });
    }

    it('accepts every documented retention value', () => {
      for (const days of cloudWatchLimits.RETENTION_DAYS) {
        const transport = cloudWatchTransport({
          logGroupName: 'app',
          retentionInDays: days,
          clientConfig: { region: 'us-east-1' },
        });
        void transport.close(0);
      }
    });
  });

  describe('stream names', () => {
    const make = (logStreamName?: CloudWatchTransportOptions['logStreamName']) => {
      const transport = cloudWatchTransport({
        logGroupName: 'app',
        logStreamName,
        clientConfig: { region: 'us-east-1' },
      });
      void transport.close(0);
      return transport.logStreamName;
    };

    it('defaults to host, pid and start time, without ":" or "*"', () => {
      // Act
      const name = make();
      // Assess
      const host = hostname().replace(/[:*]/g, '-');
      expect(name).to.match(
        new RegExp(
          `^${host.replace(/[.]/g, '\\.')}-${process.pid}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z$`,
        ),
      );
      expect(name).not.to.match(/[:*]/);
    });

    it('expands a template', () => {
      // Act
      const name = make('web/{date}/{hostname}/{pid}/{uuid}');
      // Assess
      expect(name).to.match(new RegExp(`^web/\\d{4}-\\d\\d-\\d\\d/.+/${process.pid}/[0-9a-f-]{36}$`));
    });

    it('calls a function once, with hostname, pid and start time', () => {
      // Prepare
      const calls: unknown[] = [];
      // Act
      const name = make((info) => {
        calls.push(info);
        return `${info.hostname}-${info.pid}-${info.startTime.getTime()}`;
      });
      // Assess
      expect(calls).to.have.length(1);
      expect(name).to.equal(`${hostname()}-${process.pid}-${(calls[0] as { startTime: Date }).startTime.getTime()}`);
    });
  });

  describe('in use', () => {
    const cw = useCloudWatch();

    it('creates and writes to the default stream name', async () => {
      // Prepare
      const transport = cw.make({ logStreamName: undefined });
      // Act
      transport.write(record('hello'));
      await transport.flush();
      // Assess
      expect(cw.server.streams(GROUP)).to.deep.equal([transport.logStreamName]);
    });

    it('ships only records at or above its level', async () => {
      // Prepare
      const transport = cw.make({ level: 'warn' });
      const logger = createLogger({ level: 'debug', transports: [transport] });
      // Act
      logger.info('not shipped');
      logger.warn('shipped');
      logger.error('shipped too');
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP).map((message) => JSON.parse(message).msg)).to.deep.equal([
        'shipped',
        'shipped too',
      ]);
    });

    it('takes a template string as its format', async () => {
      // Prepare
      const transport = cw.make({ format: '%(levelname)s | %(message)s' });
      const logger = createLogger({ level: 'info', transports: [transport] });
      // Act
      logger.warn('disk %d%% full', 91);
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['WARN | disk 91% full']);
    });
  });
});
