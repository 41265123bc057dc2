import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every banner, notification and status line the extension can show, read from the code (host
 * `t(...)`/`vscode.l10n.t(...)` strings and the webviews' `tx(key, fallback)` strings), kept as a
 * fixture (test/unit/messages/messages.json) so a new or changed message is reviewed here, and
 * checked for doubled wording: "Saved: 2 streams added. Saved. The source is…" (issue 17).
 * STITCH_UPDATE_MESSAGES=1 rewrites the fixture from the code.
 */
const root = path.join(__dirname, '..', '..', '..');
const fixtureFile = path.join(__dirname, 'messages.json');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.ts$/.test(e.name) ? [full] : [];
  });
}

const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

interface Message { file: string; key?: string; text: string }

/** The messages in the code, in file order (duplicates within a file kept once). */
function scan(): Message[] {
  const out: Message[] = [];
  for (const file of [...files(path.join(root, 'src')), ...files(path.join(root, 'webview'))].sort()) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const code = fs.readFileSync(file, 'utf8');
    const seen = new Set<string>();
    const push = (m: Message) => { const id = `${m.key ?? ''}\u0000${m.text}`; if (!seen.has(id)) { seen.add(id); out.push(m); } };
    // Host tables name their strings: `key: t('text')`.
    for (const m of code.matchAll(new RegExp(String.raw`(\w+):\s*t\(\s*(?:${LITERAL})`, 'g'))) push({ file: rel, key: m[1], text: unescape(m[2] ?? m[3] ?? '') });
    for (const m of code.matchAll(new RegExp(String.raw`\bt\(\s*(?:${LITERAL})`, 'g'))) push({ file: rel, text: unescape(m[1] ?? m[2] ?? '') });
    for (const m of code.matchAll(new RegExp(String.raw`\btx\(\s*'(\w+)',\s*(?:${LITERAL})`, 'g'))) push({ file: rel, key: m[1], text: unescape(m[2] ?? m[3] ?? '') });
  }
  // A keyed entry also matched the plain pattern: keep the keyed one.
  return out.filter((m) => m.key !== undefined || !out.some((o) => o.key !== undefined && o.file === m.file && o.text === m.text));
}

/** Doubled wording: a word twice in a row, or one clause or sentence said twice. */
export function repeats(text: string): string[] {
  const found: string[] = [];
  const plain = text.replace(/\{\d+\}/g, 'X');
  for (const m of plain.matchAll(/\b(\w{2,})\s+\1\b/gi)) found.push(`"${m[1]} ${m[1]}"`);
  const clauses = plain.split(/[.:;!?]+(?:\s+|$)|\s+[–—-]\s+/).map((c) => c.trim().toLowerCase().replace(/[()"“”]/g, '')).filter((c) => c.length > 0);
  const counted = new Map<string, number>();
  for (const c of clauses) counted.set(c, (counted.get(c) ?? 0) + 1);
  for (const [c, n] of counted) if (n > 1 && c !== 'x') found.push(`"${c}" ×${n}`);
  return found;
}

describe('wording: every banner and notification, as a fixture, without doubled words', () => {
  const messages = scan();

  it('the fixture lists every message the code can show (review changes, then STITCH_UPDATE_MESSAGES=1)', () => {
    const current = messages.map((m) => (m.key ? `${m.file} ${m.key}: ${m.text}` : `${m.file}: ${m.text}`));
    if (process.env.STITCH_UPDATE_MESSAGES) fs.writeFileSync(fixtureFile, `${JSON.stringify(current, null, 2)}\n`);
    const fixture = JSON.parse(fs.readFileSync(fixtureFile, 'utf8')) as string[];
    assert.ok(current.length > 300, `${current.length} messages found: the scan reads the code`);
    assert.deepEqual(current, fixture);
  });

  it('no message says a word or a sentence twice', () => {
    const bad = messages.map((m) => ({ m, r: repeats(m.text) })).filter((x) => x.r.length > 0).map((x) => `${x.m.file}: ${x.m.text} → ${x.r.join(', ')}`);
    assert.deepEqual(bad, []);
  });

  it('composed banners: the selection panel\'s "Saved: {0}." followed by the configured line says "Saved" once', () => {
    // The webview composes them so (webview/selection: applied(...)), each message written once, in its t() call.
    const webview = fs.readFileSync(path.join(root, 'webview', 'selection', 'index.ts'), 'utf8');
    const composed = /`\$\{t\('([^']*)', result\.appliedText\)\} \$\{t\('([^']*)'\)\}`/.exec(webview);
    assert.ok(composed, 'the applied banner is composed of two t() messages');
    const [, applied, configured] = composed as unknown as [string, string, string];
    assert.ok(messages.some((m) => m.file === 'webview/selection/index.ts' && m.text === applied));
    assert.ok(messages.some((m) => m.file === 'webview/selection/index.ts' && m.text === configured));
    const banner = `${applied.replace('{0}', '2 streams added')} ${configured}`;
    assert.deepEqual(repeats(banner), [], banner);
    assert.match(banner, /^Saved: 2 streams added\. The source is fully configured/);
  });

  it('finds the issue\'s doubled wording (the check can fail)', () => {
    assert.deepEqual(repeats('Saved: 2 streams added. Saved. The source is fully configured.'), ['"saved" ×2']);
    assert.deepEqual(repeats('Open the the form.'), ['"the the"']);
    assert.deepEqual(repeats('Sign in to {0}: {1}.'), []);
  });
});
