// `pnpm test`: build the packages, type-check tests, examples and benchmarks, run mocha,
// and print the plain summary `N passed, N failed` as the very last line, whatever happened.
// Extra arguments go to mocha (e.g. `pnpm test test/core`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function step(label, command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  return true;
}

function finish(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

const node = process.execPath;
if (!step('build', node, [join(root, 'scripts/build.mjs')])) finish(0, 1);
if (!step('type-check', node, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.check.json')]))
  finish(0, 1);

const dir = mkdtempSync(join(tmpdir(), 'cloudlog-test-'));
const summaryFile = join(dir, 'summary.json');
const mocha = require.resolve('mocha/bin/mocha.js');
const args = process.argv.slice(2);
spawnSync(node, [mocha, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CLOUDLOG_TEST_SUMMARY: summaryFile },
});
let counts;
try {
  counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  console.error('\nmocha ended without a summary (it failed to load or crashed)');
  counts = { passed: 0, failed: 1 };
}
rmSync(dir, { recursive: true, force: true });
if (counts.passed === 0 && counts.failed === 0) console.error('\nno test was executed');
finish(counts.passed, counts.failed + (counts.pending ?? 0));
