// Runs the `vscode` tier's suites with @vscode/test-electron, on a desktop that has (or can
// download) VS Code. Set VSCODE_EXECUTABLE_PATH to use an installed VS Code instead of a download.
// On machines without a desktop VS Code, `npm run test:vscode` runs the same suites in code-server.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './lib/paths.mjs';

execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, ['--import', 'tsx', '-e', "require('./test/support/buildTests.ts').buildHostTests('vscode')"], { cwd: repoRoot, stdio: 'inherit' });

const grepIndex = process.argv.indexOf('--grep');
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    version: process.env.VSCODE_EXECUTABLE_PATH ? undefined : '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'index'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { STITCH_TEST_GREP: grepIndex > 0 ? process.argv[grepIndex + 1] : '' },
  });
} catch (error) {
  console.error(`VS Code tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
