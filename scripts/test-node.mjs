// `pnpm test:node 24 [test/core ...]`: the whole test command (build, type-check, mocha, the
// `N passed, N failed` summary last) under another Node line, fetched into .node-lines/ if needed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { envFor, nodeBinary, root } from './node-lines.mjs';

const [line, ...rest] = process.argv.slice(2);
if (line === undefined) {
  console.error('usage: pnpm test:node <line> [test paths or mocha flags], e.g. pnpm test:node 24');
  process.exit(2);
}
const binary = nodeBinary(line);
const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`=== tests on node ${version} (${binary}) ===`);
const run = spawnSync(binary, [join(root, 'scripts', 'test.mjs'), ...rest], {
  cwd: root,
  stdio: 'inherit',
  env: envFor(binary),
});
process.exit(run.status ?? 1);
