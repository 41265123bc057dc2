/**
 * The schedule editor's host-side decisions, free of `vscode` so they run in plain Node tests:
 * runtime guards for webview params, the setup sent to the editor, previews, the properties to
 * save, the post-save agreement check and the reading of save failures.
 *
 * User-facing text goes through `t` (the host passes vscode.l10n.t; tests use `plainT`).
 */
import { anchorNote, anchoredByStitch, storedIntervalText } from '../../core/scheduleStory';
import { StitchApiError, type ReportCard, type Schedule, type Source } from '../../api';
import { isPositiveInteger, isSafeRecord, isString, isArrayOf, isShortString } from '../../core/guards';
import {
  computeSchedule, defaultFrequencyChoice, frequencyChoices, frequencyLabel, scheduleProperties, toStitchTimestamp,
  type ScheduleChoice,
} from '../../core/schedule';
import type {
  AgreementView, CurrentScheduleView, ScheduleDraft, ScheduleFieldView, ScheduleModeView, SchedulePreviewResult,
  ScheduleSavedView, ScheduleSaveParams, ScheduleSetup,
} from '../../protocol/schedule';
import { SCHEDULE_PREVIEW_COUNT } from '../../protocol/schedule';

/** `vscode.l10n.t`'s shape: a message with {0}-style placeholders. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const plainT: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));

// ---- guards -------------------------------------------------------------------------------------

const MODES: readonly ScheduleModeView[] = ['interval', 'anchored', 'cron'];
/** Generous bounds: a Quartz expression with lists is rarely over 100 characters. */
export const MAX_CRON_CHARS = 256;
const isFrequencyText = (v: unknown): v is string => isString(v) && v.length <= 10;
const isAnchorText = (v: unknown): v is string => isString(v) && v.length <= 40;

/** A draft from the webview: exactly the four known keys with bounded strings, nothing else. */
export function isScheduleDraft(value: unknown): value is ScheduleDraft {
  if (!isSafeRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.some((k) => !['mode', 'frequency', 'anchorTime', 'cronExpression'].includes(k))) return false;
  return (
    isString(value.mode) && (MODES as string[]).includes(value.mode) &&
    isFrequencyText(value.frequency) &&
    isAnchorText(value.anchorTime) &&
    isShortString(MAX_CRON_CHARS)(value.cronExpression)
  );
}

/** Params of `schedule/preview`, or undefined when they are not what the editor sends. */
export function parsePreviewParams(params: unknown): { draft: ScheduleDraft } | undefined {
  if (!isSafeRecord(params) || Object.keys(params).some((k) => k !== 'draft') || !isScheduleDraft(params.draft)) return undefined;
  return { draft: params.draft };
}

const isIsoText = (v: unknown): v is string => isString(v) && v.length <= 40 && !Number.isNaN(Date.parse(v));

/** Params of `schedule/save`; `expectedSourceId` is the panel's own source (a webview may not pick another). */
export function parseSaveParams(params: unknown, expectedSourceId: number): ScheduleSaveParams | undefined {
  if (!isSafeRecord(params)) return undefined;
  if (!isPositiveInteger(params.sourceId) || params.sourceId !== expectedSourceId) return undefined;
  if (!isScheduleDraft(params.draft)) return undefined;
  const runs = params.previewRuns ?? [];
  if (!isArrayOf(isIsoText, 20)(runs)) return undefined;
  return { sourceId: params.sourceId, draft: params.draft, previewRuns: runs };
}

// ---- setup ----------------------------------------------------------------------------------------

function formProperty(card: ReportCard | undefined, name: string): { json_schema: Record<string, unknown> | null } | undefined {
  for (const step of card?.steps ?? []) {
    const found = step.properties?.find((p) => p.name === name);
    if (found) return found;
  }
  return undefined;
}

const blank = (v: unknown): boolean => v === undefined || v === null || (isString(v) && v.trim() === '');

