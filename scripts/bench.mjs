// pnpm bench: every benchmark in one run (core, HTTP, CloudWatch, Cloud Logging), each printing
// its own tables, then one table of cloudlog against each competitor, from the rows the
// benchmarks recorded. Only measured figures: nothing here is typed in by hand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// name (what `pnpm bench <name>` selects), the file in bench/, extra environment.
const benches = [
  ['core', 'core', {}],
  ['http', 'http', {}],
  ['http-koa', 'http', { BENCH_FRAMEWORK: 'koa' }],
  ['cloudwatch', 'cloudwatch', {}],
  ['google-cloud', 'google-cloud', {}],
];
const only = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'cloudlog-bench-'));
const results = join(dir, 'results.jsonl');

// A full rebuild: a stale dist file would be measured instead of the source.
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--force'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
for (const [name, file, env] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name}: bench/${file}.ts ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${file}.ts`)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env, BENCH_RESULTS: results },
  });
  if (run.status !== 0) console.error(`bench/${file}.ts (${name}) failed (exit ${run.status ?? run.signal})`);
}

let rows = [];
try {
  rows = readFileSync(results, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
} catch {}
rmSync(dir, { recursive: true, force: true });

const fmt = (n) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : Number(n.toPrecision(3)).toString());
console.log(`\n=== cloudlog against the competitors (node ${process.version}) ===\n`);
console.log('| benchmark | case | competitor | cloudlog | competitor | cloudlog is |');
console.log('| --- | --- | --- | ---: | ---: | ---: |');
for (const r of rows) {
  const factor = r.better === 'higher' ? r.cloudlog / r.other : r.other / r.cloudlog;
  const verdict = factor >= 1 ? `${factor.toFixed(2)}x better` : `${(1 / factor).toFixed(2)}x worse`;
  console.log(
    `| ${r.bench} | ${r.metric} | ${r.competitor} | ${fmt(r.cloudlog)} ${r.unit} | ${fmt(r.other)} ${r.unit} | ${verdict} |`,
  );
}
