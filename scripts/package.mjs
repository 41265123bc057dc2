// `npm run package`: a production build, then a .vsix by @vscode/vsce, into artifacts/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, repoRoot } from './lib/paths.mjs';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const out = path.join(artifactsDir, `${pkg.name}-${pkg.version}.vsix`);
fs.mkdirSync(artifactsDir, { recursive: true });
execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--production'], { cwd: repoRoot, stdio: 'inherit' });
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
// Dependencies are bundled into dist/, so vsce must not collect node_modules.
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out],
  { cwd: repoRoot, stdio: 'inherit' });
console.log(out);