/** The draft that shows a source's saved schedule: cron wins, then anchor, then plain interval. */
export function draftFromProperties(properties: Readonly<Record<string, unknown>>, defaultFrequency: string): ScheduleDraft {
  const freq = properties['frequency_in_minutes'];
  const frequency = blank(freq) ? defaultFrequency : String(freq);
  const anchorRaw = properties['anchor_time'];
  const anchorMs = isString(anchorRaw) ? Date.parse(anchorRaw) : NaN;
  const anchorTime = Number.isNaN(anchorMs) ? '' : new Date(anchorMs).toISOString();
  const cron = properties['cron_expression'];
  if (!blank(cron)) return { mode: 'cron', frequency, anchorTime, cronExpression: String(cron).trim() };
  return { mode: anchorTime ? 'anchored' : 'interval', frequency, anchorTime, cronExpression: '' };
}

/**
 * What an editor needs for a source type: the interval choices its `frequency_in_minutes` pattern
 * allows (readable labels), the type's default preselected, and the draft for `properties`
 * (a source's provided values, or {} for a new one).
 */
export function scheduleSetup(card: ReportCard | undefined, properties: Readonly<Record<string, unknown>>, t: Translate = plainT, createdAt?: string | null): ScheduleSetup {
  const choices = frequencyChoices(formProperty(card, 'frequency_in_minutes')?.json_schema ?? undefined);
  const preferred = defaultFrequencyChoice(choices, card?.details?.default_scheduling_interval);
  const defaultFrequency = preferred?.value ?? '60';
  const initial = draftFromProperties(properties, defaultFrequency);
  // A saved frequency the pattern no longer allows falls back to the default, rather than showing blank.
  if (!choices.some((c) => c.value === initial.frequency)) initial.frequency = defaultFrequency;
  return {
    frequencies: choices.map((c) => ({ value: c.value, label: t(c.label) })),
    defaultFrequency,
    initial,
    cronNote: cronPlanNote(t),
    ...(anchorNote({ properties, created_at: createdAt }) ? { anchorNote: anchorNote({ properties, created_at: createdAt }) } : {}),
  };
}

export function cronPlanNote(t: Translate = plainT): string {
  return t('Cron schedules need a Stitch plan that allows them (Advanced or Premium). On other plans Stitch refuses the expression and your current schedule stays as it is.');
}

export function planLimitMessage(t: Translate = plainT): string {
  return t('Cron schedules need a Stitch plan that allows them. Your expression is kept: choose an interval instead, or save it once your plan includes cron scheduling.');
}

// ---- preview ----------------------------------------------------------------------------------------

/** The core choice for a draft, or the field and message that stop it. */
export function choiceFromDraft(draft: ScheduleDraft, allowedFrequencies?: readonly string[], t: Translate = plainT):
  { ok: true; choice: ScheduleChoice } | { ok: false; field: ScheduleFieldView; message: string } {
  if (draft.mode === 'cron') {
    if (draft.cronExpression.trim() === '') return { ok: false, field: 'cron_expression', message: t('Enter a Quartz cron expression, for example 0 0 12 ? * MON-FRI.') };
    return { ok: true, choice: { mode: 'cron', cronExpression: draft.cronExpression.trim() } };
  }
  if (!/^\d+$/.test(draft.frequency) || Number(draft.frequency) <= 0) {
    return { ok: false, field: 'frequency_in_minutes', message: t('Choose how often to replicate.') };
  }
  if (allowedFrequencies && allowedFrequencies.length > 0 && !allowedFrequencies.includes(draft.frequency)) {
    return { ok: false, field: 'frequency_in_minutes', message: t('This source type does not allow a frequency of {0} minutes.', draft.frequency) };
  }
  if (draft.mode === 'interval') return { ok: true, choice: { mode: 'interval', frequency: draft.frequency } };
  if (draft.anchorTime.trim() === '') return { ok: false, field: 'anchor_time', message: t('Pick the date and time the runs are anchored to.') };
  const anchor = new Date(draft.anchorTime);
  if (Number.isNaN(anchor.getTime())) return { ok: false, field: 'anchor_time', message: t('The anchor time is not a valid date and time.') };
  return { ok: true, choice: { mode: 'anchored', frequency: draft.frequency, anchorTime: anchor } };
}

