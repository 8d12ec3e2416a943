// Each package, packed as it would be published (`pnpm pack`), installed into a scratch folder
// outside the workspace, loads with both `import` and `require`, and attw finds no type problem.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';

const root = join(import.meta.dirname, '..', '..');
const packagesDir = join(root, 'packages');
// Packages whose entry point exports something (a package still being scaffolded has `export {}`).
const names = readdirSync(packagesDir).filter(
  (n) =>
    !n.startsWith('.') && /\bexport\b(?! \{\};)/.test(readFileSync(join(packagesDir, n, 'src', 'index.ts'), 'utf8')),
);
const pnpm = ['-y', 'pnpm@10'];

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

describe('packaging: packed packages load with import and require', function () {
  this.timeout(180_000);
  let scratch: string;
  const tarballs = new Map<string, string>();

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'cloudlog-pack-'));
    const packs = join(scratch, 'tarballs');
    mkdirSync(packs);
    const modules = join(scratch, 'app', 'node_modules');
    mkdirSync(join(modules, '@cloudlog'), { recursive: true });
    for (const name of names) {
      const before = new Set(readdirSync(packs));
      execFileSync('npx', [...pnpm, '--silent', 'pack', '--pack-destination', packs], {
        cwd: join(packagesDir, name),
        stdio: 'pipe',
      });
      const tarball = readdirSync(packs).find((f) => !before.has(f));
      if (tarball === undefined) throw new Error(`pnpm pack produced nothing for ${name}`);
      tarballs.set(name, join(packs, tarball));
      const target = join(modules, '@cloudlog', name);
      mkdirSync(target);
      execFileSync('tar', ['-xzf', join(packs, tarball), '-C', target, '--strip-components=1']);
      // Third-party dependencies come from the workspace's store, so no network is needed.
      const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as Manifest;
      const requireFromPackage = createRequire(join(packagesDir, name, 'package.json'));
      for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
        if (dep.startsWith('@cloudlog/')) continue;
        const link = join(modules, dep);
        try {
          mkdirSync(dirname(link), { recursive: true });
          symlinkSync(dirname(requireFromPackage.resolve(`${dep}/package.json`)), link, 'dir');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    }
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('pnpm pack replaces workspace: ranges with real versions', () => {
    for (const name of names) {
      const manifest = execFileSync('tar', ['-xzOf', tarballs.get(name) as string, 'package/package.json'], {
        encoding: 'utf8',
      });
      expect(manifest, name).not.to.include('workspace:');
      expect(manifest, name).not.to.include('catalog:');
    }
  });

  for (const name of names) {
    it(`@cloudlog/${name}: the same exports through import and require`, () => {
      // Prepare
      const app = join(scratch, 'app');
      writeFileSync(
        join(app, 'esm.mjs'),
        `import * as m from '@cloudlog/${name}';\nconsole.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));\n`,
      );
      writeFileSync(
        join(app, 'cjs.cjs'),
        `const m = require('@cloudlog/${name}');\nconsole.log(JSON.stringify(Object.keys(m).sort()));\n`,
      );
      // Act
      const esm = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: app, encoding: 'utf8' })) as string[];
      const cjs = JSON.parse(execFileSync(process.execPath, ['cjs.cjs'], { cwd: app, encoding: 'utf8' })) as string[];
      // Assess
      expect(esm.length, 'exports').to.be.greaterThan(0);
      expect(cjs).to.deep.equal(esm);
    });

    it(`@cloudlog/${name}: attw finds no problem in the packed types`, () => {
      const attw = join(root, 'node_modules', '.bin', 'attw');
      const out = execFileSync(attw, [tarballs.get(name) as string, '--format', 'json', '--no-emoji'], {
        encoding: 'utf8',
      });
      const report = JSON.parse(out) as { analysis: { problems: unknown[] } };
      expect(report.analysis.problems, JSON.stringify(report.analysis.problems)).to.deep.equal([]);
    });
  }

  it('@cloudlog/core ships its bin: cloudlog-pretty, executable, installed by npm and run by npx', () => {
    // Prepare: the packed file is executable; npm installs the tarball (core has no dependencies,
    // so no network) into a fresh project, which links the bin.
    const tarball = tarballs.get('core') as string;
    const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
    expect(listing).to.match(/^-rwxr-xr-x .* package\/bin\/cloudlog-pretty\.js$/m);
    const project = join(scratch, 'npx-project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "npx-project", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: project,
      stdio: 'pipe',
    });
    // Act
    const input = '{"level":"info","msg":"routine"}\n{"level":"warn","name":"disk","msg":"almost full"}\nnot json\n';
    const out = execFileSync('npx', ['--no-install', 'cloudlog-pretty', '--level', 'warn'], {
      cwd: project,
      input,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    // Assess
    expect(out).to.equal('--:--:--.--- WARN  disk: almost full\nnot json\n');
  });

  it('@cloudlog/core works the same from ESM and CommonJS', () => {
    const app = join(scratch, 'app');
    const program = (load: string) =>
      `${load}\nconst lines = [];\nconst log = core.createLogger({ level: 'info', destination: { write: (s) => lines.push(s) } });\nlog.child({ a: 1 }).info({ b: 2 }, 'hi %s', 'there');\nconsole.log(JSON.stringify(Object.assign(JSON.parse(lines[0]), { time: 'T' })));\n`;
    writeFileSync(join(app, 'use.mjs'), program(`import * as core from '@cloudlog/core';`));
    writeFileSync(join(app, 'use.cjs'), program(`const core = require('@cloudlog/core');`));
    const esm = execFileSync(process.execPath, ['use.mjs'], { cwd: app, encoding: 'utf8' });
    const cjs = execFileSync(process.execPath, ['use.cjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(esm)).to.deep.equal({ level: 'info', time: 'T', msg: 'hi there', a: 1, b: 2 });
    expect(cjs).to.equal(esm);
  });
});
