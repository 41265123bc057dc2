import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewView } from '../protocol';

/** Webview options: scripts on, and resources only from dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The page every panel loads: a strict CSP (nothing by default; the bundle by nonce; styles and
 * fonts from our folders; no eval, no inline script, no style attributes) and the bundle told which view to mount and
 * given vscode.l10n's bundle ({} in English) for the webview's `t` (webview/ui/l10n.ts).
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: WebviewView, title: string): string {
  const nonce = makeNonce();
  const styleNonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // No 'unsafe-inline': the toolkit adopts constructed stylesheets, which style-src does not
    // govern. Its one <style> element (FAST's :focus-visible probe) takes the style nonce from
    // <meta property="csp-nonce">; the script nonce is never written where a page can read it.
    `style-src ${webview.cspSource} 'nonce-${styleNonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${styleNonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<link rel="stylesheet" href="${codicons.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body data-view="${view}" data-l10n="${escapeAttribute(JSON.stringify(vscode.l10n.bundle ?? {}))}">
<div id="root" aria-live="polite"><p class="loading">${escapeHtml(vscode.l10n.t('Loading…'))}</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function makeNonce(): string {
  return randomBytes(24).toString('base64url');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function escapeAttribute(text: string): string { return escapeHtml(text); }
