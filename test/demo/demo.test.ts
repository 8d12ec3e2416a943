// `pnpm demo` in CI: the whole job on this machine (local servers, example apps, real requests),
// with its summary checked. Runs the script the README's first command runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

const root = join(import.meta.dirname, '..', '..');

describe('demo: pnpm demo', function () {
  this.timeout(90_000);

  it('runs in under 30 s, exits 0 and prints a summary in which every check passed', async () => {
    // Act
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo.ts')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    // Assess
    expect(code, out).to.equal(0);
    expect(seconds).to.be.below(30);
    const summary = out.slice(out.indexOf('cloudlog demo: summary'));
    expect(summary).to.include('CloudWatch Logs (local server)');
    expect(summary).to.include('Cloud Logging (local server)');
    expect(summary).to.include('One CloudWatch event in full');
    expect(summary).to.include('"httpRequest"');
    expect(summary).to.include('"trace": "projects/cloudlog-demo/traces/');
    expect(summary).to.match(/cloudWatch +enqueued (\d+), sent \1, retried \d+, dropped 0/);
    expect(summary).to.match(/googleCloud +enqueued (\d+), sent \1, retried \d+, dropped 0/);
    const checks = summary.split('\n').filter((l) => /^ {2}[✓✗] /.test(l));
    expect(checks.length).to.be.greaterThanOrEqual(12);
    expect(
      checks.filter((l) => l.includes('✗')),
      summary,
    ).to.deep.equal([]);
    expect(summary).to.match(/PASS: \d apps, \d+ requests/);
    // the console transport's lines came first, prefixed with the app's name
    expect(out).to.match(/\[express\] \d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/users\/:id 200/);
  });
});
