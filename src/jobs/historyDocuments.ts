import * as vscode from 'vscode';
import type { Load, Source } from '../api';
import { isPositiveInteger } from '../core/guards';
import { describeFailure, showFailure } from '../feedback';
import { resolveSourceId } from '../sourcePicker';
import { stitchClientIdOf, type JobsContext } from './context';
import { HISTORY_SCHEME, logUri, queryOf, VirtualDocuments } from './documents';
import { renderHistory } from './historyDoc';

/** How old the store's copy of a source may be for its history's header. */
const SOURCE_MAX_AGE_MS = 60_000;

/**
 * A source's sync history as a Markdown preview: the extractions from the extraction store, the
 * loads read once when the document is opened.
 */
export class HistoryDocuments implements vscode.Disposable {
  private readonly docs = new VirtualDocuments((uri) => this.reload(uri));
  private readonly disposables: vscode.Disposable[];

  /** `isFollowed`: whether this window follows a running job of the source (the document says so). */
  constructor(private readonly ctx: JobsContext, private readonly isFollowed: (sourceId: number) => boolean) {
    this.disposables = [
      this.docs,
      vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, this.docs),
      vscode.workspace.onDidCloseTextDocument((doc) => { if (doc.uri.scheme === HISTORY_SCHEME) this.docs.forget(doc.uri); }),
    ];
  }

  /** Opens the source's sync history (extractions with phase results, loads per stream). Returns the URI. */
  async open(arg?: unknown): Promise<string | undefined> {
    const { services } = this.ctx;
    const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('Show Sync History'));
    if (!sourceId) return undefined;
    try {
      const source = await services.state.sources.get(sourceId, { maxAgeMs: SOURCE_MAX_AGE_MS });
      const uri = logUri(HISTORY_SCHEME, `${source.display_name} history.md`, { account: this.ctx.accountKey ?? '', source: sourceId });
      const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading sync history…') },
        () => this.render(source));
      this.docs.set(uri, text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'markdown').then(undefined, () => undefined);
      const commands = await vscode.commands.getCommands(true);
      if (commands.includes('markdown.showPreview')) await vscode.commands.executeCommand('markdown.showPreview', uri);
      else await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    } catch (error) {
      const action = vscode.l10n.t('show the sync history of source {0}', sourceId);
      this.ctx.journal({ kind: 'failure', sourceId, text: services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      void showFailure(services.redactor, action, error, { retry: () => this.open(sourceId) });
      return undefined;
    }
  }

  private async reload(uri: vscode.Uri): Promise<string> {
    const sourceId = Number(queryOf(uri).source);
    if (!isPositiveInteger(sourceId) || queryOf(uri).account !== this.ctx.accountKey) return vscode.l10n.t('This history belongs to another Stitch account.');
    try {
      return await this.render(await this.ctx.services.state.sources.get(sourceId, { maxAgeMs: SOURCE_MAX_AGE_MS }));
    } catch (error) {
      return vscode.l10n.t("Couldn't load this history: {0}", describeFailure(error));
    }
  }

  private async render(source: Source): Promise<string> {
    const { services } = this.ctx;
    if (!services.state.extractions.latest(source.id)) await this.ctx.pollNow();
    let loads: Load[] | undefined;
    let loadsNote: string | undefined;
    try {
      const clientId = await stitchClientIdOf(services);
      if (!clientId) throw new Error(vscode.l10n.t('the account id is not known yet'));
      const client = services.accounts.requireClient();
      const first = await client.listLoads(clientId, { maxWaitMs: 0 });
      loads = [...first.data];
      // Loads are ordered by stream name across every source: more pages only when needed, and at most two more.
      let page = first;
      for (let n = 2; n <= 3 && page.links.next; n++) {
        page = await client.listLoads(clientId, { page: n, maxWaitMs: 0 });
        loads.push(...page.data);
      }
      if (page.links.next) loadsNote = vscode.l10n.t('Only the first 300 loads of the account were read, to stay within Stitch\'s jobs rate limit.');
    } catch (error) {
      loadsNote = vscode.l10n.t('Loads could not be read: {0}', describeFailure(error));
    }
    return services.redactor.redact(renderHistory({
      sourceName: source.display_name, sourceId: source.id, schemaName: source.name,
      extractions: services.state.extractions.history, loads, loadsNote, generatedAt: new Date().toISOString(),
      note: source.deleted_at ? vscode.l10n.t('This source was deleted on {0}.', source.deleted_at)
        : this.isFollowed(source.id) ? vscode.l10n.t('A sync is running now.') : undefined,
    }));
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}
