import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueueStats } from '@cloudlog/core';
import { expect } from 'chai';
import { deferred, expectIdentity, queueFactory, range, settleCallbacks, waitFor } from './fixtures/queue-harness.js';

interface ChildReport {
  readonly code: number;
  readonly pushed: number;
  readonly beforeExitEvents: number;
  readonly stats: QueueStats;
  readonly delivered: number;
  readonly deliveredInOrder: boolean;
  readonly errors: string[];
  readonly exitFlushMs: number | null;
  readonly beforeExitListeners: number;
}

function exitListeners() {
  return { beforeExit: process.listenerCount('beforeExit'), exit: process.listenerCount('exit') };
}

const fixture = fileURLToPath(new URL('./fixtures/queue-exit-child.ts', import.meta.url));

/** Runs the exit fixture in a real child process; resolves with its report, exit code and run time. */
function runChild(mode: 'deliver' | 'fail' | 'chatty' | 'exit') {
  return new Promise<{ report: ChildReport; exitCode: number | null; wallMs: number; stderr: string }>(
    (resolve, reject) => {
      const started = performance.now();
      // A kill deadline far above the expected run time, so a hanging child fails the test, not the run.
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { timeout: 20_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (exitCode) => {
        const wallMs = performance.now() - started;
        try {
          resolve({
            report: JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport,
            exitCode,
            wallMs,
            stderr,
          });
        } catch {
          reject(new Error(`child printed no report (exit ${exitCode}); stdout: ${stdout}; stderr: ${stderr}`));
        }
      });
    },
  );
}

describe('BatchQueue at process exit', () => {
  const createQueue = queueFactory();

  it('lets a process that just stops exit on its own, after delivering everything it held', async () => {
    // Prepare + Act
    const { report, exitCode, stderr } = await runChild('deliver');

    // Assess
    expect(exitCode, stderr).to.equal(0);
    expect(report.delivered).to.equal(report.pushed);
    expect(report.deliveredInOrder).to.equal(true);
    expect(report.stats).to.deep.include({ sent: report.pushed, droppedTotal: 0, bufferedEvents: 0 });
    expect(report.exitFlushMs, 'the partial batch went out at exit, not after the 60 s interval').to.be.below(1_000);
    expect(report.errors).to.deep.equal([]);
    expect(report.beforeExitListeners, 'the exit listener is gone once the queue is empty').to.equal(1);
  });

  it('exits within about exitTimeoutMs when every send fails, counting and reporting the rest as exit', async () => {
    // Prepare + Act
    const { report, exitCode, stderr } = await runChild('fail');

    // Assess
    expect(exitCode, stderr).to.equal(0);
    expect(report.stats.sent).to.equal(0);
    expect(report.stats.dropped).to.deep.equal({ exit: report.pushed });
    expect(report.stats.bufferedEvents).to.equal(0);
    expect(report.exitFlushMs).to.be.within(280, 1_500);
    const exitReports = report.errors.filter((message) => message.includes('(exit)'));
    expect(exitReports).to.deep.equal([
      'exit-fail: process exiting: dropped 2500 undelivered items after the exit flush of 300 ms (exit)',
    ]);
    expect(report.stats.failures, 'kept retrying during the exit flush').to.be.at.least(2);
  });

  it("cannot be kept alive by a 'beforeExit' handler that logs every time it runs", async () => {
    // Prepare + Act
    const { report, exitCode, stderr } = await runChild('chatty');

    // Assess
    expect(exitCode, stderr).to.equal(0);
    expect(report.beforeExitEvents, 'the handler ran more than once').to.be.at.least(2);
    expect(report.exitFlushMs, 'the exit budget bounds the whole sequence').to.be.below(1_500);
    const { stats } = report;
    expect(stats.enqueued + stats.droppedAtPush).to.equal(report.pushed);
    expectIdentity(stats);
    // The line logged in the very last 'beforeExit' may still be held when the fixture prints;
    // the queue's own 'exit' listener counts it as 'exit' right after (see the process.exit() test).
    expect(stats.sent).to.be.at.least(report.pushed - 1);
  });

  it('counts and reports what is held when the program calls process.exit() itself', async () => {
    // Prepare + Act
    const { report, exitCode, stderr } = await runChild('exit');

    // Assess
    expect(exitCode, stderr).to.equal(0);
    expect(report.exitFlushMs, 'no beforeExit on process.exit()').to.equal(null);
    expect(report.stats.dropped).to.deep.equal({ exit: 2_500 });
    expect(report.errors.filter((message) => message.includes('(exit)'))).to.deep.equal([
      'exit-exit: process exiting: dropped 2500 undelivered items (exit)',
    ]);
  });

  it('adds at most one process listener for any number of queues holding items, and never warns', async () => {
    // Prepare
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const listenersBefore = exitListeners();
    const gate = deferred();
    const queues = range(0, 50).map((i) =>
      createQueue<number>({ name: `q${i}`, send: () => gate.promise, flushIntervalMs: 60_000 }),
    );

    try {
      // Act
      for (const queue of queues) queue.push(1, 1);
      const listenersWhileHolding = exitListeners();
      gate.resolve();
      await Promise.all(queues.map((queue) => queue.flush()));
      await settleCallbacks();
      await Promise.all(queues.map((queue) => queue.close()));
      await settleCallbacks();

      // Assess
      expect(listenersWhileHolding.beforeExit).to.be.at.most(listenersBefore.beforeExit + 1);
      expect(listenersWhileHolding.exit).to.be.at.most(listenersBefore.exit + 1);
      expect(exitListeners()).to.deep.equal(listenersBefore);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).to.deep.equal([]);
    } finally {
      process.removeListener('warning', onWarning);
    }
  });

  it('listens for the exit only while it holds items', async () => {
    // Prepare
    const listenersBefore = exitListeners();
    const queue = createQueue<number>({ send: () => Promise.resolve(), flushIntervalMs: 5 });

    // Act
    queue.push(1, 1);
    const whileHolding = exitListeners();
    await waitFor(() => queue.stats().sent === 1, 'the interval flush');

    // Assess
    expect(whileHolding).to.deep.equal({ beforeExit: listenersBefore.beforeExit + 1, exit: listenersBefore.exit + 1 });
    expect(exitListeners()).to.deep.equal(listenersBefore);
  });
});
