/**
 * Virtual documents: `stitch-schema:/source-types/<type>.json` (the file schema from the type's
 * report card, read by VS Code's JSON features) and `stitch-plan:/<side>/<n>/<name>.json` (the two
 * normalised views the plan diff shows).
 */
import * as vscode from 'vscode';
import { fileJsonSchema } from '../core/sourceFile/jsonSchema';
import type { ReportCard } from '../core/reportCard';
import { SCHEMA_SCHEME } from '../core/sourceFile/model';
import type { Services } from '../services';

export const PLAN_SCHEME = 'stitch-plan';

export class SchemaProvider implements vscode.TextDocumentContentProvider {
  private readonly cards = new Map<string, Promise<ReportCard>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly services: Services) {
    services.accounts.onDidChangeAccount(() => this.cards.clear());
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const m = /^\/source-types\/(.+)\.json$/.exec(uri.path);
    if (!m) return JSON.stringify({ description: `Unknown Stitch schema ${uri.toString()}` });
    const type = decodeURIComponent(m[1]!);
    try {
      return JSON.stringify(fileJsonSchema(await this.card(type)), null, 2);
    } catch (error) {
      // Still a usable schema: the file's own checks work, properties aren't checked until signed in.
      this.cards.delete(type);
      return JSON.stringify({ type: 'object', description: `Stitch couldn't read the card of ${type}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  card(type: string): Promise<ReportCard> {
    let card = this.cards.get(type);
    if (!card) {
      card = this.services.accounts.requireClient().getSourceType(type) as Promise<ReportCard>;
      this.cards.set(type, card);
    }
    return card;
  }

  dispose(): void { this.changed.dispose(); }
}

export class PlanViews implements vscode.TextDocumentContentProvider {
  private readonly views = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  /** Two new URIs holding these texts (a new pair each plan, so an open diff never shows stale text). */
  put(name: string, fileView: string, liveView: string): { file: vscode.Uri; live: vscode.Uri } {
    const n = ++this.counter;
    const file = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/file/${n}/${name}.json` });
    const live = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/live/${n}/${name}.json` });
    this.views.set(file.toString(), fileView);
    this.views.set(live.toString(), liveView);
    // Keep the last few pairs only.
    while (this.views.size > 20) this.views.delete(this.views.keys().next().value as string);
    return { file, live };
  }

  provideTextDocumentContent(uri: vscode.Uri): string { return this.views.get(uri.toString()) ?? ''; }

  dispose(): void { this.changed.dispose(); }
}

export { SCHEMA_SCHEME };
