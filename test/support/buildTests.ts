// Bundles test suites that run inside the VS Code extension host: CommonJS, `vscode` and
// `mocha` left to be required at run time, everything of ours (and ESM-only ky) inlined.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

export async function buildHostTests(folder: 'vscode'): Promise<string> {
  const srcDir = path.join(repoRoot, 'test', folder);
  const outDir = path.join(repoRoot, 'out', 'test', folder);
  fs.rmSync(outDir, { recursive: true, force: true });
  const entryPoints = fs.readdirSync(srcDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => path.join(srcDir, name));
  await esbuild.build({
    entryPoints, outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core', 'esbuild'], sourcemap: 'inline', logLevel: 'warning',
    absWorkingDir: repoRoot,
  });
  return outDir;
}
