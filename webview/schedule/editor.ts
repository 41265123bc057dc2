/**
 * The schedule editor component: three modes (interval, anchored interval, Quartz cron), a live
 * preview of the next 5 runs in UTC and local time, and inline errors. It is mountable anywhere:
 * the standalone schedule panel and the source form both call `mountScheduleEditor`.
 *
 * All computation happens in the host, which answers `schedule/preview` (registerScheduleHandlers);
 * this side only renders (through webview/ui), converts the anchor between local time and UTC, and
 * reports the draft through `onChange` (the embedding view decides how to persist it with setState).
 */
import {
  SCHEDULE_PREVIEW_COUNT, type ScheduleEditorRequests,
  type ScheduleDraft, type ScheduleFieldView, type ScheduleModeView, type SchedulePreviewResult, type ScheduleSetup,
} from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { dataGrid, dateTimeField, dropdown, h, radioGroup, t, textField, type Choice, type GridCell } from '../ui';
import { MODE_ORDER, formatLocal, formatUtc, isoFromLocalInput, localInputFromIso, localZoneName, runRows, startingDraft } from './model';

export interface ScheduleEditorOptions {
  setup: ScheduleSetup;
  /** A draft restored from webview state; wins over `setup.initial`. */
  draft?: ScheduleDraft;
  /** Called after every change the user makes, and after each preview answer. */
  onChange?: (draft: ScheduleDraft, status: ScheduleEditorStatus) => void;
  /** Milliseconds to wait after typing before asking the host for a preview (default 200). */
  debounceMs?: number;
}

export interface ScheduleEditorStatus {
  /** The last preview for the current draft succeeded. */
  readonly valid: boolean;
  /** A preview is on its way. */
  readonly pending: boolean;
  /** The runs shown (ISO UTC). */
  readonly previewRuns: readonly string[];
}

export interface ScheduleEditorHandle {
  readonly element: HTMLElement;
  getDraft(): ScheduleDraft;
  status(): ScheduleEditorStatus;
  /** Replace the draft (e.g. "Revert") and preview it. */
  setDraft(draft: ScheduleDraft): void;
  /** New facts from the host (allowed intervals, plan note); keeps the user's draft. */
  updateSetup(setup: ScheduleSetup): void;
  /** Show an error the host found on save (e.g. the plan limitation) next to its field. */
  showError(message: string, field?: ScheduleFieldView): void;
  /** Moves focus to the control showing an error, else to the chosen mode; true when there was an error. */
  focusProblem(): boolean;
  /** Resolves when no preview is pending. */
  settled(): Promise<void>;
  dispose(): void;
}

function modeChoices(): Choice[] {
  const words: Record<ScheduleModeView, { label: string; hint: string }> = {
    interval: { label: t('Interval'), hint: t('Every so often, counted from the last run.') },
    anchored: { label: t('Anchored interval'), hint: t('At fixed times: an anchor time plus every interval.') },
    cron: { label: t('Cron expression'), hint: t('Any Quartz schedule; needs a plan that allows cron.') },
  };
  return MODE_ORDER.map((mode) => ({ value: mode, ...words[mode] }));
}

