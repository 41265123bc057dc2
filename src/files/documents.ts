/**
 * Open `*.stitch.jsonc` documents: their diagnostics (file checks, plan problems, drift), the
 * CodeLens status, and the quick fixes. Drift is checked on open, on save and on a slow timer
 * (visible files only, the store's copy reused when young), so the API budget is not spent on it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SourceFile } from '../core/sourceFile/model';
import type { Plan } from '../core/sourceFile/plan';
import { locate, locateProblem, parseFileText, setInText } from '../core/sourceFile/text';
import { describeFailure } from '../feedback';
import type { Services } from '../services';
import { FileEngine, type PlannedFile } from './engine';
import { driftStamp, FileMemory, hashKeys } from './fileMemory';
import type { FileSecrets } from './secrets';

export const FILE_SUFFIX = '.stitch.jsonc';
const DRIFT_POLL_MS = 5 * 60_000;
/** The timer reuses a copy of the live source this young instead of asking again. */
const DRIFT_MAX_AGE_MS = 60_000;

export function isSourceFile(doc: vscode.TextDocument): boolean {
  return doc.uri.path.endsWith(FILE_SUFFIX);
}

export interface FileState {
  readonly version: number;
  readonly file?: SourceFile;
  readonly planned?: PlannedFile;
  readonly error?: string;
  /** Stitch changed since the file and Stitch last agreed (rather than only the file). */
  readonly drifted?: boolean;
  /** The id a failed apply created, planned as the file's own until an apply writes it there. */
  readonly adoptedId?: number;
}

