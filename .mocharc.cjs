// Test files are TypeScript, run through tsx; packages are imported from their built output.
// scripts/test.mjs narrows the run with CLOUDLOG_SPEC (e.g. `pnpm test test/core`).
const spec = process.env.CLOUDLOG_SPEC ? process.env.CLOUDLOG_SPEC.split(',') : ['test/**/*.test.ts'];

module.exports = {
  spec,
  import: ['tsx'],
  timeout: 30_000,
  slow: 2_000,
  reporter: './test/support/summary-reporter.cjs',
  'forbid-only': true,
  'forbid-pending': true,
  exit: true,
};
