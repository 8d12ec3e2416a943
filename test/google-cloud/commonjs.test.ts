// The CommonJS build works as the ESM one, including loading @google-cloud/logging on first use.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalCloudLogging } from '@cloudlog/testing';
import { expect } from 'chai';
import { PROJECT, startServer } from './helpers.js';

describe('googleCloudTransport from CommonJS', () => {
  let server: LocalCloudLogging;

  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('ships entries through require("@cloudlog/google-cloud"), the dist/cjs build', async () => {
    // Prepare
    const script = `
      const { createLogger } = require('@cloudlog/core');
      const { googleCloudTransport } = require('@cloudlog/google-cloud');
      const { credentials } = require('@grpc/grpc-js');
      const transport = googleCloudTransport({
        mode: 'api',
        clientOptions: { projectId: '${PROJECT}', apiEndpoint: '127.0.0.1', port: ${server.port},
          sslCreds: credentials.createInsecure(), universeDomain: 'googleapis.com' },
        resource: { type: 'global' },
        env: {},
      });
      const logger = createLogger({ transports: [transport] });
      logger.info({ from: 'cjs' }, 'hello from require');
      logger.close().then(() => process.stdout.write(JSON.stringify(transport.stats())));
    `;

    // Act
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
    });

    // Assess
    expect(JSON.parse(stdout)).to.deep.include({ sent: 1, droppedTotal: 0 });
    expect(server.entries().map((e) => e.jsonPayload)).to.deep.equal([{ from: 'cjs', message: 'hello from require' }]);
  });
});
