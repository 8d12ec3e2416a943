// The other Node release lines, fetched from the npm registry as a new user would
// (`npm install --prefix DIR node@24` puts the binary at DIR/node_modules/node/bin/node), into
// .node-lines/<line>/ (git-ignored) and reused from there on later runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The lines CI runs the whole suite under, besides the machine's own Node. */
export const TESTED_LINES = ['22', '24', '26'];

/** Path of the Node binary of `line` (e.g. '24'), fetched first when it is not there yet. */
export function nodeBinary(line) {
  if (!/^\d+$/.test(String(line)))
    throw new TypeError(`a Node line is a major version such as 24, got ${JSON.stringify(line)}`);
  const prefix = join(root, '.node-lines', String(line));
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(binary)) return binary;
  console.error(`fetching node@${line} from the npm registry into .node-lines/${line} ...`);
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', prefix, `node@${line}`, '--no-audit', '--no-fund', '--loglevel=error'],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (npm.status !== 0 || !existsSync(binary))
    throw new Error(`could not install node@${line} (npm exit ${npm.status})`);
  return binary;
}

/** The environment for running a child under `binary`: its folder first on PATH, so `node` is that one too. */
export function envFor(binary, env = process.env) {
  return { ...env, PATH: `${dirname(binary)}:${env.PATH ?? ''}` };
}
