import { execFileSync } from 'node:child_process';
import { expect } from 'chai';

describe('BatchQueue from CommonJS', () => {
  it('works through require("@cloudlog/core"), the dist/cjs build', () => {
    // Prepare
    const script = `
      const { BatchQueue, createErrorReporter } = require('@cloudlog/core');
      const sent = [];
      const queue = new BatchQueue({ send: async (batch) => { sent.push(...batch); }, onError: createErrorReporter('cjs') });
      queue.push('a', 1);
      queue.push('b', 1);
      queue.close().then(() => process.stdout.write(JSON.stringify({ sent, stats: queue.stats() })));
    `;

    // Act
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });

    // Assess
    const { sent, stats } = JSON.parse(output) as { sent: string[]; stats: { sent: number } };
    expect(sent).to.deep.equal(['a', 'b']);
    expect(stats.sent).to.equal(2);
  });
});
