import {
  AccessDeniedException,
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  CreateLogGroupCommand,
  DescribeLogStreamsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ThrottlingException,
  UnrecognizedClientException,
} from '@aws-sdk/client-cloudwatch-logs';
import { expect } from 'chai';
import { NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

const GROUP = 'faults';
const STREAM = 's';

describe('local CloudWatch Logs: fault injection', () => {
  const cw = useLocalCloudWatch();
  let sent = 0;
  const put = (client: CloudWatchLogsClient = cw.client) => {
    sent += 1;
    const logEvents = [{ timestamp: NOW, message: `event ${sent}` }];
    return client.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, logEvents }));
  };
  /** A second client on the same server, for SDK retry behaviour. */
  const withClient = async <T>(maxAttempts: number, use: (client: CloudWatchLogsClient) => Promise<T>) => {
    const client = new CloudWatchLogsClient(cw.server.clientConfig({ maxAttempts }));
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  };

  beforeEach(() => {
    sent = 0;
    cw.server.createStream(GROUP, STREAM);
  });

  describe('throttling', () => {
    it('answers the next N PutLogEvents calls with ThrottlingException (HTTP 400) and stores nothing for them', async () => {
      // Prepare
      cw.server.throttle({ times: 2 });
      // Act
      const first = await rejectionOf(put());
      const second = await rejectionOf(put());
      await put();
      // Assess
      for (const error of [first, second]) {
        expect(error).to.be.instanceOf(ThrottlingException);
        expect(error.message).to.equal('Rate exceeded');
        expect(error).to.deep.include({ $fault: 'client' });
        expect((error as unknown as ThrottlingException).$metadata.httpStatusCode).to.equal(400);
      }
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 3']);
      expect(cw.server.requests('PutLogEvents').map((request) => request.errorType)).to.deep.equal([
        'ThrottlingException',
        'ThrottlingException',
        undefined,
      ]);
    });

    it('is retried by the SDK as throttling, so a client with retries succeeds', async () => {
      // Prepare
      cw.server.throttle({ times: 1 });
      // Act
      const output = await withClient(2, (client) => put(client));
      // Assess
      expect(output.$metadata.attempts).to.equal(2);
      expect(cw.server.calls('PutLogEvents')).to.equal(2);
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 1']);
    });

    it('throttles a seeded fraction of calls, the same ones on every run', async () => {
      // Prepare
      const run = async () => {
        cw.server.reset();
        cw.server.createStream(GROUP, STREAM);
        cw.server.throttle({ rate: 0.5, seed: 42 });
        const outcomes: string[] = [];
        for (let i = 0; i < 20; i++) {
          outcomes.push(
            await put().then(
              () => 'ok',
              (error: Error) => error.name,
            ),
          );
        }
        return outcomes;
      };
      // Act
      const firstRun = await run();
      const secondRun = await run();
      // Assess
      expect(secondRun).to.deep.equal(firstRun);
      expect(firstRun).to.include('ok').and.to.include('ThrottlingException');
      expect(cw.server.events(GROUP)).to.have.length(firstRun.filter((outcome) => outcome === 'ok').length);
    });
  });

  describe('server errors', () => {
    it('answers ServiceUnavailableException with HTTP 503, which the SDK retries', async () => {
      // Prepare
      cw.server.unavailable({ times: 2 });
      // Act
      const raw = await rejectionOf(put());
      const retried = await withClient(2, (client) => put(client));
      // Assess
      expect(raw).to.be.instanceOf(ServiceUnavailableException);
      expect(raw).to.deep.include({ $fault: 'server' });
      expect((raw as unknown as ServiceUnavailableException).$metadata.httpStatusCode).to.equal(503);
      expect(retried.$metadata.attempts).to.equal(2);
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 2']);
    });

    it('answers a bare 500 (or another 5xx) with an empty body', async () => {
      // Prepare
      cw.server.serverError().serverError({ status: 502 });
      // Act
      const first = await rejectionOf(put());
      const second = await rejectionOf(put());
      // Assess
      for (const [error, status] of [
        [first, 500],
        [second, 502],
      ] as const) {
        expect(error).to.be.instanceOf(CloudWatchLogsServiceException);
        expect((error as unknown as CloudWatchLogsServiceException).$metadata.httpStatusCode).to.equal(status);
        expect(error).to.deep.include({ $fault: 'server' });
      }
      expect(cw.server.events(GROUP)).to.have.length(0);
    });
  });

  describe('credentials', () => {
    it('answers ExpiredTokenException by default, with HTTP 400 and the service message', async () => {
      // Prepare
      cw.server.rejectCredentials();
      // Act
      const error = await rejectionOf(put());
      // Assess
      expect(error).to.be.instanceOf(CloudWatchLogsServiceException);
      expect(error.name).to.equal('ExpiredTokenException');
      expect(error.message).to.equal('The security token included in the request is expired');
      expect((error as unknown as CloudWatchLogsServiceException).$metadata.httpStatusCode).to.equal(400);
    });

    it('answers UnrecognizedClientException and AccessDeniedException as the SDK classes, not retried', async () => {
      // Prepare
      cw.server.rejectCredentials({ type: 'UnrecognizedClientException' });
      cw.server.rejectCredentials({ type: 'AccessDeniedException' });
      // Act
      const unrecognized = await withClient(3, (client) => rejectionOf(put(client)));
      const denied = await withClient(3, (client) => rejectionOf(put(client)));
      // Assess
      expect(unrecognized).to.be.instanceOf(UnrecognizedClientException);
      expect(unrecognized.message).to.equal('The security token included in the request is invalid.');
      expect(denied).to.be.instanceOf(AccessDeniedException);
      expect(cw.server.calls('PutLogEvents')).to.equal(2);
    });
  });

  describe('hanging', () => {
    it('never answers a hung call, so the client times out; nothing is stored and the next call works', async () => {
      // Prepare
      cw.server.hang();
      const client = new CloudWatchLogsClient({
        ...cw.server.clientConfig({ maxAttempts: 1 }),
        requestHandler: { requestTimeout: 150, throwOnRequestTimeout: true },
      });
      // Act
      const error = await rejectionOf(put(client));
      await put(client);
      client.destroy();
      // Assess
      expect(error.name).to.equal('TimeoutError');
      expect(cw.server.requests('PutLogEvents')[0]).to.include({ fault: 'hang', status: undefined });
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 2']);
    });

    it('answers after delayMs when asked to, handling the call then', async () => {
      // Prepare
      cw.server.hang({ delayMs: 100 });
      const started = Date.now();
      // Act
      await put();
      // Assess
      expect(Date.now() - started).to.be.at.least(95);
      expect(cw.server.requests('PutLogEvents')[0]).to.include({ fault: 'delay', status: 200 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 1']);
    });

    it('still stores a delayed call after the client gave up, as a slow service would', async () => {
      // Prepare
      cw.server.hang({ delayMs: 200 });
      const controller = new AbortController();
      // Act
      const pending = cw.client.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: STREAM,
          logEvents: [{ timestamp: NOW, message: 'late' }],
        }),
        { abortSignal: controller.signal },
      );
      await cw.server.waitForCalls('PutLogEvents', 1);
      controller.abort();
      const error = await rejectionOf(pending);
      const stored = await cw.server.waitForEvents(GROUP, 1, { timeoutMs: 2_000 });
      // Assess
      expect(error.name).to.equal('AbortError');
      expect(stored.map((event) => event.message)).to.deep.equal(['late']);
    });
  });

  describe('scope and composition', () => {
    it('applies to the named operation only, or to every operation with *', async () => {
      // Prepare
      cw.server.throttle({ operation: 'DescribeLogStreams' });
      // Act
      await put();
      const describe = await rejectionOf(cw.client.send(new DescribeLogStreamsCommand({ logGroupName: GROUP })));
      cw.server.unavailable({ operation: '*' });
      const create = await rejectionOf(cw.client.send(new CreateLogGroupCommand({ logGroupName: 'other' })));
      // Assess
      expect(describe).to.be.instanceOf(ThrottlingException);
      expect(create).to.be.instanceOf(ServiceUnavailableException);
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 1']);
      expect(cw.server.groups()).to.deep.equal([GROUP]);
    });

    it('uses faults in the order they were added', async () => {
      // Prepare
      cw.server.throttle().unavailable().failWith({ type: 'InvalidParameterException', message: 'injected' });
      // Act
      const outcomes = [];
      for (let i = 0; i < 4; i++)
        outcomes.push(
          await put().then(
            () => 'ok',
            (error: Error) => error,
          ),
        );
      // Assess
      expect(outcomes[0]).to.be.instanceOf(ThrottlingException);
      expect(outcomes[1]).to.be.instanceOf(ServiceUnavailableException);
      expect(outcomes[2]).to.be.instanceOf(InvalidParameterException).and.to.have.property('message', 'injected');
      expect(outcomes[3]).to.equal('ok');
      expect(cw.server.pendingFaults).to.equal(0);
    });

    it('disarms everything on clearFaults()', async () => {
      // Prepare
      cw.server.throttle({ times: 5 }).hang({ operation: '*' });
      // Act
      cw.server.clearFaults();
      await put();
      // Assess
      expect(cw.server.pendingFaults).to.equal(0);
      expect(cw.server.messages(GROUP)).to.deep.equal(['event 1']);
    });

    it('refuses fault options it cannot honour', () => {
      // Act + Assess
      expect(() => cw.server.throttle({ rate: 1.5 })).to.throw(TypeError, /rate/);
      expect(() => cw.server.throttle({ times: 0 })).to.throw(TypeError, /times/);
      expect(() => cw.server.serverError({ status: 200 })).to.throw(TypeError, /status/);
      expect(cw.server.pendingFaults).to.equal(0);
    });
  });

  describe('resources deleted mid-run', () => {
    it('answers ResourceNotFoundException naming the stream, then the group', async () => {
      // Prepare
      await put();
      // Act
      cw.server.deleteStream(GROUP, STREAM);
      const noStream = await rejectionOf(put());
      cw.server.deleteGroup(GROUP);
      const noGroup = await rejectionOf(put());
      // Assess
      expect(noStream).to.be.instanceOf(ResourceNotFoundException);
      expect(noStream.message).to.equal('The specified log stream does not exist.');
      expect(noGroup).to.be.instanceOf(ResourceNotFoundException);
      expect(noGroup.message).to.equal('The specified log group does not exist.');
    });
  });
});
