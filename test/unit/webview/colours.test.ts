import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';

/**
 * No hard-coded colours in the panels (issue 16): every colour is a --vscode-* theme variable, so
 * Light, Dark and both High Contrast themes look native. A literal is allowed only as the fallback
 * of a var(--vscode-…). Scanned: media/*.css, and in webview/**\/*.ts the string literals (named
 * colours only in strings that read as CSS declarations, where "red" cannot be prose).
 */
const NAMED = ['aliceblue', 'antiquewhite', 'aqua', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanchedalmond', 'blue', 'blueviolet', 'brown',
  'burlywood', 'cadetblue', 'chartreuse', 'chocolate', 'coral', 'cornflowerblue', 'cornsilk', 'crimson', 'cyan', 'darkblue', 'darkcyan', 'darkgoldenrod',
  'darkgray', 'darkgreen', 'darkgrey', 'darkkhaki', 'darkmagenta', 'darkolivegreen', 'darkorange', 'darkorchid', 'darkred', 'darksalmon', 'darkseagreen',
  'darkslateblue', 'darkslategray', 'darkslategrey', 'darkturquoise', 'darkviolet', 'deeppink', 'deepskyblue', 'dimgray', 'dimgrey', 'dodgerblue',
  'firebrick', 'floralwhite', 'forestgreen', 'fuchsia', 'gainsboro', 'ghostwhite', 'gold', 'goldenrod', 'gray', 'green', 'greenyellow', 'grey', 'honeydew',
  'hotpink', 'indianred', 'indigo', 'ivory', 'khaki', 'lavender', 'lavenderblush', 'lawngreen', 'lemonchiffon', 'lightblue', 'lightcoral', 'lightcyan',
  'lightgoldenrodyellow', 'lightgray', 'lightgreen', 'lightgrey', 'lightpink', 'lightsalmon', 'lightseagreen', 'lightskyblue', 'lightslategray',
  'lightslategrey', 'lightsteelblue', 'lightyellow', 'lime', 'limegreen', 'linen', 'magenta', 'maroon', 'mediumaquamarine', 'mediumblue', 'mediumorchid',
  'mediumpurple', 'mediumseagreen', 'mediumslateblue', 'mediumspringgreen', 'mediumturquoise', 'mediumvioletred', 'midnightblue', 'mintcream',
  'mistyrose', 'moccasin', 'navajowhite', 'navy', 'oldlace', 'olive', 'olivedrab', 'orange', 'orangered', 'orchid', 'palegoldenrod', 'palegreen',
  'paleturquoise', 'palevioletred', 'papayawhip', 'peachpuff', 'peru', 'pink', 'plum', 'powderblue', 'purple', 'rebeccapurple', 'red', 'rosybrown',
  'royalblue', 'saddlebrown', 'salmon', 'sandybrown', 'seagreen', 'seashell', 'sienna', 'silver', 'skyblue', 'slateblue', 'slategray', 'slategrey', 'snow',
  'springgreen', 'steelblue', 'tan', 'teal', 'thistle', 'tomato', 'turquoise', 'violet', 'wheat', 'white', 'whitesmoke', 'yellow', 'yellowgreen'];
const LITERAL = /#(?:[0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})(?![\w-])|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/gi;
const NAMED_RE = new RegExp(`(?<![\\w-])(?:${NAMED.join('|')})(?![\\w-])`, 'gi');

/** The text with every var(--vscode-…, fallback) fallback blanked (nested var()s included). */
export function withoutFallbacks(css: string): string {
  let out = css;
  for (;;) {
    const next = out.replace(/var\(\s*--vscode-[\w-]+\s*,((?:[^()]|\([^()]*\))*)\)/g, (_m, fallback: string) => `var(--vscode-x${' '.repeat(fallback.length)})`);
    if (next === out) return out;
    out = next;
  }
}

/** CSS comments and the insides of url(), quoted strings and selectors' #ids are not colours. */
function cssValues(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/url\([^)]*\)/g, 'url()').replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/([^{}]*)\{/g, (_m, selector: string) => `${' '.repeat(selector.length)}{`);
}

export function colourLiterals(text: string, named: boolean): string[] {
  const clean = withoutFallbacks(text);
  return [...clean.matchAll(LITERAL), ...(named ? clean.matchAll(NAMED_RE) : [])].map((m) => m[0]);
}

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full, ext) : ext.test(e.name) ? [full] : [];
  });
}

const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

describe('no hard-coded colours in the panels', () => {
  it('the detector finds literals and named colours, and lets var(--vscode-…) fallbacks be', () => {
    assert.deepEqual(colourLiterals('color: #fff; background: rgb(0 0 0); border-color: red', true), ['#fff', 'rgb(', 'red']);
    assert.deepEqual(colourLiterals('color: var(--vscode-foreground, #ccc); border: 1px solid var(--vscode-a, var(--vscode-b, black))', true), []);
    assert.deepEqual(colourLiterals('color: var(--my-own, #ccc)', true), ['#ccc'], 'only a --vscode-* variable makes a fallback');
  });

  it('media/*.css: only --vscode-* colours', () => {
    const found = files(path.join(repoRoot, 'media'), /\.css$/).flatMap((f) =>
      colourLiterals(cssValues(fs.readFileSync(f, 'utf8')), true).map((c) => `${path.relative(repoRoot, f)}: ${c}`));
    assert.deepEqual(found, []);
  });

  it('webview/**/*.ts: no colour literal in a string, no named colour in a CSS declaration', () => {
    const found = files(path.join(repoRoot, 'webview'), /\.ts$/).flatMap((f) => {
      const code = fs.readFileSync(f, 'utf8').replace(/^\s*(?:\/\/|\*|\/\*).*$/gm, '');
      return [...code.matchAll(STRING)].flatMap((m) => {
        const literal = m[0];
        const css = /[a-z-]+\s*:\s*[^;:]+;/i.test(literal) || /^['"`](?:[\w-]+\s*:|--)/.test(literal);
        return colourLiterals(css ? cssValues(literal) : literal, css).map((c) => `${path.relative(repoRoot, f)}: ${c} in ${literal.slice(0, 60)}`);
      });
    });
    assert.deepEqual(found, []);
  });
});