/** Validation, description and the next runs of a draft, as the editor shows them before saving. */
export function previewDraft(draft: ScheduleDraft, now: Date, allowedFrequencies?: readonly string[], t: Translate = plainT): SchedulePreviewResult {
  const checked = choiceFromDraft(draft, allowedFrequencies, t);
  if (!checked.ok) return { ok: false, mode: draft.mode, field: checked.field, message: checked.message };
  const properties = scheduleProperties(checked.choice);
  const computed = computeSchedule(properties, { from: now, count: SCHEDULE_PREVIEW_COUNT });
  if (!computed.ok) return { ok: false, mode: draft.mode, field: computed.field, message: computed.message };
  const warnings: string[] = [];
  if (draft.mode === 'anchored' && Number(draft.frequency) < 60) {
    warnings.push(t('Stitch anchors only intervals of an hour or more; with {0} the anchor makes little difference.', frequencyLabel(draft.frequency).toLowerCase()));
  }
  if (draft.mode === 'interval') {
    warnings.push(t('Without an anchor, Stitch counts the interval from the last run; the preview counts from now, as if you saved now.'));
  }
  warnings.push(...computed.warnings);
  if (computed.nextRuns.length === 0) warnings.push(t('This expression never fires again.'));
  else if (computed.nextRuns.length < SCHEDULE_PREVIEW_COUNT) warnings.push(t('This expression fires only {0} more time(s).', computed.nextRuns.length));
  return {
    ok: true,
    mode: draft.mode,
    description: computed.description,
    runs: computed.nextRuns.map((d) => d.toISOString()),
    warnings,
    computedAt: now.toISOString(),
  };
}

// ---- after saving ----------------------------------------------------------------------------------

type ScheduleSource = Pick<Source, 'schedule'> & Partial<Pick<Source, 'properties' | 'created_at' | 'paused_at' | 'deleted_at' | 'report_card'>>;

export function currentScheduleView(source: ScheduleSource, t: Translate = plainT): CurrentScheduleView {
  const schedule = source.schedule;
  if (!schedule) return { type: null, nextFireTime: null, summary: unscheduledText(source, t) };
  const summary = schedule.type === 'cron'
    ? t('Cron: {0}', schedule.cron_expression)
    // With the stored anchor (issue 17: the editor shows it, so this line must too).
    : storedIntervalText(Math.round(Number(schedule.interval)), source) + (anchoredByStitch(source) ? t(' (set by Stitch when the source was created)') : '');
  return { type: schedule.type === 'cron' ? 'cron' : 'interval', nextFireTime: schedule.next_fire_time ?? null, summary };
}

/**
 * Stitch reports no schedule while a source is paused or deleted, and before its setup is complete
 * (reference §5.5), yet its settings already hold the frequency or cron the editor shows: say why
 * nothing is scheduled, and what the settings say, so the line and the editor tell one story.
 */
function unscheduledText(source: ScheduleSource, t: Translate): string {
  const why = source.deleted_at ? t('No schedule: the source is deleted.')
    : source.paused_at ? t('No schedule while the source is paused.')
      : source.report_card && source.report_card.current_step_type !== 'fully_configured' ? t('No schedule yet: Stitch schedules a source once its setup is complete.')
        : t('Stitch reports no schedule for this source yet.');
  const properties = source.properties ?? {};
  const cron = properties['cron_expression'];
  const minutes = Number(properties['frequency_in_minutes']);
  const settings = typeof cron === 'string' && cron.trim() ? t('Cron: {0}', cron.trim())
    : Number.isFinite(minutes) && minutes > 0 ? storedIntervalText(minutes, source) : undefined;
  return settings ? t('{0} Its settings: {1}', why, settings) : why;
}

const SLACK_MS = 1000; // Stitch reports next_fire_time to the second.

export interface AgreementInput {
  draft: ScheduleDraft;
  /** The runs the user saw before saving. */
  previewRuns: readonly string[];
  /** The source's schedule from GET after the PUT. */
  schedule: Schedule | null | undefined;
  /** Just before the PUT was sent, and when its answer arrived. */
  sentAt: Date;
  receivedAt: Date;
}

/**
 * Does Stitch's `schedule.next_fire_time` agree with what the editor previewed?
 *
 * Cron and anchored schedules are absolute: Stitch's next run must be one of the previewed runs, or
 * the first run after the save (a previewed run may have passed while the user read the preview).
 * A plain interval counts from the moment Stitch applied it, which lies between sending the PUT and
 * its answer, so the next run must fall in that window plus one interval.
 */
