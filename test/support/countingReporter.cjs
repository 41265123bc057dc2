// Mocha's spec reporter, plus a JSON file of the totals for scripts/test.mjs to add up.
// The file path comes from STITCH_TEST_RESULTS; without it this is just the spec reporter.
const fs = require('node:fs');
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const resultsFile = process.env.STITCH_TEST_RESULTS;
    const failures = [];
    runner.on('fail', (test, error) => failures.push({ title: test.fullTitle(), message: String(error && error.message) }));
    runner.once(EVENT_RUN_END, () => {
      if (!resultsFile) return;
      const stats = runner.stats || {};
      fs.writeFileSync(resultsFile, JSON.stringify({
        passed: stats.passes || 0,
        failed: stats.failures || 0,
        skipped: stats.pending || 0,
        failures,
        vscodeVersion: process.env.STITCH_VSCODE_VERSION_REPORTED || undefined,
      }));
    });
  }
}

module.exports = CountingReporter;
