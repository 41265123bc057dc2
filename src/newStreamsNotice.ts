import * as vscode from 'vscode';
import type { Source, Stream } from './api';
import { decideNewStreams, newStreamIds, parseNewStreamsPolicy } from './core/rules/newStreams';

/** Where a source's selection rules live (a workspace file's `select`) and how they are applied. */
export interface NewStreamsRules {
  rulesFor(sourceId: number, account?: number): Promise<readonly string[] | undefined>;
  /** Applies `select` to the streams `ids` only; `summary` is '' when it selected none of them. */
  apply(sourceId: number, streams: readonly Stream[], ids: readonly string[], select: readonly string[]): Promise<{ summary: string }>;
}

/**
 * Tells the user when a source's stream list gains streams (a structure sync found new tables),
 * following `stitch.newStreams`. It compares each list it is shown with the previous one it saw for
 * that source in this window; the first list of a source is only remembered.
 *
 * With rules for the source (src/files: the workspace file whose `id` is the source declares
 * `select`), `ask` offers to apply them to the new streams and `applyRules` applies them; without,
 * both offer the selection panel.
 */
export class NewStreamsNotice {
  private readonly seen = new Map<number, Array<{ tap_stream_id: string }>>();
  private rules?: NewStreamsRules;
  /** The last notice's work, for the test tiers to wait on. */
  settled: Promise<void> = Promise.resolve();

  useRules(rules: NewStreamsRules): vscode.Disposable {
    this.rules = rules;
    return new vscode.Disposable(() => { if (this.rules === rules) this.rules = undefined; });
  }

  observe(source: Pick<Source, 'id' | 'name' | 'display_name'> & Partial<Pick<Source, 'stitch_client_id'>>, streams: readonly Stream[]): void {
    const before = this.seen.get(source.id);
    this.seen.set(source.id, streams.map((s) => ({ tap_stream_id: s.tap_stream_id })));
    const ids = newStreamIds(before, streams);
    if (ids.length === 0) return;
    this.settled = this.notify(source, streams, ids).catch((error: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not apply the selection rules to the new streams: {0}', error instanceof Error ? error.message : String(error)));
    });
  }

  private async notify(source: Pick<Source, 'id' | 'name' | 'display_name'> & Partial<Pick<Source, 'stitch_client_id'>>, streams: readonly Stream[], ids: readonly string[]): Promise<void> {
    const policy = parseNewStreamsPolicy(vscode.workspace.getConfiguration('stitch').get('newStreams'));
    if (policy === 'ignore') return;
    const select = await this.rules?.rulesFor(source.id, source.stitch_client_id);
    const decision = decideNewStreams(policy, ids, source.display_name || source.name, select !== undefined);
    if (decision.kind === 'none') return;
    const apply = async (): Promise<void> => {
      const { summary } = await this.rules!.apply(source.id, streams, ids, select!);
      void vscode.window.showInformationMessage(summary
        ? vscode.l10n.t('{0}: applied the selection rules ({1}).', decision.message, summary)
        : vscode.l10n.t('{0}: the selection rules select none of them.', decision.message));
      void vscode.commands.executeCommand('stitch.refreshSources');
    };
    if (decision.kind === 'apply') return apply();
    const selectStreams = vscode.l10n.t('Select Streams…');
    const applyRules = vscode.l10n.t('Apply Rules');
    const choice = await vscode.window.showInformationMessage(decision.message, ...(decision.offerRules ? [applyRules] : []), selectStreams);
    if (choice === applyRules) await apply();
    else if (choice === selectStreams) void vscode.commands.executeCommand('stitch.selectStreams', { sourceId: source.id });
  }
}

/** One per window: the Sources tree reports every stream list it reads. */
export const newStreamsNotice = new NewStreamsNotice();
