import { CloudWatchLogsClient, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs } from '@cloudlog/testing';
import { expect } from 'chai';
import { NOW, rejectionOf, useLocalCloudWatch } from './cloudwatch-fixtures.js';

describe('local CloudWatch Logs: lifecycle', () => {
  const cw = useLocalCloudWatch();
  const put = (message: string) =>
    cw.client.send(
      new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: NOW, message }] }),
    );

  beforeEach(() => {
    cw.server.createStream('g', 's');
  });

  it('listens on 127.0.0.1 and a free port, and hands out a client configuration for it', () => {
    // Act
    const config = cw.server.clientConfig({ maxAttempts: 2 });
    // Assess
    expect(cw.server.port).to.be.above(0);
    expect(cw.server.listening).to.equal(true);
    expect(cw.server.endpoint).to.equal(`http://127.0.0.1:${cw.server.port}`);
    expect(config).to.deep.include({ endpoint: cw.server.endpoint, region: 'us-east-1', maxAttempts: 2 });
    expect(config.credentials.accessKeyId).to.be.a('string').and.not.equal('');
    expect(cw.server.clientConfig()).to.not.have.property('maxAttempts');
  });

  it('refuses connections after stop() and works again on the same port after restart(), data intact', async () => {
    // Prepare
    await put('before');
    const port = cw.server.port;
    // Act
    await cw.server.stop();
    const refused = await rejectionOf(put('while stopped'));
    await cw.server.restart();
    await put('after');
    // Assess
    expect(refused).to.have.property('code', 'ECONNREFUSED');
    expect(cw.server.port).to.equal(port);
    expect(cw.server.messages('g')).to.deep.equal(['before', 'after']);
  });

  it('cuts hanging connections on stop(), so a client without a timeout is released', async () => {
    // Prepare
    cw.server.hang();
    const pending = rejectionOf(put('hung'));
    await cw.server.waitForCalls('PutLogEvents', 1);
    // Act
    await cw.server.stop();
    const error = await pending;
    // Assess
    expect(error.message).to.match(/socket hang up|ECONNRESET/);
    expect(cw.server.listening).to.equal(false);
    expect(cw.server.events('g')).to.deep.equal([]);
  });

  it('with keepAlive, keeps connections open; a client with retries rides over a restart', async () => {
    // Prepare
    const server = await LocalCloudWatchLogs.start({ keepAlive: true, now: () => NOW });
    const client = new CloudWatchLogsClient(server.clientConfig({ maxAttempts: 3 }));
    server.createStream('g', 's');
    const send = (message: string) =>
      client.send(
        new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: NOW, message }] }),
      );
    const raw = await fetch(`${server.endpoint}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      body: '{}',
    });
    await raw.text();
    // Act
    await send('before');
    await server.stop();
    await server.restart();
    const output = await send('after');
    client.destroy();
    await server.close();
    // Assess
    expect(raw.headers.get('connection')).to.equal('keep-alive');
    expect(output.$metadata.attempts).to.be.within(1, 2);
    expect(server.messages('g')).to.deep.equal(['before', 'after']);
  });

  it('cannot restart after close()', async () => {
    // Act
    await cw.server.close();
    const error = await rejectionOf(cw.server.restart());
    // Assess
    expect(error.message).to.contain('closed');
    expect(cw.server.listening).to.equal(false);
  });

  it('validates its options', async () => {
    // Act
    const badPort = await rejectionOf(LocalCloudWatchLogs.start({ port: 70_000 }));
    const badCap = await rejectionOf(LocalCloudWatchLogs.start({ maxRequestBytes: 0 }));
    // Assess
    expect(badPort).to.be.instanceOf(TypeError);
    expect(badCap).to.be.instanceOf(TypeError);
  });

  it('honours region and account id in the configuration and ARNs', async () => {
    // Prepare
    const server = await LocalCloudWatchLogs.start({ region: 'eu-west-3', accountId: '000011112222' });
    const client = new CloudWatchLogsClient(server.clientConfig());
    server.createGroup('arn-check');
    // Act
    const output = await client.send(new DescribeLogGroupsCommand({}));
    client.destroy();
    await server.close();
    // Assess
    expect(output.logGroups?.[0]?.logGroupArn).to.equal('arn:aws:logs:eu-west-3:000011112222:log-group:arn-check');
  });
});

describe('local CloudWatch Logs: wire protocol', () => {
  const cw = useLocalCloudWatch({ maxRequestBytes: 64 * 1024 });
  const post = async (target: string | undefined, body: string | Buffer) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (target !== undefined) headers['x-amz-target'] = target;
    const response = await fetch(`${cw.server.endpoint}/`, { method: 'POST', headers, body });
    const text = await response.text();
    return { response, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  };

  it('answers AWS JSON 1.1 with a request id', async () => {
    // Act
    const { response, json } = await post('Logs_20140328.DescribeLogGroups', '{}');
    // Assess
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).to.match(/^[0-9a-f-]{36}$/);
    expect(json).to.deep.equal({ logGroups: [] });
  });

  for (const [label, body] of [
    ['malformed JSON', '{"logGroupName": '],
    ['a JSON array', '[]'],
    ['a member of the wrong type', '{"logGroupName": 42}'],
  ] as const) {
    it(`answers SerializationException to ${label}`, async () => {
      // Act
      const { response, json } = await post('Logs_20140328.CreateLogGroup', body);
      // Assess
      expect(response.status).to.equal(400);
      expect(json?.__type).to.equal('SerializationException');
      expect(cw.server.groups()).to.deep.equal([]);
    });
  }

  it('answers UnknownOperationException to an operation it does not know, or no target', async () => {
    // Act
    const unknown = await post('Logs_20140328.StartLiveTail', '{}');
    const missing = await post(undefined, '{}');
    // Assess
    for (const { response, json } of [unknown, missing]) {
      expect(response.status).to.equal(400);
      expect(json?.__type).to.equal('UnknownOperationException');
    }
    expect(cw.server.requests().map((request) => request.operation)).to.deep.equal(['StartLiveTail', '']);
  });

  it('drains a body over the cap, answers 413 and keeps serving', async () => {
    // Prepare
    const huge = Buffer.alloc(1024 * 1024, 'a');
    // Act
    const tooLarge = await post('Logs_20140328.PutLogEvents', huge);
    const after = await post('Logs_20140328.DescribeLogGroups', '{}');
    // Assess
    expect(tooLarge.response.status).to.equal(413);
    expect(tooLarge.json?.__type).to.equal('RequestEntityTooLargeException');
    expect(after.response.status).to.equal(200);
    expect(cw.server.requests('PutLogEvents')[0]).to.include({ status: 413, input: undefined });
  });

  it('answers 400 to a malformed HTTP request without crashing', async () => {
    // Prepare
    const { connect } = await import('node:net');
    // Act
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(cw.server.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const after = await post('Logs_20140328.DescribeLogGroups', '{}');
    // Assess
    expect(reply).to.match(/^HTTP\/1\.1 400/);
    expect(after.response.status).to.equal(200);
  });
});
