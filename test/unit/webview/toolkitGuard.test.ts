import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../../support/paths';

/**
 * The toolkit stays behind webview/ui (issue 16): replacing it must touch that folder alone. Proved
 * on the real webview bundle's import graph (esbuild's metafile) and on the source text.
 */
const TOOLKIT = path.join('node_modules', '@vscode', 'webview-ui-toolkit');
const rel = (file: string) => file.split(path.sep).join('/');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.(ts|css)$/.test(e.name) ? [full] : [];
  });
}

/** The element names the toolkit defines: "vscode-" + each component's baseName. */
function toolkitTags(): string[] {
  const dist = path.join(repoRoot, TOOLKIT, 'dist');
  const names = fs.readdirSync(dist, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => {
    const index = path.join(dist, e.name, 'index.js');
    return fs.existsSync(index) ? [...fs.readFileSync(index, 'utf8').matchAll(/baseName: '([a-z-]+)'/g)].map((m) => `vscode-${m[1]}`) : [];
  });
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

describe('bundle guard: the toolkit only behind webview/ui', function () {
  this.timeout(60_000);

  it('in dist/webview.js\'s import graph, only webview/ui/ modules import @vscode/webview-ui-toolkit', async () => {
    const result = await esbuild.build({
      entryPoints: ['webview/main.ts'], bundle: true, write: false, metafile: true, format: 'iife', platform: 'browser',
      target: 'chrome120', absWorkingDir: repoRoot, logLevel: 'silent',
    });
    const importers = Object.entries(result.metafile.inputs)
      .filter(([file]) => !file.startsWith('node_modules/'))
      .filter(([, input]) => input.imports.some((i) => i.path.startsWith(rel(TOOLKIT))))
      .map(([file]) => file);
    assert.ok(importers.length > 0, 'the bundle imports the toolkit at all (else this test proves nothing)');
    assert.deepEqual(importers.filter((f) => !f.startsWith('webview/ui/')), [], `importers: ${importers.join(', ')}`);
    assert.ok(Object.keys(result.metafile.inputs).some((f) => f.startsWith(`${rel(TOOLKIT)}/`)), 'the toolkit is in the bundle');
  });

  it('no file in webview/ or media/ outside webview/ui names a toolkit element (vscode-button, vscode-text-field, …)', () => {
    const tags = toolkitTags();
    assert.ok(tags.includes('vscode-text-field') && tags.includes('vscode-radio-group') && tags.length >= 15, tags.join(', '));
    const pattern = new RegExp(`(?<![\\w-])(?:${tags.join('|')})(?![\\w-])`, 'g');
    const files = [...sourceFiles(path.join(repoRoot, 'webview')), ...sourceFiles(path.join(repoRoot, 'media'))];
    const found = files.filter((f) => !rel(path.relative(repoRoot, f)).startsWith('webview/ui/')).flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return [...text.matchAll(pattern)].map((m) => `${rel(path.relative(repoRoot, f))}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`);
    });
    assert.deepEqual(found, []);
    // The check can fail: webview/ui itself names them.
    assert.ok(fs.readFileSync(path.join(repoRoot, 'webview', 'ui', 'fields.ts'), 'utf8').match(pattern));
  });
});
