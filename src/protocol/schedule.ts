/**
 * The schedule editor's messages (types and names only; imports nothing).
 *
 * The editor is a webview component used by the standalone schedule panel (Stitch: Edit Schedule)
 * and embedded by the source form panel. The host does every computation (Quartz parsing, next
 * runs, descriptions) and answers `schedule/preview`; the webview only renders, converts the
 * anchor between the user's local time and UTC, and keeps the draft.
 *
 * Requests (webview → host):
 * - `schedule/preview` {draft} → SchedulePreviewResult: validation, description, next 5 runs. Any
 *   view that embeds the editor must answer it (the host side: registerScheduleHandlers).
 * - `schedule/load` {} → ScheduleLoadResult (standalone panel only): the source and its setup.
 * - `schedule/save` {sourceId, draft, previewRuns} → ScheduleSaveResult (standalone panel only).
 * Events (host → webview):
 * - `schedule/sourceChanged` ScheduleLoadResult (standalone panel only): the source was reloaded.
 * - `schedule/saveResult` ScheduleSaveResult (standalone panel only): the outcome of a save retried
 *   from a notification's Retry button.
 */

export const SCHEDULE_VIEW_TYPE = 'stitch.schedule';

/** What any view embedding the editor answers (the source form does too). */
export interface ScheduleEditorRequests {
  'schedule/preview': [{ draft: ScheduleDraft }, SchedulePreviewResult];
}

/** The standalone schedule panel: request methods, name → [params, result]. */
export interface ScheduleRequests extends ScheduleEditorRequests {
  'schedule/load': [Record<string, never>, ScheduleLoadResult];
  'schedule/save': [ScheduleSaveParams, ScheduleSaveResult];
}

/** Events the standalone panel's host pushes. */
export interface ScheduleEvents {
  'schedule/sourceChanged': ScheduleLoadResult;
  'schedule/saveResult': ScheduleSaveResult;
}

/** How many next runs every preview shows. */
export const SCHEDULE_PREVIEW_COUNT = 5;

export type ScheduleModeView = 'interval' | 'anchored' | 'cron';

/** The user's choice as the editor holds it. Only the chosen mode's fields matter. */
export interface ScheduleDraft {
  mode: ScheduleModeView;
  /** A `frequency_in_minutes` value, e.g. "360" (interval and anchored modes). */
  frequency: string;
  /** ISO-8601 UTC, e.g. "2024-05-01T03:30:00.000Z", or "" when not chosen (anchored mode). */
  anchorTime: string;
  /** A Quartz expression (cron mode). */
  cronExpression: string;
}

export interface FrequencyOptionView {
  /** The string Stitch expects, e.g. "360". */
  readonly value: string;
  /** "Every 6 hours". */
  readonly label: string;
}

/** What an editor needs to start: the allowed intervals and the draft to show. */
export interface ScheduleSetup {
  /** Only the values the type's `frequency_in_minutes` pattern allows, ascending. */
  readonly frequencies: readonly FrequencyOptionView[];
  /** The type's `default_scheduling_interval` (or the closest allowed value). */
  readonly defaultFrequency: string;
  /** The source's current schedule as a draft (or the defaults for a new source). */
  readonly initial: ScheduleDraft;
  /** "Cron schedules need a Stitch plan that allows them…", localised by the host. */
  readonly cronNote: string;
}

export type ScheduleFieldView = 'frequency_in_minutes' | 'anchor_time' | 'cron_expression';

export type SchedulePreviewResult =
  | {
      ok: true;
      mode: ScheduleModeView;
      /** "At 02:30 UTC, Monday through Friday". */
      description: string;
      /** The next fire times, ISO-8601 UTC; fewer than 5 when the schedule ends. */
      runs: string[];
      /** Non-blocking advice, e.g. an anchor with an interval under an hour. */
      warnings: string[];
      /** When the preview was computed (ISO UTC). */
      computedAt: string;
    }
  | { ok: false; mode: ScheduleModeView; field: ScheduleFieldView; message: string };

/** The source's schedule as Stitch reports it. */
export interface CurrentScheduleView {
  readonly type: 'interval' | 'cron' | null;
  readonly nextFireTime: string | null;
  readonly summary: string;
}

export interface ScheduleLoadResult {
  readonly sourceId: number;
  readonly sourceName: string;
  readonly sourceType: string;
  readonly setup: ScheduleSetup;
  readonly current: CurrentScheduleView;
}

export interface ScheduleSaveParams {
  sourceId: number;
  draft: ScheduleDraft;
  /** The runs the user saw (ISO UTC), for the agreement check. */
  previewRuns: string[];
}

export type AgreementView = 'agrees' | 'disagrees' | 'unknown';

export interface ScheduleSavedView {
  /** Stitch's `schedule.type` after saving. */
  readonly type: 'interval' | 'cron' | null;
  /** Stitch's `schedule.next_fire_time` after saving (ISO UTC), or null. */
  readonly nextFireTime: string | null;
  /** What the editor expected Stitch to report (ISO UTC), or null. */
  readonly expected: string | null;
  readonly agreement: AgreementView;
  /** One sentence explaining the agreement or the difference. */
  readonly message: string;
  readonly savedAt: string;
}

export type ScheduleSaveResult =
  | { ok: true; saved: ScheduleSavedView; current: CurrentScheduleView }
  /** `plan`: cron is not in the account's plan. `invalid`: Stitch rejected a value. The draft is kept. */
  | { ok: false; kind: 'plan' | 'invalid' | 'failed'; message: string; field?: ScheduleFieldView };

/** The state a standalone schedule panel persists with setState (nothing secret in it). */
export interface SchedulePanelState {
  sourceId?: number;
  draft?: ScheduleDraft;
}