export function checkAgreement(input: AgreementInput, t: Translate = plainT): ScheduleSavedView {
  const savedAt = input.receivedAt.toISOString();
  const checked = choiceFromDraft(input.draft);
  const expectedType = input.draft.mode === 'cron' ? 'cron' : 'interval';
  const properties = checked.ok ? scheduleProperties(checked.choice) : {};
  const fromSent = computeSchedule(properties, { from: input.sentAt, count: 1 });
  const expectedDate = fromSent.ok ? fromSent.nextRuns[0] : undefined;
  const expected = expectedDate ? toStitchTimestamp(expectedDate) : null;
  const schedule = input.schedule;
  const result = (agreement: AgreementView, message: string): ScheduleSavedView => ({
    type: schedule ? (schedule.type === 'cron' ? 'cron' : 'interval') : null,
    nextFireTime: schedule?.next_fire_time ?? null,
    expected,
    agreement,
    message,
    savedAt,
  });
  if (!schedule || !schedule.next_fire_time) {
    return result('unknown', t('Stitch reports no next run yet (the source may be paused or not fully set up), so the preview cannot be compared.'));
  }
  if (schedule.type !== expectedType) {
    return result('disagrees', expectedType === 'cron'
      ? t('Stitch reports an interval schedule, not your cron expression. Some source types accept a cron expression but ignore it.')
      : t('Stitch still reports a cron schedule, so the interval is not in effect.'));
  }
  const actual = Date.parse(schedule.next_fire_time);
  if (Number.isNaN(actual)) return result('unknown', t('Stitch reported a next run that could not be read: {0}.', schedule.next_fire_time));
  const near = (ms: number | undefined): boolean => ms !== undefined && Math.abs(ms - actual) <= SLACK_MS;
  let agrees: boolean;
  if (input.draft.mode === 'interval') {
    const step = Number(input.draft.frequency) * 60_000;
    agrees = actual >= input.sentAt.getTime() + step - SLACK_MS && actual <= input.receivedAt.getTime() + step + SLACK_MS;
  } else {
    const fromReceived = computeSchedule(properties, { from: input.receivedAt, count: 1 });
    agrees = near(expectedDate?.getTime()) ||
      near(fromReceived.ok ? fromReceived.nextRuns[0]?.getTime() : undefined) ||
      input.previewRuns.some((run) => near(Date.parse(run)));
  }
  if (agrees) return result('agrees', t('Stitch\'s next run matches the preview.'));
  return result('disagrees', expected
    ? t('Stitch\'s next run ({0}) differs from the preview ({1}). Stitch decides when runs happen; check the schedule on the source.', schedule.next_fire_time, expected)
    : t('Stitch\'s next run ({0}) differs from the preview, which expected none.', schedule.next_fire_time));
}

// ---- failures ----------------------------------------------------------------------------------------

export type SaveFailure = { kind: 'plan' | 'invalid' | 'failed'; message: string; field?: ScheduleFieldView };

const SCHEDULE_FIELDS: readonly ScheduleFieldView[] = ['frequency_in_minutes', 'anchor_time', 'cron_expression'];

/**
 * How a failed save reads in the editor. A 400 AccessDenied (kind `forbidden`) for a cron save is a
 * plan limitation; InvalidCronExpression and InvalidProperties point at the field; the rest is
 * described by `describe` (the host passes feedback.describeFailure).
 */
export function classifySaveFailure(error: unknown, draft: ScheduleDraft, describe: (error: unknown) => string, t: Translate = plainT): SaveFailure {
  if (error instanceof StitchApiError) {
    if (error.kind === 'forbidden' && draft.mode === 'cron') return { kind: 'plan', message: planLimitMessage(t), field: 'cron_expression' };
    if (error.code === 'InvalidCronExpression') return { kind: 'invalid', message: describe(error), field: 'cron_expression' };
    if (error.kind === 'invalid_properties') {
      const field = SCHEDULE_FIELDS.find((f) => error.badProperties?.includes(f));
      return { kind: 'invalid', message: describe(error), ...(field ? { field } : {}) };
    }
  }
  return { kind: 'failed', message: describe(error) };
}