export function mountScheduleEditor(container: HTMLElement, transport: HostChannel, options: ScheduleEditorOptions): ScheduleEditorHandle {
  const channel = transport.typed<ScheduleEditorRequests, object>();
  let setup = options.setup;
  let draft: ScheduleDraft = startingDraft(setup, options.draft);
  let preview: SchedulePreviewResult | undefined;
  let previewFor: string | undefined;
  let pending = 0;
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** What is wrong with the typed anchor; `blocks` when it cannot be saved at all. */
  let anchorProblem: { message: string; blocks: boolean } | undefined;
  /** An error the host reported on save; shown until the draft changes. */
  let hostError: { message: string; field?: ScheduleFieldView; forKey: string } | undefined;
  let disposed = false;
  const waiters: Array<() => void> = [];
  const debounceMs = options.debounceMs ?? 200;
  const zone = localZoneName() || t('local time');

  // ---- modes (one Tab stop; arrow keys choose)
  const modes = radioGroup({ label: t('How should Stitch schedule replication?'), choices: modeChoices(), value: draft.mode, data: { field: 'mode' } });
  for (const mode of MODE_ORDER) modes.radio(mode)!.dataset.mode = mode;
  modes.onChange((mode) => { if (mode && mode !== draft.mode) change({ mode: mode as ScheduleModeView }); });

  // ---- interval
  const frequency = dropdown({ label: t('Replication frequency'), choices: [], data: { field: 'frequency' } });
  const intervalPart = h('div', { class: 'schedule-row', dataset: { part: 'interval' } }, frequency.element);
  frequency.onChange((value) => { if (value && value !== draft.frequency) change({ frequency: value }); });

  // ---- anchor
  const anchor = dateTimeField({ label: t('Anchor time (your local time, {0})', zone), step: 60, data: { field: 'anchor' } });
  const anchorBoth = h('p', { class: 'hint', 'aria-live': 'polite', dataset: { part: 'anchorBoth' } });
  const anchorPart = h('div', { class: 'schedule-row', dataset: { part: 'anchor' } }, anchor.element, anchorBoth);
  anchor.onInput((local) => {
    if (local === '') {
      anchorProblem = undefined;
      change({ anchorTime: '' });
      return;
    }
    const converted = isoFromLocalInput(local);
    if (!converted) {
      anchorProblem = { message: t('That is not a complete date and time.'), blocks: true };
      render();
      return;
    }
    anchorProblem = converted.adjusted
      ? { message: t('That local time does not exist here (the clocks change); it is stored as {0}.', formatLocal(converted.iso)), blocks: false }
      : undefined;
    change({ anchorTime: converted.iso });
  });

  // ---- cron
  const cron = textField({
    label: t('Quartz cron expression'), placeholder: '0 0 12 ? * MON-FRI', spellcheck: false, code: true, data: { field: 'cron' },
    hint: t('Quartz fields: seconds, minutes, hours, day-of-month, month, day-of-week, and an optional year. Put ? in day-of-month or day-of-week. Times are UTC.'),
  });
  const planText = h('span', null, setup.cronNote);
  const planNote = h('p', { class: 'schedule-plan-note', dataset: { part: 'planNote' } }, h('span', { class: 'codicon codicon-info', 'aria-hidden': 'true' }), planText);
  const cronPart = h('div', { class: 'schedule-row', dataset: { part: 'cron' } }, cron.element, planNote);
  cron.onInput((value) => change({ cronExpression: value }));

  // ---- preview
  const description = h('p', { class: 'schedule-description', dataset: { part: 'description' } });
  const warnings = h('ul', { class: 'schedule-warnings', 'aria-live': 'polite', dataset: { part: 'warnings' } });
  const runsTitle = t('Next {0} runs', SCHEDULE_PREVIEW_COUNT);
  const grid = dataGrid([{ title: '#' }, { title: t('UTC') }, { title: t('Your time ({0})', zone) }], runsTitle);
  const runs = h('div', { class: 'schedule-runs', dataset: { part: 'runs' } }, h('p', { class: 'schedule-runs-title', 'aria-hidden': 'true' }, runsTitle), grid.element);
  const previewState = h('p', { class: 'hint', 'aria-live': 'polite', dataset: { part: 'previewState' } });

  // What the user chose at creation vs what Stitch stored, and why (issue 17).
  const anchorNote = h('p', { class: 'hint', dataset: { part: 'anchorNote' } });
  const root = h('section', { class: 'schedule-editor', 'aria-label': t('Replication schedule') },
    modes.element, anchorNote, intervalPart, anchorPart, cronPart, description, warnings, runs, previewState);
  container.append(root);

  function key(d: ScheduleDraft): string { return JSON.stringify([d.mode, d.frequency, d.anchorTime, d.cronExpression]); }

  function status(): ScheduleEditorStatus {
    const current = previewFor === key(draft) ? preview : undefined;
    return { valid: Boolean(current?.ok) && !anchorProblemBlocks(), pending: pending > 0 || timer !== undefined, previewRuns: current?.ok ? current.runs : [] };
  }

  function anchorProblemBlocks(): boolean {
    return draft.mode === 'anchored' && anchorProblem?.blocks === true;
  }

  function fillFrequencies(): void {
    frequency.setChoices(setup.frequencies.map((f) => ({ value: f.value, label: f.value === setup.defaultFrequency ? t('{0} (default)', f.label) : f.label })));
  }

  /** The control an error belongs to: its field when the mode shows it, else the mode choice. */
  function errorTarget(field: ScheduleFieldView | undefined): typeof modes | typeof cron | typeof anchor | typeof frequency {
    if (field === 'cron_expression' && draft.mode === 'cron') return cron;
    if (field === 'anchor_time' && draft.mode === 'anchored') return anchor;
    if (field === 'frequency_in_minutes' && draft.mode !== 'cron') return frequency;
    return modes;
  }

  function render(): void {
    if (modes.value !== draft.mode) modes.value = draft.mode;
    intervalPart.hidden = draft.mode === 'cron';
    anchorPart.hidden = draft.mode !== 'anchored';
    cronPart.hidden = draft.mode !== 'cron';
    if (frequency.value !== draft.frequency) frequency.value = draft.frequency;
    if (!anchor.control.matches(':focus')) anchor.value = localInputFromIso(draft.anchorTime);
    if (!cron.control.matches(':focus-within') && cron.value !== draft.cronExpression) cron.value = draft.cronExpression;
    planText.textContent = setup.cronNote;
    anchorNote.textContent = setup.anchorNote ?? '';
    anchorNote.hidden = !setup.anchorNote;

    anchorBoth.textContent = draft.anchorTime
      ? t('Stored as {0} (UTC: {1}; your time: {2}).', draft.anchorTime, formatUtc(draft.anchorTime), formatLocal(draft.anchorTime))
      : t('Pick a local date and time; Stitch stores it in UTC.');
    if (anchorProblem && draft.mode === 'anchored' && !anchorProblem.blocks) anchorBoth.textContent = `${anchorProblem.message} ${anchorBoth.textContent}`;

    const current = previewFor === key(draft) ? preview : undefined;
    const saveError = hostError?.forKey === key(draft) ? hostError : undefined;
    let problem: { message: string; field?: ScheduleFieldView } | undefined;
    if (anchorProblem && anchorProblemBlocks()) problem = { message: anchorProblem.message, field: 'anchor_time' };
    else if (current && !current.ok) problem = { message: current.message, field: current.field };
    else if (saveError) problem = saveError;
    const target = problem ? errorTarget(problem.field) : undefined;
    for (const control of [modes, frequency, anchor, cron]) {
      const message = control === target ? problem!.message : '';
      if (control.error !== message) control.setError(message);
    }

    description.textContent = current?.ok ? current.description : '';
    warnings.replaceChildren(...(current?.ok ? current.warnings.map((w) => h('li', null, w)) : []));
    const rows = current?.ok ? runRows(current.runs) : [];
    grid.setRows(rows.map((row, i): Array<GridCell | string> => [String(i + 1), { text: row.utc, data: { utc: row.iso } }, { text: row.local, data: { local: row.iso } }]));
    runs.hidden = rows.length === 0;
    previewState.textContent = status().pending ? t('Updating the preview…') : current?.ok && rows.length === 0 ? t('No upcoming runs.') : '';
  }

  function notify(): void {
    options.onChange?.({ ...draft }, status());
  }

  function settle(): void {
    if (pending === 0 && timer === undefined) for (const resolve of waiters.splice(0)) resolve();
  }

  async function requestPreview(): Promise<void> {
    timer = undefined;
    const mine = ++sequence;
    const forKey = key(draft);
    const sent = { ...draft };
    pending++;
    render();
    try {
      const result = await channel.request('schedule/preview', { draft: sent });
      if (mine === sequence && !disposed) { preview = result; previewFor = forKey; }
    } catch (e) {
      if (mine === sequence && !disposed) {
        preview = { ok: false, mode: sent.mode, field: 'cron_expression', message: t('The preview could not be computed: {0}', (e as Error).message) };
        previewFor = forKey;
      }
    } finally {
      pending--;
      if (!disposed) { render(); notify(); }
      settle();
    }
  }

  function schedulePreview(immediate = false): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (immediate || debounceMs <= 0) void requestPreview();
    else timer = setTimeout(() => { void requestPreview(); }, debounceMs);
  }

  function change(patch: Partial<ScheduleDraft>): void {
    draft = { ...draft, ...patch };
    if (patch.mode === 'anchored' && !draft.anchorTime) anchorProblem = undefined;
    // Typing waits a moment; choosing (mode, interval, anchor) previews at once.
    schedulePreview(patch.cronExpression === undefined);
    render();
    notify();
  }

  fillFrequencies();
  render();
  schedulePreview(true);

  return {
    element: root,
    getDraft: () => ({ ...draft }),
    status,
    setDraft(next) {
      draft = startingDraft(setup, next);
      anchorProblem = undefined;
      cron.value = draft.cronExpression;
      anchor.value = localInputFromIso(draft.anchorTime);
      schedulePreview(true);
      render();
      notify();
    },
    updateSetup(next) {
      setup = next;
      fillFrequencies();
      if (!setup.frequencies.some((f) => f.value === draft.frequency)) draft = { ...draft, frequency: setup.defaultFrequency };
      schedulePreview(true);
      render();
    },
    showError(message, field) {
      hostError = { message, forKey: key(draft), ...(field ? { field } : {}) };
      render();
    },
    focusProblem() {
      const invalid = [modes, frequency, anchor, cron].find((c) => c.error !== '');
      (invalid ?? modes).focus();
      return invalid !== undefined;
    },
    settled: () => new Promise<void>((resolve) => { waiters.push(resolve); settle(); }),
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      root.remove();
      settle();
    },
  };
}
