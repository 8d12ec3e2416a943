// The Google tests run against the @google-cloud/logging major that scripts/test.mjs chose for
// this Node line (12 on Node 22+, 11.4 on Node 20): what a module of ours really loads is that one.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { googleCloudTransport } from '@cloudlog/google-cloud';
import { LocalCloudLogging } from '@cloudlog/testing';
import { expect } from 'chai';

const root = join(import.meta.dirname, '..', '..');
const expected = process.env.CLOUDLOG_GOOGLE_LOGGING ?? '11';

function majorSeenFrom(pkg: string): string {
  const version = createRequire(join(root, 'packages', pkg, 'package.json'))('@google-cloud/logging/package.json')
    .version as string;
  return version.split('.')[0] ?? '';
}

describe('google-cloud: the @google-cloud/logging version under test', () => {
  it(`is ${expected}.x, from the transport's package and the testing package alike`, () => {
    // Act
    const seen = [majorSeenFrom('google-cloud'), majorSeenFrom('testing')];
    // Assess
    expect(seen).to.deep.equal([expected, expected]);
  });

  it(`ships an entry through a Logging client of that version`, async () => {
    // Prepare
    const server = await LocalCloudLogging.start();
    const { Logging } = (await import('@google-cloud/logging')) as typeof import('@google-cloud/logging');
    const logging = new Logging(server.clientOptions('version-check'));
    const transport = googleCloudTransport({ mode: 'api', logging, resource: { type: 'global' } });
    try {
      // Act
      const { createLogger } = await import('@cloudlog/core');
      const logger = createLogger({ transports: [transport] });
      logger.info({ line: expected }, 'through this client');
      await logger.close();
      // Assess
      const [entry] = await server.waitForEntries(1, { logName: 'cloudlog' });
      expect(entry?.jsonPayload?.line).to.equal(expected);
    } finally {
      await server.close();
    }
  });
});
