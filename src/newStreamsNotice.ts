import * as vscode from 'vscode';
import type { Source, Stream } from './api';
import { decideNewStreams, newStreamIds, parseNewStreamsPolicy } from './core/rules/newStreams';

/**
 * Tells the user when a source's stream list gains streams (a structure sync found new tables),
 * following `stitch.newStreams`. It compares each list it is shown with the previous one it saw for
 * that source in this window; the first list of a source is only remembered.
 *
 * Sources have no stored selection rules yet (the panel's Rules box and source files will hold
 * them), so the notice offers the selection panel; `applyRules` then behaves as `ask`.
 */
export class NewStreamsNotice {
  private readonly seen = new Map<number, Array<{ tap_stream_id: string }>>();

  observe(source: Pick<Source, 'id' | 'name' | 'display_name'>, streams: readonly Stream[]): void {
    const before = this.seen.get(source.id);
    this.seen.set(source.id, streams.map((s) => ({ tap_stream_id: s.tap_stream_id })));
    const policy = parseNewStreamsPolicy(vscode.workspace.getConfiguration('stitch').get('newStreams'));
    const decision = decideNewStreams(policy, newStreamIds(before, streams), source.display_name || source.name, false);
    if (decision.kind === 'none') return;
    const select = vscode.l10n.t('Select Streams…');
    void vscode.window.showInformationMessage(decision.message, select).then((choice) => {
      if (choice === select) void vscode.commands.executeCommand('stitch.selectStreams', { sourceId: source.id });
    });
  }
}

/** One per window: the Sources tree reports every stream list it reads. */
export const newStreamsNotice = new NewStreamsNotice();
