import * as vscode from 'vscode';
import { isPositiveInteger, isRecord, isString } from '../core/guards';
import { describeFailure, showFailure } from '../feedback';
import { resolveSourceId, sourceIdOf } from '../sourcePicker';
import { stitchClientIdOf, type JobsContext } from './context';
import { LOGS_SCHEME, logUri, queryOf, VirtualDocuments } from './documents';
import { deriveJob, endText, progressText } from './jobState';
import { findProblems, renderLogDocument, scrubLog } from './scrub';

/**
 * Extraction logs as read-only documents (scrubbed, with problem lines as diagnostics). The job's
 * result in the header comes from the extraction store.
 */
export class LogDocuments implements vscode.Disposable {
  private readonly docs = new VirtualDocuments((uri) => this.reload(uri));
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('stitch-logs');
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: JobsContext) {
    this.disposables = [
      this.docs, this.diagnostics,
      vscode.workspace.registerTextDocumentContentProvider(LOGS_SCHEME, this.docs),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === LOGS_SCHEME) { this.diagnostics.delete(doc.uri); this.docs.forget(doc.uri); }
      }),
    ];
  }

  /** Opens an extraction's log as a read-only document. Returns its URI (string) or undefined. */
  async open(arg?: unknown): Promise<string | undefined> {
    const { services } = this.ctx;
    // A job row (or `{ sourceId, jobName }`) names its job; anything else means the source's latest.
    const namedJob = isRecord(arg) && isString(arg.jobName) && /^[\w.-]{1,200}$/.test(arg.jobName) ? arg.jobName : undefined;
    const sourceId = await resolveSourceId(services, arg, vscode.l10n.t('View Extraction Logs'));
    if (!sourceId) return undefined;
    let jobName = sourceIdOf(arg) ? namedJob : undefined;
    const name = await this.ctx.sourceName(sourceId);
    const extractions = services.state.extractions;
    if (!jobName) {
      if (!extractions.latest(sourceId)) await this.ctx.pollNow();
      jobName = extractions.latest(sourceId)?.job_name;
      if (!jobName) {
        this.ctx.tell('info', vscode.l10n.t('"{0}" has no extraction in the last 60 days, so there is no log to show.', name), { sourceId });
        return undefined;
      }
    }
    const uri = logUri(LOGS_SCHEME, `${name} ${jobName.split('.').pop()?.slice(0, 8) ?? ''}.log`, { account: this.ctx.accountKey ?? '', source: sourceId, job: jobName });
    try {
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Fetching the extraction log…') },
        () => this.fetch(sourceId, name, jobName),
      );
      this.set(uri, text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'log').then(undefined, () => undefined);
      await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    } catch (error) {
      const action = vscode.l10n.t('open the log of "{0}"', name);
      this.ctx.journal({ kind: 'failure', sourceId, jobName, text: services.redactor.redact(`Couldn't ${action}: ${describeFailure(error)}`) });
      void showFailure(services.redactor, action, error, { retry: () => this.open({ sourceId, jobName }) });
      return undefined;
    }
  }

  private async fetch(sourceId: number, name: string, jobName: string): Promise<string> {
    const { services } = this.ctx;
    const clientId = await stitchClientIdOf(services);
    if (!clientId) throw new Error(vscode.l10n.t('the account id is not known yet'));
    const raw = await services.accounts.requireClient().getExtractionLogs(clientId, jobName, { maxWaitMs: 15_000 });
    const record = services.state.extractions.history.find((e) => e.job_name === jobName && e.source_id === sourceId);
    const view = record ? deriveJob(record) : undefined;
    const result = view ? (view.outcome === 'running' ? progressText(view) : endText(view, '')) : undefined;
    const scrubbed = services.redactor.redact(scrubLog(raw));
    const { text } = renderLogDocument({ sourceName: name, jobName, result, fetchedAt: new Date().toISOString(), complete: view ? view.outcome !== 'running' : true }, scrubbed);
    return text;
  }

  private set(uri: vscode.Uri, text: string): void {
    this.docs.set(uri, text);
    this.diagnostics.set(uri, problemsOf(text).map((p) => {
      const d = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, p.length), p.text, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'Stitch';
      return d;
    }));
  }

  /** A log reopened after a reload (nothing cached): fetched again, for the account it belongs to only. */
  private async reload(uri: vscode.Uri): Promise<string> {
    const q = queryOf(uri);
    const sourceId = Number(q.source);
    if (!isPositiveInteger(sourceId) || !q.job || q.account !== this.ctx.accountKey) {
      return vscode.l10n.t('This log belongs to another Stitch account or is no longer available. Open it again from the Sources view.');
    }
    try {
      const text = await this.fetch(sourceId, await this.ctx.sourceName(sourceId), q.job);
      this.set(uri, text);
      return text;
    } catch (error) {
      return vscode.l10n.t("Couldn't load this log: {0}", this.ctx.services.redactor.redact(describeFailure(error)));
    }
  }

  dispose(): void { for (const d of this.disposables) d.dispose(); }
}

/** Problem lines of a rendered log document (the header above the separator is skipped). */
function problemsOf(text: string): { line: number; length: number; severity: 'error' | 'warning'; text: string }[] {
  const lines = text.split('\n');
  const bodyStart = lines.findIndex((l) => /^# -{10,}/.test(l)) + 1;
  return findProblems(text).filter((p) => p.line >= bodyStart).map((p) => ({ ...p, length: lines[p.line]?.length ?? 0 }));
}
