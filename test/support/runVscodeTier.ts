// Runs the `vscode` tier: mocha suites inside a real VS Code extension host (code-server 1.100.3),
// loaded through the workbench's extensionDevelopmentPath/extensionTestsPath options.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHostTests } from './buildTests';
import { closeBrowser, launchChromium, makeTempDir, startCodeServer, workbenchUrl } from './codeServer';
import { repoRoot } from './paths';

const TIER_TIMEOUT_MS = Number(process.env.STITCH_VSCODE_TIER_TIMEOUT_MS ?? 15 * 60_000);

async function main(): Promise<number> {
  const outDir = await buildHostTests('vscode');
  const resultsFile = process.env.STITCH_TEST_RESULTS ?? path.join(makeTempDir('stitch-results-'), 'vscode.json');
  fs.rmSync(resultsFile, { force: true });
  const workspace = makeTempDir('stitch-ws-');
  const server = await startCodeServer({
    workspace,
    env: { STITCH_TEST_RESULTS: resultsFile, STITCH_TEST_GREP: process.env.STITCH_TEST_GREP ?? '' },
  });
  const browser = await launchChromium();
  let exitCode = 1;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      const text = message.text();
      // Lines the suite's reporter printed carry a marker (see test/vscode/index.ts).
      const at = text.indexOf('[stitch-test] ');
      if (at >= 0) process.stdout.write(`${text.slice(at + '[stitch-test] '.length)}\n`);
      else if (process.env.STITCH_TEST_VERBOSE) process.stdout.write(`[page] ${text}\n`);
    });
    const finished = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    await page.goto(workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(path.join(outDir, 'index'))],
    ]));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`vscode tier: no result after ${TIER_TIMEOUT_MS} ms\n`);
        resolve(1);
      }, TIER_TIMEOUT_MS);
    });
    exitCode = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    if (!fs.existsSync(resultsFile)) {
      process.stderr.write(`vscode tier: the suite wrote no results (exit ${exitCode}). code-server output:\n${server.output().slice(-4000)}\n`);
      exitCode = exitCode || 1;
    }
  } finally {
    await closeBrowser(browser);
    await server.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  return exitCode;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`vscode tier failed to run: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
