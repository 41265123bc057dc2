// Entry point that the extension host loads (extensionTestsPath): runs every *.test.js
// bundled beside it with mocha, and rejects when a test fails (the workbench then exits 1).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  process.env.STITCH_VSCODE_VERSION_REPORTED = vscode.version;
  // The extension host forwards console output to the page unformatted, and it does not let
  // console.log be replaced; so the reporter gets its own printer that formats each line and
  // marks it, letting the driver tell the reporter's lines from the workbench's own.
  const Mocha = require('mocha') as typeof import('mocha');
  (Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }).consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(`${TEST_OUTPUT_MARKER}${line}`);
  };
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    grep: process.env.STITCH_TEST_GREP || undefined,
    reporter: require(path.join(__dirname, '..', '..', '..', 'test', 'support', 'countingReporter.cjs')),
  });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}

export const TEST_OUTPUT_MARKER = '[stitch-test] ';

