import * as vscode from 'vscode';

export const LOGS_SCHEME = 'stitch-logs';
export const HISTORY_SCHEME = 'stitch-history';

/**
 * Read-only virtual documents (extraction logs, sync history). Content is put here by the jobs
 * service after it fetched and scrubbed it, so opening a document never fetches by itself; a
 * document reopened after a reload (nothing cached) asks `reload`, which fetches again.
 */
export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly reload: (uri: vscode.Uri) => Promise<string>) {}

  set(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    const had = this.contents.has(key);
    this.contents.set(key, text);
    if (had) this.changed.fire(uri);
  }

  get(uri: vscode.Uri): string | undefined { return this.contents.get(uri.toString()); }

  forget(uri: vscode.Uri): void { this.contents.delete(uri.toString()); }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) return cached;
    const text = await this.reload(uri);
    this.contents.set(uri.toString(), text);
    return text;
  }

  dispose(): void { this.changed.dispose(); this.contents.clear(); }
}

/** `stitch-logs:/<Source name> <job>.log?account=…&source=…&job=…` (readable tab title, ids in the query). */
export function logUri(scheme: string, title: string, query: Record<string, string | number>): vscode.Uri {
  const safe = title.replace(/[\\/:*?"<>|#%]/g, '_').slice(0, 120);
  const q = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
  return vscode.Uri.from({ scheme, path: `/${safe}`, query: q });
}

export function queryOf(uri: vscode.Uri): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of uri.query.split('&')) {
    const [k, v] = part.split('=');
    if (k) out[k] = decodeURIComponent(v ?? '');
  }
  return out;
}
