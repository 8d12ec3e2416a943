// README examples are type-checked files in examples/, shown in the READMEs between markers:
// each shown block must equal its file (run `node scripts/sync-readme-examples.mjs` to update).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const root = join(import.meta.dirname, '..', '..');
// A block ends at the first fence after it: an empty or broken block never swallows the README after it.
const MARKER = /^<!-- example: (\S+) -->\n```ts\n((?:(?!^```)[\s\S])*?)\n?^```$/gm;

describe('docs: README examples', () => {
  // Every package whose entry point exports something (one still being scaffolded has `export {}`).
  const packages = readdirSync(join(root, 'packages')).filter((n) =>
    /\bexport\b(?! \{\};)/.test(readFileSync(join(root, 'packages', n, 'src', 'index.ts'), 'utf8')),
  );

  for (const name of packages) {
    it(`packages/${name}/README.md shows at least one type-checked example, equal to its file`, () => {
      // Prepare
      const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
      // Act
      const blocks = [...readme.matchAll(MARKER)];
      // Assess
      expect(blocks.length, 'examples').to.be.greaterThan(0);
      for (const [, file = '', shown = ''] of blocks) {
        expect(file.startsWith('examples/'), file).to.equal(true);
        expect(existsSync(join(root, file)), file).to.equal(true);
        expect(shown, `${file} differs from its README block: run node scripts/sync-readme-examples.mjs`).to.equal(
          readFileSync(join(root, file), 'utf8').trimEnd(),
        );
      }
    });
  }

  it('the root README’s marked examples equal their files', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const [, file = '', shown = ''] of readme.matchAll(MARKER)) {
      expect(shown, file).to.equal(readFileSync(join(root, file), 'utf8').trimEnd());
    }
  });
});