export class SourceFileDocuments implements vscode.CodeLensProvider, vscode.CodeActionProvider, vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('stitch-files');
  private readonly states = new Map<string, FileState>();
  /** Agreed fingerprints, drift already shown, sources created by a failed apply: shared by the windows. */
  readonly memory: FileMemory;
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly services: Services, private readonly secrets: FileSecrets) {
    this.memory = new FileMemory(path.join(services.context.globalStorageUri.fsPath, 'files'));
    this.disposables.push(
      this.diagnostics, this.lensChanged,
      vscode.workspace.onDidOpenTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.refresh(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkText(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => { this.states.delete(d.uri.toString()); this.diagnostics.delete(d.uri); }),
      services.accounts.onDidChangeAccount(() => this.refreshAll()),
      vscode.languages.registerCodeLensProvider({ pattern: `**/*${FILE_SUFFIX}` }, this),
      vscode.languages.registerCodeActionsProvider({ pattern: `**/*${FILE_SUFFIX}` }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    this.timer = setInterval(() => {
      // Like every background read, drift checks wait while Stitch refuses the token.
      if (vscode.window.state.focused && !services.accounts.tokenRejected) for (const e of vscode.window.visibleTextEditors) void this.refresh(e.document, DRIFT_MAX_AGE_MS);
    }, DRIFT_POLL_MS);
    for (const d of vscode.workspace.textDocuments) void this.refresh(d);
  }

  engine(): FileEngine {
    const { accounts, state } = this.services;
    return new FileEngine({
      api: accounts.requireClient() as never,
      store: state.sources,
      account: accounts.active?.stitchClientId,
      hashAccount: accounts.active?.id,
      resolveSecret: (ref) => this.secrets.resolve(ref),
      hashes: this.secrets.hashes(),
    });
  }

  stateOf(doc: vscode.TextDocument): FileState | undefined { return this.states.get(doc.uri.toString()); }

  /**
   * Parses and plans the document against the live source; diagnostics and the lens follow.
   * `byUser`: a command asked (Plan, Apply, Show Drift): drift it finds counts as seen, with no message.
   */
  async refresh(doc: vscode.TextDocument, maxAgeMs = 0, byUser = false): Promise<FileState | undefined> {
    if (!isSourceFile(doc)) return undefined;
    const version = doc.version;
    const parsed = this.checkText(doc);
    if (!parsed) return this.set(doc, { version, error: vscode.l10n.t('fix the file’s errors (see Problems)') });
    if (!this.services.accounts.getClient()) {
      return this.set(doc, { version, file: parsed, error: vscode.l10n.t('Sign in to plan') });
    }
    try {
      const engine = this.engine();
      const account = this.services.accounts.active?.id;
      // A source the last apply created before a later call failed: the plan is of what is left.
      const adoptedId = parsed.id === undefined && account ? this.memory.get(account, doc.uri.toString()).created : undefined;
      const file = adoptedId ? { ...parsed, id: adoptedId } : parsed;
      let planned = await engine.plan(file, maxAgeMs ? await engine.readLive(file, maxAgeMs) : undefined);
      if (doc.version !== version) return this.states.get(doc.uri.toString());
      if (adoptedId && planned.plan.status === 'deleted') {
        // Deleted since: forget it and plan the file as the new source it declares.
        this.memory.update(account!, doc.uri.toString(), { created: undefined });
        return this.refresh(doc, maxAgeMs, byUser);
      }
      if (adoptedId) planned = adopted(planned, adoptedId);
      return this.set(doc, { version, file, planned, ...(adoptedId ? { adoptedId } : {}) }, byUser);
    } catch (error) {
      return this.set(doc, { version, file: parsed, error: describeFailure(error) });
    }
  }

  /** A failed apply created this source: keep its id out of the file until an apply succeeds. */
  rememberCreated(doc: vscode.TextDocument, id: number | undefined): void {
    const account = this.services.accounts.active?.id;
    if (account) this.memory.update(account, doc.uri.toString(), { created: id });
  }

  /**
   * After an account change: the files open in a tab. `textDocuments` also holds documents whose
   * editors were closed (VS Code drops them later); reading their sources would be stray requests.
   */
  refreshAll(): void {
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.toString() : undefined)));
    for (const d of vscode.workspace.textDocuments) if (open.has(d.uri.toString())) void this.refresh(d);
  }

  /** The file's own checks (syntax, shape, cron), immediately as the user types. */
  private checkText(doc: vscode.TextDocument): SourceFile | undefined {
    if (!isSourceFile(doc)) return undefined;
    const text = doc.getText();
    const parsed = parseFileText(text);
    const diagnostics = parsed.problems.map((p) => diagnostic(doc, p.offset, p.length, p.message, p.severity));
    const previous = this.states.get(doc.uri.toString());
    // Plan diagnostics from the last plan stay until the next one (they may be a keystroke old).
    if (previous?.planned && parsed.result.ok) diagnostics.push(...this.planDiagnostics(doc, previous.planned.plan));
    this.diagnostics.set(doc.uri, diagnostics);
    return parsed.result.ok ? parsed.result.file : undefined;
  }

  private set(doc: vscode.TextDocument, state: FileState, byUser = false): FileState {
    const key = doc.uri.toString();
    const plan = state.planned?.plan;
    const account = this.services.accounts.active?.id;
    const now = plan ? hashKeys(plan.liveKeys) : {};
    if (plan?.status === 'in-sync' && account) this.memory.update(account, key, { agreed: now, reported: undefined });
    const memory = account ? this.memory.get(account, key) : {};
    const stamp = plan?.status === 'changes' ? driftStamp(memory.agreed, now) : undefined;
    const drifted = stamp !== undefined;
    state = { ...state, drifted };
    if (stamp && account && memory.reported !== stamp) {
      // Told once per drift across the windows: another window showing the same drift stays quiet.
      this.memory.update(account, key, { reported: stamp });
      if (!byUser) this.reportDrift(doc, plan!.differences.length);
    }
    this.states.set(key, state);
    this.checkText(doc);
    this.lensChanged.fire();
    return state;
  }

  private reportDrift(doc: vscode.TextDocument, n: number): void {
    const show = vscode.l10n.t('Show Drift');
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} changed in Stitch since it last matched the file: {1} difference(s).', doc.uri.path.split('/').pop()!, n), show)
      .then((pick) => { if (pick === show) void vscode.commands.executeCommand('stitch.files.showDrift', doc.uri); });
  }

  private planDiagnostics(doc: vscode.TextDocument, plan: Plan): vscode.Diagnostic[] {
    const text = doc.getText();
    const out = plan.problems.map((p) => {
      const at = locateProblem(text, p);
      return diagnostic(doc, at.offset, at.length, p.message, p.severity);
    });
    if (plan.status === 'deleted') out.push(diagnostic(doc, 0, 1, vscode.l10n.t('This source was deleted in Stitch.'), 'error'));
    if (plan.status !== 'changes') return out;
    const live = JSON.parse(plan.liveView) as Record<string, unknown>;
    for (const path of plan.differences) {
      const at = locate(text, path);
      const liveValue = path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), live);
      const d = diagnostic(doc, at.offset, at.length, liveValue === undefined
        ? vscode.l10n.t('Differs from Stitch: not there live.')
        : vscode.l10n.t('Differs from Stitch: live value {0}.', JSON.stringify(liveValue)), 'info');
      d.code = 'drift';
      (d as DriftDiagnostic).stitchPath = path;
      (d as DriftDiagnostic).liveValue = liveValue;
      out.push(d);
    }
    return out;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const range = new vscode.Range(0, 0, 0, 0);
    const state = this.stateOf(doc);
    return [
      new vscode.CodeLens(range, { title: vscode.l10n.t('Plan'), command: 'stitch.files.plan', arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: vscode.l10n.t('Apply'), command: 'stitch.files.apply', arguments: [doc.uri] }),
      new vscode.CodeLens(range, { title: statusText(state), command: 'stitch.files.showDrift', arguments: [doc.uri] }),
    ];
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics as DriftDiagnostic[]) {
      if (d.code !== 'drift' || !d.stitchPath) continue;
      const take = new vscode.CodeAction(vscode.l10n.t('Take Live Value'), vscode.CodeActionKind.QuickFix);
      const next = setInText(doc.getText(), d.stitchPath, d.liveValue);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), next);
      take.edit = edit;
      take.diagnostics = [d];
      const keep = new vscode.CodeAction(vscode.l10n.t('Keep File Value (Apply)'), vscode.CodeActionKind.QuickFix);
      // Only this key goes to Stitch: the file's other differences stay for their own decision.
      keep.command = { title: keep.title, command: 'stitch.files.apply', arguments: [doc.uri, d.stitchPath] };
      keep.diagnostics = [d];
      out.push(take, keep);
    }
    return out;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The plan of a source created by a failed apply, with a note saying so where the id goes. */
