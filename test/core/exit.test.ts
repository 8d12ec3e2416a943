import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, flushOnExit } from '@cloudlog/core';
import { expect } from 'chai';

const fixture = join(import.meta.dirname, 'fixtures', 'flush-on-exit-child.ts');

function run(
  mode: string,
  file: string,
): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function lastProgress(stdout: string): number {
  const all = [...stdout.matchAll(/logged (\d+)/g)];
  return all.length === 0 ? 0 : Number(all.at(-1)?.[1]);
}

function delivered(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n');
  } catch {
    return [];
  }
}

describe('core: flushOnExit()', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloudlog-exit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('on SIGTERM, delivers every line logged before the signal, then dies by the signal', async () => {
    // Prepare
    const file = join(dir, 'out.log');
    const proc = run('signal', file);
    await waitFor(() => lastProgress(proc.stdout()) >= 200, 10_000);
    // Act
    const loggedBeforeSignal = lastProgress(proc.stdout());
    proc.child.kill('SIGTERM');
    const { code, signal } = await proc.exited;
    // Assess
    expect({ code, signal }).to.deep.equal({ code: null, signal: 'SIGTERM' });
    const lines = delivered(file);
    expect(lines.length).to.be.greaterThanOrEqual(loggedBeforeSignal);
    expect(lines).to.deep.equal(Array.from({ length: lines.length }, (_, i) => `line ${i}`));
  });

  it('with the application’s own SIGTERM handler, flushes and leaves the exit to that handler', async () => {
    const file = join(dir, 'out.log');
    const proc = run('own-handler', file);
    await waitFor(() => lastProgress(proc.stdout()) >= 200, 10_000);
    const loggedBeforeSignal = lastProgress(proc.stdout());
    proc.child.kill('SIGTERM');
    const { code, signal } = await proc.exited;
    expect({ code, signal }).to.deep.equal({ code: 0, signal: null });
    const lines = delivered(file);
    expect(lines.length).to.be.greaterThanOrEqual(loggedBeforeSignal);
    expect(lines).to.deep.equal(Array.from({ length: lines.length }, (_, i) => `line ${i}`));
  });

  it('when the event loop drains, flushes before the process ends on its own', async () => {
    const file = join(dir, 'out.log');
    const proc = run('drain', file);
    const { code } = await proc.exited;
    expect(code).to.equal(0);
    expect(delivered(file)).to.have.length(50);
  });

  it('rejects bad arguments and returns a remover', () => {
    expect(() => flushOnExit({} as never)).to.throw(TypeError, /takes a logger/);
    const logger = createLogger({ transports: [] });
    expect(() => flushOnExit(logger, { timeoutMs: -1 })).to.throw(TypeError, /timeoutMs/);
    const before = process.listenerCount('SIGTERM');
    const remove = flushOnExit(logger);
    expect(process.listenerCount('SIGTERM')).to.equal(before + 1);
    remove();
    expect(process.listenerCount('SIGTERM')).to.equal(before);
  });
});
