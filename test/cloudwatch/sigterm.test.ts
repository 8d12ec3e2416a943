import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@cloudlog/testing';
import { expect } from 'chai';
import { until } from './helpers.js';

const fixture = join(import.meta.dirname, 'fixtures', 'sigterm-child.ts');
const GROUP = '/cloudlog/sigterm';
const STREAM = 'child';

function lastProgress(stdout: string): number {
  const all = [...stdout.matchAll(/logged (\d+)/g)];
  return all.length === 0 ? 0 : Number(all.at(-1)?.[1]);
}

describe('cloudwatch: SIGTERM under load, with flushOnExit', function () {
  this.timeout(60_000);
  this.slow(10_000);
  let server: LocalCloudWatchLogs;
  beforeEach(async () => {
    server = await LocalCloudWatchLogs.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('delivers every event logged before the signal, in order, without a gap, then dies by the signal', async () => {
    // Prepare: a child logging 100 events per millisecond tick
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, server.endpoint, GROUP, STREAM, '100'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await until(() => lastProgress(stdout) >= 30_000, 30_000, `the child to log 30,000 events (stderr: ${stderr})`);
      await until(() => server.calls('PutLogEvents') >= 2, 10_000, 'shipping under way');
      // Act
      const loggedBeforeSignal = lastProgress(stdout);
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      // Assess
      expect({ code, signal }, stderr).to.deep.equal({ code: null, signal: 'SIGTERM' });
      const messages = server.messages(GROUP, STREAM);
      expect(messages.length).to.be.at.least(loggedBeforeSignal);
      const firstMismatch = messages.findIndex((message, i) => message !== `line ${i}`);
      expect(firstMismatch, `line ${firstMismatch} is ${messages[firstMismatch]}`).to.equal(-1);
      expect(server.calls('DescribeLogStreams')).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