function adopted(planned: PlannedFile, id: number): PlannedFile {
  const note = { path: ['id'], severity: 'warning' as const, message: vscode.l10n.t('Created by the last apply, id {0}: this plan shows only what is left; the apply that completes it writes the id into the file.', id) };
  return { ...planned, plan: { ...planned.plan, problems: [...planned.plan.problems, note] } };
}

interface DriftDiagnostic extends vscode.Diagnostic { stitchPath?: readonly string[]; liveValue?: unknown }

export function statusText(state: FileState | undefined): string {
  if (!state) return vscode.l10n.t('not checked');
  if (state.error) return state.error;
  if (!state.planned) return vscode.l10n.t('fix the file’s errors');
  const plan = state.planned.plan;
  switch (plan.status) {
    case 'in-sync': return vscode.l10n.t('in sync');
    case 'not-created': return vscode.l10n.t('not created');
    case 'deleted': return vscode.l10n.t('deleted in Stitch');
    case 'blocked': return vscode.l10n.t('{0} problem(s)', plan.problems.filter((p) => p.severity === 'error').length);
    case 'changes': {
      const n = plan.differences.length;
      const changes = n === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', n);
      return state.drifted ? vscode.l10n.t('drift: {0}', changes) : changes;
    }
  }
}

function diagnostic(doc: vscode.TextDocument, offset: number, length: number, message: string, severity: 'error' | 'warning' | 'info'): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
  const d = new vscode.Diagnostic(range, message, severity === 'error' ? vscode.DiagnosticSeverity.Error : severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  d.source = 'Stitch';
  return d;
}
