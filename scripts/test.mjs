// `pnpm test`: build the packages, type-check tests, examples and benchmarks, run mocha,
// and print the plain summary `N passed, N failed` as the very last line, whatever happened.
// Positional arguments narrow the run (`pnpm test test/core`); flags go to mocha.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const node = process.execPath;

function step(label, args, env = process.env) {
  const result = spawnSync(node, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) console.error(`\n${label} failed (exit ${result.status ?? result.signal})`);
  return result.status === 0;
}

function finish(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

if (!step('build', [join(root, 'scripts/build.mjs')])) finish(0, 1);
if (!step('type-check', [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.check.json')])) finish(0, 1);

const flags = [];
const specs = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg.startsWith('-')) {
    flags.push(arg);
    if (['--grep', '-g', '--fgrep', '-f'].includes(arg) && i + 1 < argv.length) flags.push(argv[++i]);
  } else {
    specs.push(arg.endsWith('.ts') ? arg : `${arg.replace(/\/$/, '')}/**/*.test.ts`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cloudlog-test-'));
const summaryFile = join(dir, 'summary.json');
const env = { ...process.env, CLOUDLOG_TEST_SUMMARY: summaryFile };
if (specs.length > 0) env.CLOUDLOG_SPEC = specs.join(',');
// Which @google-cloud/logging major the Google tests run against: 12 where it runs (Node 22+),
// else 11.4. 12 comes in through a resolve hook, inherited by child processes via NODE_OPTIONS.
const nodeMajor = Number(process.versions.node.split('.')[0]);
env.CLOUDLOG_GOOGLE_LOGGING ??= nodeMajor >= 22 ? '12' : '11';
if (env.CLOUDLOG_GOOGLE_LOGGING === '12') {
  const hook = pathToFileURL(join(root, 'test/support/google-cloud-logging-12.mjs')).href;
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${hook}`.trim();
}
step('mocha', [require.resolve('mocha/bin/mocha.js'), ...flags], env);

let counts;
try {
  counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  console.error('\nmocha ended without a summary (a test file failed to load, or mocha crashed)');
  counts = { passed: 0, failed: 1, pending: 0 };
}
rmSync(dir, { recursive: true, force: true });
if (counts.passed === 0 && counts.failed === 0) console.error('\nno test was executed');
finish(counts.passed, counts.failed + (counts.pending ?? 0));
