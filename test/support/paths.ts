import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const artifactsDir = path.join(repoRoot, 'artifacts');
export const sharedFixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'stitch-docs');
export const codeServerEntry = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
