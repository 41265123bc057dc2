// `npm test`: provisions what the tiers need, builds, type-checks and lints, runs the four
// tiers (unit, webview, vscode, e2e) and ends with one line `N passed, N failed[, N skipped]`.
// Usage: node scripts/test.mjs [unit|webview|vscode|e2e ...] [--grep PATTERN]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, repoRoot } from './lib/paths.mjs';
import { provision, provisionQuartzOracle, VSCODE_VERSION } from './lib/provision.mjs';

const ALL_TIERS = ['unit', 'webview', 'vscode', 'e2e'];
const args = process.argv.slice(2);
let grep;
const tiers = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--grep' || args[i] === '-g') grep = args[++i];
  else if (args[i].startsWith('--grep=')) grep = args[i].slice('--grep='.length);
  else if (ALL_TIERS.includes(args[i])) tiers.push(args[i]);
  else { console.error(`Unknown argument: ${args[i]}. Tiers: ${ALL_TIERS.join(', ')}; option: --grep PATTERN`); process.exit(2); }
}
const selected = tiers.length ? tiers : ALL_TIERS;
const runAll = selected.length === ALL_TIERS.length;

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const reporter = path.join(repoRoot, 'test', 'support', 'countingReporter.cjs');
const grepArgs = grep ? ['--grep', grep] : [];
const mochaTier = (globs, timeout) => [process.execPath, [mocha, '--require', 'tsx/cjs', '--reporter', reporter,
  '--timeout', String(timeout), '--exit', ...grepArgs, ...globs]];

const TIER_COMMANDS = {
  unit: () => mochaTier(['test/unit/**/*.test.ts', 'test/emulator/**/*.test.ts', 'test/contract/**/*.test.ts'], 20_000),
  webview: () => mochaTier(['test/webview/**/*.test.ts'], 30_000),
  vscode: () => [process.execPath, ['--import', 'tsx', 'test/support/runVscodeTier.ts']],
  e2e: () => mochaTier(['test/e2e/**/*.test.ts'], 180_000),
};

function step(title, command, commandArgs, env = {}) {
  console.log(`\n── ${title}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return { status: result.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

const needsBrowser = selected.some((t) => t !== 'unit');
const needsCodeServer = selected.some((t) => t === 'vscode' || t === 'e2e');
if (needsBrowser) provision({ codeServer: needsCodeServer });
else provisionQuartzOracle(); // the unit tier's differential test runs Quartz itself

const npmRun = (script, ...extra) => step(`npm run ${script}`, 'npm', ['run', '--silent', script, ...extra]);
// Every tier tests the bundles that ship: minified, without source maps.
if (npmRun('build:prod').status !== 0) { console.log('\n0 passed, 1 failed (the build failed)'); process.exit(1); }
if (runAll && !process.env.STITCH_SKIP_STATIC) {
  for (const script of ['typecheck', 'lint']) {
    if (npmRun(script).status !== 0) { console.log(`\n0 passed, 1 failed (${script} failed)`); process.exit(1); }
  }
}

fs.mkdirSync(artifactsDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
let vscodeVersion;
for (const tier of selected) {
  const resultsFile = path.join(artifactsDir, `results-${tier}.json`);
  fs.rmSync(resultsFile, { force: true });
  const [command, commandArgs] = TIER_COMMANDS[tier]();
  const { status, seconds } = step(`tier ${tier}`, command, commandArgs, { STITCH_TEST_RESULTS: resultsFile, STITCH_TEST_GREP: grep ?? '' });
  let result = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(resultsFile)) result = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  // A tier that crashed before reporting, or exited non-zero with no failure counted, is one failure.
  if (status !== 0 && result.failed === 0) result.failed = 1;
  if (result.vscodeVersion) vscodeVersion = result.vscodeVersion;
  totals.passed += result.passed; totals.failed += result.failed; totals.skipped += result.skipped;
  summary.push(`  ${tier.padEnd(8)} ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}  (${seconds.toFixed(1)} s)`);
}

console.log('\n── summary');
for (const line of summary) console.log(line);
if (selected.some((t) => t === 'vscode' || t === 'e2e')) {
  console.log(`  VS Code: ${vscodeVersion ?? `${VSCODE_VERSION} (code-server; the vscode tier did not report its version)`}`);
}
const ran = totals.passed + totals.failed;
if (ran === 0) console.log('  no test ran: that is a failure');
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || ran === 0 ? 1 : 0);
