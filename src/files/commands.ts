/** Commands of source files: Export, Clone, New, Set Secret, Plan, Apply, Show Drift. */
import * as vscode from 'vscode';
import type { Source } from '../api';
import type { CommandTable } from '../commands/table';
import { exportSource, newSourceFileText, type ExportResult } from '../core/sourceFile/exportFile';
import { isSecretRef } from '../core/sourceFile/model';
import { parseFileText, setInText } from '../core/sourceFile/text';
import { describeFailure, showFailure } from '../feedback';
import type { Services } from '../services';
import { resolveSourceId } from '../sourcePicker';
import { FILE_SUFFIX, isSourceFile, SourceFileDocuments } from './documents';
import { StalePlanError } from './engine';
import type { PlanViews } from './providers';
import type { FileSecrets } from './secrets';
import { isListedStreamSelected } from '../core/selectionModel';

export function sourceFileCommands(services: Services, docs: SourceFileDocuments, secrets: FileSecrets, views: PlanViews): CommandTable {
  const { redactor, log } = services;

  const writeNewFile = async (suggested: string, result: ExportResult) => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${suggested.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'source'}${FILE_SUFFIX}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [vscode.l10n.t('Stitch source file')]: ['jsonc'] },
      title: vscode.l10n.t('Save the source file'),
    });
    if (!target) return undefined;
    const uri = target.path.endsWith(FILE_SUFFIX) ? target : target.with({ path: target.path.replace(/(\.jsonc)?$/, FILE_SUFFIX) });
    await vscode.workspace.fs.writeFile(uri, Buffer.from(result.text, 'utf8'));
    await vscode.window.showTextDocument(uri);
    await offerSecrets(result.secrets);
    return uri;
  };

  const offerSecrets = async (names: readonly string[]) => {
    const unset: string[] = [];
    for (const n of names) if (!(await secrets.get(n))) unset.push(n);
    if (!unset.length) return;
    const set = vscode.l10n.t('Set Secret…');
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t('The file refers to {0} secret(s) that are not set yet: {1}. Stitch never returns credentials, so set them before you apply.', unset.length, unset.join(', ')), set);
    if (pick === set) for (const n of unset) if (!(await setSecret(n))) break;
  };

  const setSecret = async (arg?: unknown): Promise<boolean> => {
    let name = typeof arg === 'string' ? arg : undefined;
    if (!name) {
      const doc = vscode.window.activeTextEditor?.document;
      const parsed = doc && isSourceFile(doc) ? parseFileText(doc.getText()).result : undefined;
      const names = parsed?.ok ? Object.values(parsed.file.properties).filter(isSecretRef).map((r) => r.$secret) : [];
      name = names.length
        ? (await vscode.window.showQuickPick(await Promise.all(names.map(async (n) => ({ label: n, description: (await secrets.get(n)) ? vscode.l10n.t('set') : vscode.l10n.t('not set') }))), { title: vscode.l10n.t('Set Secret') }))?.label
        : await vscode.window.showInputBox({ title: vscode.l10n.t('Set Secret'), prompt: vscode.l10n.t('The secret’s name, as in {"$secret": "name"}') });
    }
    if (!name) return false;
    const value = await vscode.window.showInputBox({ title: vscode.l10n.t('Set Secret "{0}"', name), password: true, ignoreFocusOut: true, prompt: vscode.l10n.t('Kept in VS Code’s secret storage for this account; never written to a file.') });
    if (!value) return false;
    await secrets.set(name, value);
    docs.refreshAll();
    void vscode.window.showInformationMessage(vscode.l10n.t('Secret "{0}" is set.', name));
    return true;
  };

  const exportOrClone = async (arg: unknown, clone: boolean) => {
    const title = clone ? vscode.l10n.t('Clone Source as File') : vscode.l10n.t('Export Source to File');
    const id = await resolveSourceId(services, arg, title, (s) => !s.deleted_at);
    if (!id) return;
    try {
      const client = services.accounts.requireClient();
      const source: Source = await services.state.sources.get(id);
      const streams = await client.listStreams(id);
      // Field choices live in each stream's schema: read for the selected streams only.
      const selected = streams.filter(isListedStreamSelected);
      const fields = selected.length
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the fields of {0} selected stream(s)…', selected.length) }, () => docs.engine().readFields(id, selected))
        : undefined;
      const result = exportSource(source, streams, { clone, ...(fields ? { fields } : {}) });
      await writeNewFile(clone ? `${source.display_name} copy` : source.display_name, result);
    } catch (error) {
      await showFailure(redactor, title.toLowerCase(), error);
    }
  };

  const newFile = async (arg?: unknown) => {
    try {
      const client = services.accounts.requireClient();
      let type = typeof arg === 'string' ? arg : typeof (arg as { type?: unknown })?.type === 'string' ? (arg as { type: string }).type : undefined;
      if (!type) {
        const cards = await client.listSourceTypes();
        type = (await vscode.window.showQuickPick(cards.filter((c) => c.steps?.length).map((c) => ({ label: c.type })), { title: vscode.l10n.t('New Source File: choose a type') }))?.label;
      }
      if (!type) return;
      const name = await vscode.window.showInputBox({ title: vscode.l10n.t('New Source File'), prompt: vscode.l10n.t('Display name of the new source'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A name is needed.')) });
      if (!name) return;
      await writeNewFile(name, newSourceFileText((await client.getSourceType(type)) as never, name.trim()));
    } catch (error) {
      await showFailure(redactor, vscode.l10n.t('create a source file'), error);
    }
  };

  const documentOf = async (arg: unknown): Promise<vscode.TextDocument | undefined> => {
    const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor?.document;
    if (!doc || !isSourceFile(doc)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a {0} file first.', FILE_SUFFIX));
      return undefined;
    }
    return doc;
  };

  /** Refreshes the live side, opens the diff of the two normalised views, lists the calls. */
  const plan = async (arg?: unknown, quiet = false) => {
    const doc = await documentOf(arg);
    if (!doc) return undefined;
    const state = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Planning…') }, () => docs.refresh(doc, 0, true));
    if (!state?.planned) {
      void vscode.window.showErrorMessage(redactor.redact(state?.error ?? vscode.l10n.t('Fix the errors in the file first (see Problems).')));
      return undefined;
    }
    const p = state.planned.plan;
    const name = doc.uri.path.split('/').pop()!.replace(FILE_SUFFIX, '');
    const pair = views.put(name, p.fileView, p.liveView);
    await vscode.commands.executeCommand('vscode.diff', pair.live, pair.file, vscode.l10n.t('Plan: {0} (Stitch ↔ file)', name), { preview: true, preserveFocus: true });
    const lines = p.calls.map((c) => c.summary);
    log.info(`Plan ${doc.uri.fsPath}: ${p.status}${lines.length ? `\n  ${lines.join('\n  ')}` : ''}`);
    if (!quiet) {
      const errors = p.problems.filter((x) => x.severity === 'error').map((x) => x.message);
      const text = errors.length ? vscode.l10n.t('Nothing can be applied: {0}', errors.join(' '))
        : lines.length ? vscode.l10n.t('Apply will make {0} call(s): {1}', lines.length, lines.join(' · ')) : vscode.l10n.t('In sync: nothing to apply.');
      void vscode.window.showInformationMessage(text);
    }
    return state;
  };

  /** `only`: one drifted key (Keep File Value): the plan and the apply are restricted to it. */
  const apply = async (arg?: unknown, only?: unknown) => {
    const doc = await documentOf(arg);
    if (!doc) return;
    if (doc.isDirty) await doc.save();
    const key = Array.isArray(only) && only.every((k) => typeof k === 'string') ? only as string[] : undefined;
    const state = await docs.refresh(doc, 0, true);
    // The refresh's live read serves the restricted plan too: no second round of requests.
    const planned = key && state?.file && state.planned ? await docs.engine().plan(state.file, state.planned.state, key) : state?.planned;
    if (!state?.file || !planned) return void vscode.window.showErrorMessage(redactor.redact(state?.error ?? vscode.l10n.t('Fix the errors in the file first (see Problems).')));
    const calls = planned.plan.calls;
    if (!calls.length && state.adoptedId !== undefined && planned.plan.status === 'in-sync') {
      // What the failed apply left was done since (here or in Stitch): the id can go into the file now.
      await writeBack(doc, state.adoptedId);
      docs.rememberCreated(doc, undefined);
      return void vscode.window.showInformationMessage(vscode.l10n.t('In sync: the id {0} is now in the file.', state.adoptedId));
    }
    if (!calls.length) {
      const errors = planned.plan.problems.filter((p) => p.severity === 'error');
      return void vscode.window.showInformationMessage(errors.length ? vscode.l10n.t('Nothing can be applied: {0}', errors.map((e) => e.message).join(' ')) : vscode.l10n.t('In sync: nothing to apply.'));
    }
    const go = vscode.l10n.t('Apply');
    const question = key ? vscode.l10n.t('Keep the file\'s {0}: apply {1} call(s) to Stitch?', key.join('.'), calls.length) : vscode.l10n.t('Apply {0} call(s) to Stitch?', calls.length);
    const answer = await vscode.window.showWarningMessage(question, { modal: true, detail: calls.map((c) => c.summary).join('\n') }, go);
    if (answer !== go) return;
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Applying {0}…', doc.uri.path.split('/').pop()!) },
        () => docs.engine().apply(state.file!, planned, key));
      // The id goes into the file only when the whole apply succeeded; a failure part-way leaves the
      // file untouched and the created id in the shared memory, for the next plan to adopt.
      const newId = result.createdId ?? state.adoptedId;
      if (result.ok && newId !== undefined) {
        await writeBack(doc, newId);
        docs.rememberCreated(doc, undefined);
      } else if (!result.ok && result.createdId !== undefined) docs.rememberCreated(doc, result.createdId);
      const done = result.steps.filter((s) => s.ok).map((s) => s.call.summary);
      log.info(`Apply ${doc.uri.fsPath}: ${result.steps.map((s) => `${s.ok ? 'ok' : 'FAILED'} ${s.call.summary}`).join('; ')}`);
      if (result.ok) void vscode.window.showInformationMessage(vscode.l10n.t('Applied: {0}', done.join(' · ')));
      else {
        const failed = result.steps.find((s) => !s.ok)!;
        const created = result.createdId !== undefined ? ` ${vscode.l10n.t('The source was created (id {0}); the file is unchanged.', result.createdId)}` : '';
        void vscode.window.showErrorMessage(redactor.redact(vscode.l10n.t('{0} failed: {1}. Done before it: {2}.', failed.call.summary, describeFailure(failed.error), done.join(' · ') || vscode.l10n.t('nothing')) + created + ' ' + vscode.l10n.t('Plan again to see what is left.')));
      }
    } catch (error) {
      if (error instanceof StalePlanError) void vscode.window.showWarningMessage(vscode.l10n.t('The source changed in Stitch since the plan; nothing was sent. Plan again.'));
      else await showFailure(redactor, vscode.l10n.t('apply {0}', doc.uri.path.split('/').pop()!), error);
    }
    await docs.refresh(doc, 0, true);
  };

  /** The new id (and the account) go into the file as edits, comments and layout kept. */
  const writeBack = async (doc: vscode.TextDocument, id: number) => {
    const source = services.state.sources.peek(id);
    let text = setInText(doc.getText(), ['id'], id);
    if (source) text = setInText(text, ['account'], source.stitch_client_id);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  };

  const showDrift = async (arg?: unknown) => {
    const state = await plan(arg, true);
    if (!state?.planned) return;
    const p = state.planned.plan;
    if (p.status === 'deleted') return void vscode.window.showWarningMessage(vscode.l10n.t('This source was deleted in Stitch.'));
    void vscode.window.showInformationMessage(p.differences.length
      ? vscode.l10n.t('{0} difference(s) with Stitch: {1}. Each is marked in the file with Take Live Value / Keep File Value.', p.differences.length, p.differences.map((d) => d.join('.')).join(', '))
      : vscode.l10n.t('The file and Stitch agree.'));
  };

  return {
    'stitch.files.export': (arg?: unknown) => exportOrClone(arg, false),
    'stitch.files.clone': (arg?: unknown) => exportOrClone(arg, true),
    'stitch.files.new': (arg?: unknown) => newFile(arg),
    'stitch.files.setSecret': (arg?: unknown) => setSecret(arg),
    'stitch.files.plan': (arg?: unknown) => plan(arg),
    'stitch.files.apply': (arg?: unknown, only?: unknown) => apply(arg, only),
    'stitch.files.showDrift': (arg?: unknown) => showDrift(arg),
  };
}
