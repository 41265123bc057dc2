import * as vscode from 'vscode';
import type { ReportCard } from '../../api';
import { scheduleProperties } from '../../core/schedule';
import type { ScheduleDraft, ScheduleEditorRequests, ScheduleFieldView, ScheduleSetup } from '../../protocol/schedule';
import type { WebviewChannel } from '../webviewChannel';
import { choiceFromDraft, parsePreviewParams, previewDraft, scheduleSetup } from './logic';

export interface ScheduleHandlerOptions {
  /** The clock previews count from; the real time by default. */
  now?: () => Date;
  /** The frequencies the source type allows (from its setup); a preview with another is refused inline. */
  allowedFrequencies?: () => readonly string[] | undefined;
}

/**
 * Answers what an embedded schedule editor asks: `schedule/preview` (validation, description and the
 * next 5 runs, computed here because the Quartz engine is host code). Any panel that mounts the
 * editor calls this once for its channel. Params are checked at runtime; anything else is refused.
 */
export function registerScheduleHandlers(channel: WebviewChannel<ScheduleEditorRequests>, options: ScheduleHandlerOptions = {}): void {
  const now = options.now ?? (() => new Date());
  channel.handle('schedule/preview', (p): p is { draft: ScheduleDraft } => parsePreviewParams(p) !== undefined,
    ({ draft }) => previewDraft(draft, now(), options.allowedFrequencies?.(), vscode.l10n.t));
}

/**
 * The editor's setup for a source type (interval choices from the type's `frequency_in_minutes`
 * pattern, its default interval preselected) and the draft for `properties` ({} for a new source).
 * The form panel sends this to its webview and passes it to `mountScheduleEditor`.
 */
export function scheduleSetupFor(card: ReportCard | undefined, properties: Readonly<Record<string, unknown>> = {}): ScheduleSetup {
  return scheduleSetup(card, properties, vscode.l10n.t);
}

/**
 * The properties to send for a draft (only what its mode needs, clearing the other modes' fields),
 * or the field and message that stop it. The form panel merges these into its POST/PUT.
 */
export function schedulePropertiesForDraft(draft: ScheduleDraft, allowedFrequencies?: readonly string[]):
  { ok: true; properties: Record<string, string | null> } | { ok: false; field: ScheduleFieldView; message: string } {
  const checked = choiceFromDraft(draft, allowedFrequencies, vscode.l10n.t);
  return checked.ok ? { ok: true, properties: scheduleProperties(checked.choice) } : checked;
}
