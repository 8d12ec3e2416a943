// Mocha reporter: the spec reporter's output, then the counts written to the file named by
// CLOUDLOG_TEST_SUMMARY so that scripts/test.mjs can print the plain summary as the last line.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const counts = { passed: 0, failed: 0, pending: 0 };
    runner.on(EVENT_TEST_PASS, () => counts.passed++);
    runner.on(EVENT_TEST_FAIL, () => counts.failed++);
    runner.on(EVENT_TEST_PENDING, () => counts.pending++);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.CLOUDLOG_TEST_SUMMARY;
      if (file) writeFileSync(file, JSON.stringify(counts));
    });
  }
}

module.exports = SummaryReporter;
