// VS Code's own Dark Modern / Light Modern colours (read from the provisioned code-server's
// theme-defaults extension), applied to a test page the way the workbench applies them to a
// webview: as --vscode-* custom properties on <html> through CSSOM, plus the body's theme class.
// Without them a page shows the toolkit's fallbacks, and axe's contrast check audits nothing real.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

const themesDir = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'theme-defaults', 'themes');

export type ThemeName = 'dark' | 'light';
const FILES: Record<ThemeName, string> = { dark: 'dark_modern.json', light: 'light_modern.json' };

function readTheme(file: string): Record<string, string> {
  const text = fs.readFileSync(path.join(themesDir, file), 'utf8').replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1');
  const theme = JSON.parse(text) as { include?: string; colors?: Record<string, string> };
  return { ...(theme.include ? readTheme(path.basename(theme.include)) : {}), ...(theme.colors ?? {}) };
}

/** The theme's colours as CSS custom properties: "editor.background" → "--vscode-editor-background". */
export function themeVariables(name: ThemeName): Record<string, string> {
  const out: Record<string, string> = {
    '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-font-weight': 'normal',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-editor-font-size': '14px',
  };
  for (const [key, value] of Object.entries(readTheme(FILES[name]))) out[`--vscode-${key.replace(/\./g, '-')}`] = value;
  return out;
}

export async function applyTheme(page: Page, name: ThemeName): Promise<void> {
  await page.evaluate(([variables, kind]) => {
    for (const [k, v] of Object.entries(variables)) document.documentElement.style.setProperty(k, v);
    document.body.classList.remove('vscode-dark', 'vscode-light');
    document.body.classList.add(`vscode-${kind}`);
  }, [themeVariables(name), name] as const);
}
