// README examples are type-checked files, not copies: a line `<!-- example: examples/... -->`
// before a ```ts block names the file the block must show. This rewrites each such block from its
// file (`node scripts/sync-readme-examples.mjs`); test/docs checks that they are equal.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A block ends at the first fence after it, so an empty block never swallows what follows.
export const MARKER = /^<!-- example: (\S+) -->\n```ts\n(?:(?!^```)[\s\S])*?^```$/gm;

export function readmes() {
  return ['README.md', ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'README.md'))].filter(
    (file) => {
      try {
        readFileSync(join(root, file));
        return true;
      } catch {
        return false;
      }
    },
  );
}

export function synced(text) {
  return text.replace(MARKER, (_block, file) => {
    const source = readFileSync(join(root, file), 'utf8').trimEnd();
    return `<!-- example: ${file} -->\n\`\`\`ts\n${source}\n\`\`\``;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of readmes()) {
    const path = join(root, file);
    const before = readFileSync(path, 'utf8');
    const after = synced(before);
    if (after !== before) {
      writeFileSync(path, after);
      console.log(`updated ${file}`);
    }
  }
}
