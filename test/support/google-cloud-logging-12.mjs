// Loaded with `--import` (scripts/test.mjs puts it in NODE_OPTIONS on Node 22 and later): every
// `@google-cloud/logging` specifier, from any module (our packages' dynamic import, the testing
// package's proto lookup, tests, child processes), resolves to the workspace's 12.x copy
// (`@google-cloud/logging-12`, an npm alias), so the Google tests run against 12 on Node 22+
// and against 11.4 (the packages' own devDependency) on Node 20.
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAME = '@google-cloud/logging';
const ALIAS = '@google-cloud/logging-12';
const workspaceRoot = pathToFileURL(join(import.meta.dirname, '..', '..', 'package.json')).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === NAME || specifier.startsWith(`${NAME}/`)) {
      return nextResolve(ALIAS + specifier.slice(NAME.length), { ...context, parentURL: workspaceRoot });
    }
    return nextResolve(specifier, context);
  },
});
