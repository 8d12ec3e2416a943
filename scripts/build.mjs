// Builds every package: `tsc -b` emits ESM + .d.ts to dist/esm (incremental, project
// references); esbuild then emits the CommonJS twin to dist/cjs, beside a copy of the
// declarations, so `import` and `require` each get JavaScript and types of their own kind.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const esbuild = require('esbuild');

function walk(dir, ext) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, ext));
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out;
}

const tsc = require.resolve('typescript/bin/tsc');
// `--force`: emit every package again. `tsc -b` trusts its .tsbuildinfo, so a dist/esm file
// changed by hand (an experiment) would otherwise survive a build; the benchmarks build this way.
const force = process.argv.includes('--force') ? ['--force'] : [];
try {
  execFileSync(process.execPath, [tsc, '-b', ...force, join(root, 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  process.exitCode = 1;
  console.error('build: tsc -b failed');
  process.exit(1);
}

for (const name of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', name);
  if (!statSync(pkgDir).isDirectory()) continue;
  const src = join(pkgDir, 'src');
  const esm = join(pkgDir, 'dist', 'esm');
  const cjs = join(pkgDir, 'dist', 'cjs');
  rmSync(cjs, { recursive: true, force: true });
  mkdirSync(cjs, { recursive: true });
  const entryPoints = walk(src, '.ts').filter((f) => !f.endsWith('.d.ts'));
  esbuild.buildSync({
    entryPoints,
    outdir: cjs,
    outbase: src,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'warning',
  });
  for (const dts of walk(esm, '.d.ts')) {
    const target = join(cjs, relative(esm, dts));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(dts, target);
  }
  // Data files that a package reads at run time (protos, fixtures) are copied as they are.
  for (const file of walk(src, '.proto').concat(walk(src, '.json'))) {
    for (const out of [esm, cjs]) {
      const target = join(out, relative(src, file));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  }
  writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
}
