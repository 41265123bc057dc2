import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { zipEntryNames } from '../support/zipEntries';

describe('packaging (npm run package)', function () {
  this.timeout(120_000);
  let entries: string[];

  before(() => {
    const output = execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
    const vsix = output.trim().split('\n').pop() ?? '';
    assert.ok(vsix.endsWith('.vsix') && fs.existsSync(vsix), `package printed no .vsix path: ${output}`);
    entries = zipEntryNames(vsix).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  });

  it('ships the bundles, media and the docs', () => {
    // vsce stores README and CHANGELOG under lower-case names.
    const lowerCased = entries.map((name) => name.toLowerCase());
    for (const required of ['dist/extension.js', 'dist/validation.js', 'dist/files.js', 'dist/panels.js', 'dist/webview.js', 'readme.md', 'changelog.md', 'package.json']) {
      assert.ok(lowerCased.includes(required), `${required} missing from the VSIX: ${entries.join(', ')}`);
    }
    assert.ok(entries.some((name) => /^LICENSE(\.(md|txt))?$/.test(name)), 'LICENSE missing');
    assert.ok(entries.some((name) => name.startsWith('media/')), 'media/ missing');
  });

  it('ships no TypeScript source, test, source map or node_modules', () => {
    const offending = entries.filter((name) => /\.ts$/.test(name) || /\.map$/.test(name) || /(^|\/)node_modules\//.test(name)
      || /^(test|src|webview|scripts|\.ci|out)\//.test(name) || /\.test\./.test(name));
    assert.deepEqual(offending, []);
  });

  it('ships minified bundles (a production build)', () => {
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8');
    assert.ok(!bundle.includes('sourceMappingURL'), 'production bundle links a source map');
    const lines = bundle.split('\n').length;
    assert.ok(lines < bundle.length / 200, `bundle does not look minified (${lines} lines for ${bundle.length} chars)`);
  });

  it('keeps the activation bundle under 250 KB, with validation (ajv) in dist/validation.js, loaded on demand', () => {
    const size = fs.statSync(path.join(repoRoot, 'dist', 'extension.js')).size;
    assert.ok(size < 250 * 1024, `dist/extension.js is ${(size / 1024).toFixed(1)} KB; the target is < 250 KB`);
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8');
    // ajv's own error texts and its formats' names are in the bundle that holds it, and only there.
    for (const marker of ['ajv-validator/ajv', 'ajv/dist/runtime']) {
      assert.ok(!bundle.includes(marker), `dist/extension.js contains ajv (${marker})`);
    }
    assert.match(bundle, /require\("\.\/validation\.js"\)/, 'dist/extension.js does not load dist/validation.js at runtime');
    const validation = fs.readFileSync(path.join(repoRoot, 'dist', 'validation.js'), 'utf8');
    assert.ok(validation.includes('ajv/dist/runtime'), 'dist/validation.js does not contain ajv');
    assert.ok(!validation.includes('sourceMappingURL'), 'dist/validation.js links a source map');
  });

  it('keeps the panels\' implementations in dist/panels.js, loaded on demand', () => {
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'extension.js'), 'utf8');
    const panels = fs.readFileSync(path.join(repoRoot, 'dist', 'panels.js'), 'utf8');
    assert.match(bundle, /require\("\.\/panels\.js"\)/, 'dist/extension.js does not load dist/panels.js at runtime');
    // Texts only the selection panel and the source form panel write.
    for (const marker of ["Couldn't apply the selection: {0}", 'selection/applyRules', 'The connection check failed. Fix the settings below, retype the credentials, and retry.']) {
      assert.ok(!bundle.includes(marker), `dist/extension.js contains the panels (${marker})`);
      assert.ok(panels.includes(marker), `dist/panels.js lacks ${marker}`);
    }
    assert.ok(!panels.includes('sourceMappingURL'), 'dist/panels.js links a source map');
  });

  it('dist/validation.js, loaded as the host loads it, validates a form', () => {
    // The bundle is CommonJS for Node: require it as the host does and check one value.
    const loaded = require(path.join(repoRoot, 'dist', 'validation.js')) as typeof import('../../src/core/validation');
    const result = loaded.validateForm([{ name: 'port', json_schema: { type: 'integer' }, is_required: true, is_credential: false, provided: false, property_type: 'user_provided' }], { port: 'abc' });
    assert.equal(result.valid, false);
    assert.match(result.errors['port'] ?? '', /whole number/);
  });
});
