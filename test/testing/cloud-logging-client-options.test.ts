import { Socket } from 'node:net';
import { LocalCloudLogging, localCloudLoggingClientOptions } from '@cloudlog/testing';
import { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import { RESOURCE } from './cloud-logging-helpers.js';

/** Records the host of every outgoing TCP connection while `action` runs. */
async function connectionsDuring(action: () => Promise<void>): Promise<string[]> {
  const hosts: string[] = [];
  const original = Socket.prototype.connect;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = (typeof first === 'object' && first !== null ? first : {}) as { host?: string; port?: number };
    hosts.push(`${options.host ?? 'localhost'}:${options.port ?? ''}`);
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  try {
    await action();
  } finally {
    Socket.prototype.connect = original;
  }
  return hosts;
}

describe('LocalCloudLogging.clientOptions', () => {
  it('is enough for @google-cloud/logging: no credentials, no metadata server, no other host', async () => {
    // Prepare
    await using server = await LocalCloudLogging.start();
    const options = server.clientOptions('options-project');

    // Act
    const hosts = await connectionsDuring(async () => {
      const logging = new Logging(options);
      const log = logging.log('options');
      await log.write(log.entry({}, { n: 1 }), { resource: RESOURCE });
      await log.getEntries();
    });

    // Assess
    expect(options).to.include({ projectId: 'options-project', apiEndpoint: '127.0.0.1', port: server.port });
    expect(server.entries({ projectId: 'options-project' })).to.have.length(1);
    expect(hosts.length).to.be.above(0);
    expect(
      hosts.every((h) => h === `127.0.0.1:${server.port}`),
      hosts.join(', '),
    ).to.equal(true);
  });
});

describe('testing: localCloudLoggingClientOptions() for a server started elsewhere', () => {
  it('gives a client that writes to the server from its port alone', async () => {
    // Prepare
    const server = await LocalCloudLogging.start();
    try {
      const logging = new Logging(localCloudLoggingClientOptions({ port: server.port, projectId: 'elsewhere' }));
      const log = logging.log('from-port');
      // Act
      await log.write(log.entry({ severity: 'INFO' }, { message: 'hi' }), { resource: { type: 'global' } });
      // Assess
      const entries = await server.waitForEntries(1, { logName: 'from-port', projectId: 'elsewhere' });
      expect(entries[0]?.jsonPayload).to.deep.equal({ message: 'hi' });
    } finally {
      await server.close();
    }
  });
});
