import * as vscode from 'vscode';
import type { CommandTable } from '../commands/table';
import type { SourceTypeStateFilter } from '../core/sourceTypeItems';
import type { SourcesTree } from './sourcesTree';
import type { SourceTypesTree } from './sourceTypesTree';

/** View-title commands of the two trees: refresh, filter, and the legacy/deleted toggles. */
export function treeCommands(sourceTypes: SourceTypesTree, sources: SourcesTree): CommandTable {
  return {
    'stitch.refreshSourceTypes': () => sourceTypes.refresh(),
    'stitch.refreshSources': () => sources.refresh(),
    'stitch.filterSourceTypes': async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter Source Types'), value: sourceTypes.currentFilter.text ?? '',
        prompt: vscode.l10n.t('Part of a name or type id, e.g. "sql" or "platform.hub". Leave empty for all.'),
      });
      if (text === undefined) return;
      const states: { label: string; state: SourceTypeStateFilter }[] = [
        { label: vscode.l10n.t('All states'), state: 'all' },
        { label: vscode.l10n.t('Available to me'), state: 'available' },
        { label: vscode.l10n.t('Released'), state: 'released' },
        { label: vscode.l10n.t('Beta'), state: 'beta' },
        { label: vscode.l10n.t('Alpha'), state: 'alpha' },
        { label: vscode.l10n.t('Deprecated'), state: 'deprecated' },
      ];
      const picked = await vscode.window.showQuickPick(states, { title: vscode.l10n.t('Filter by state') });
      sourceTypes.setFilter({ text, state: picked?.state ?? sourceTypes.currentFilter.state });
    },
    'stitch.clearSourceTypeFilter': () => sourceTypes.setFilter({ text: '', state: 'all' }),
    'stitch.showLegacySourceTypes': () => sourceTypes.setFilter({ showLegacy: true }),
    'stitch.hideLegacySourceTypes': () => sourceTypes.setFilter({ showLegacy: false }),
    'stitch.showDeletedSources': () => sources.setShowDeleted(true),
    'stitch.hideDeletedSources': () => sources.setShowDeleted(false),
  };
}
