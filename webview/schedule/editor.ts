/**
 * The schedule editor component: three modes (interval, anchored interval, Quartz cron), a live
 * preview of the next 5 runs in UTC and local time, and inline errors. It is mountable anywhere:
 * the standalone schedule panel and the source form both call `mountScheduleEditor`.
 *
 * All computation happens in the host, which answers `schedule/preview` (registerScheduleHandlers);
 * this side only renders, converts the anchor between local time and UTC, and reports the draft
 * through `onChange` (the embedding view decides how to persist it with setState).
 */
import {
  SCHEDULE_PREVIEW_COUNT, type ScheduleEditorRequests,
  type ScheduleDraft, type ScheduleFieldView, type ScheduleModeView, type SchedulePreviewResult, type ScheduleSetup,
} from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { MODE_ORDER, MODE_TEXT, formatLocal, formatUtc, isoFromLocalInput, localInputFromIso, localZoneName, runRows, startingDraft } from './model';

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
  /** Resolves when no preview is pending. */
  settled(): Promise<void>;
  dispose(): void;
}

let instances = 0;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function mountScheduleEditor(container: HTMLElement, transport: HostChannel, options: ScheduleEditorOptions): ScheduleEditorHandle {
  const channel = transport.typed<ScheduleEditorRequests, object>();
  const uid = `schedule-${++instances}`;
  let setup = options.setup;
  let draft: ScheduleDraft = startingDraft(setup, options.draft);
  let preview: SchedulePreviewResult | undefined;
  let previewFor: string | undefined;
  let pending = 0;
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let anchorProblem: string | undefined;
  /** An error the host reported on save; shown until the draft changes. */
  let hostError: { message: string; field?: ScheduleFieldView; forKey: string } | undefined;
  let disposed = false;
  const waiters: Array<() => void> = [];
  const debounceMs = options.debounceMs ?? 200;

  const root = el('section', { class: 'schedule-editor', 'aria-label': 'Replication schedule' });

  // ---- modes
  const modes = el('fieldset', { class: 'schedule-modes' });
  modes.append(el('legend', {}, 'How should Stitch schedule replication?'));
  const modeInputs = new Map<ScheduleModeView, HTMLInputElement>();
  for (const mode of MODE_ORDER) {
    const id = `${uid}-mode-${mode}`;
    const input = el('input', { type: 'radio', name: `${uid}-mode`, id, value: mode, 'data-mode': mode });
    const label = el('label', { for: id, class: 'schedule-mode' });
    label.append(input, el('span', { class: 'schedule-mode-label' }, MODE_TEXT[mode].label), el('span', { class: 'hint' }, MODE_TEXT[mode].hint));
    input.addEventListener('change', () => { if (input.checked) change({ mode }); });
    modeInputs.set(mode, input);
    modes.append(label);
  }

  // ---- interval
  const intervalPart = el('div', { class: 'schedule-row', 'data-part': 'interval' });
  const frequency = el('select', { id: `${uid}-frequency`, 'data-field': 'frequency' });
  intervalPart.append(el('label', { for: frequency.id }, 'Replication frequency'), frequency);
  frequency.addEventListener('change', () => change({ frequency: frequency.value }));

  // ---- anchor
  const anchorPart = el('div', { class: 'schedule-row', 'data-part': 'anchor' });
  const anchorInput = el('input', { type: 'datetime-local', id: `${uid}-anchor`, step: '60', 'data-field': 'anchor' });
  const anchorLabel = el('label', { for: anchorInput.id }, `Anchor time (your local time, ${localZoneName()})`);
  const anchorBoth = el('p', { class: 'hint', 'data-part': 'anchorBoth', 'aria-live': 'polite' });
  anchorPart.append(anchorLabel, anchorInput, anchorBoth);
  anchorInput.addEventListener('input', () => {
    const local = anchorInput.value;
    if (local === '') {
      anchorProblem = undefined;
      change({ anchorTime: '' });
      return;
    }
    const converted = isoFromLocalInput(local);
    if (!converted) {
      anchorProblem = 'That is not a complete date and time.';
      render();
      return;
    }
    anchorProblem = converted.adjusted ? `That local time does not exist here (the clocks change); it is stored as ${formatLocal(converted.iso)}.` : undefined;
    change({ anchorTime: converted.iso });
  });

  // ---- cron
  const cronPart = el('div', { class: 'schedule-row', 'data-part': 'cron' });
  const cronInput = el('input', {
    type: 'text', id: `${uid}-cron`, 'data-field': 'cron', spellcheck: 'false', autocomplete: 'off',
    placeholder: '0 0 12 ? * MON-FRI', 'aria-describedby': `${uid}-cron-help ${uid}-error`,
  });
  const cronHelp = el('p', { class: 'hint', id: `${uid}-cron-help` },
    'Quartz fields: seconds, minutes, hours, day-of-month, month, day-of-week, and an optional year. Put ? in day-of-month or day-of-week. Times are UTC.');
  const planNote = el('p', { class: 'schedule-plan-note', 'data-part': 'planNote' });
  planNote.prepend(el('span', { class: 'codicon codicon-info', 'aria-hidden': 'true' }));
  const planText = el('span', {}, setup.cronNote);
  planNote.append(planText);
  cronPart.append(el('label', { for: cronInput.id }, 'Quartz cron expression'), cronInput, cronHelp, planNote);
  cronInput.addEventListener('input', () => change({ cronExpression: cronInput.value }));

  // ---- feedback and preview
  const error = el('p', { class: 'error-text schedule-error', id: `${uid}-error`, role: 'alert', 'data-part': 'error' });
  const description = el('p', { class: 'schedule-description', 'data-part': 'description' });
  const warnings = el('ul', { class: 'schedule-warnings warning-text', 'data-part': 'warnings', 'aria-live': 'polite' });
  const runsCaption = el('caption', {}, `Next ${SCHEDULE_PREVIEW_COUNT} runs`);
  const table = el('table', { class: 'schedule-runs', 'data-part': 'runs' });
  const head = el('thead');
  const headRow = el('tr');
  headRow.append(el('th', { scope: 'col' }, '#'), el('th', { scope: 'col' }, 'UTC'), el('th', { scope: 'col' }, `Your time (${localZoneName()})`));
  head.append(headRow);
  const body = el('tbody');
  table.append(runsCaption, head, body);
  const previewState = el('p', { class: 'hint', 'data-part': 'previewState', 'aria-live': 'polite' });

  root.append(modes, intervalPart, anchorPart, cronPart, error, description, warnings, table, previewState);
  container.append(root);

  function key(d: ScheduleDraft): string { return JSON.stringify([d.mode, d.frequency, d.anchorTime, d.cronExpression]); }

  function status(): ScheduleEditorStatus {
    const current = previewFor === key(draft) ? preview : undefined;
    return { valid: Boolean(current?.ok) && !anchorProblemBlocks(), pending: pending > 0 || timer !== undefined, previewRuns: current?.ok ? current.runs : [] };
  }

  function anchorProblemBlocks(): boolean {
    return draft.mode === 'anchored' && anchorProblem !== undefined && anchorProblem.startsWith('That is not');
  }

  function fillFrequencies(): void {
    frequency.replaceChildren(...setup.frequencies.map((f) => {
      const option = el('option', { value: f.value }, f.label);
      if (f.value === setup.defaultFrequency) option.textContent = `${f.label} (default)`;
      return option;
    }));
  }

  function render(): void {
    for (const [mode, input] of modeInputs) input.checked = mode === draft.mode;
    intervalPart.hidden = draft.mode === 'cron';
    anchorPart.hidden = draft.mode !== 'anchored';
    cronPart.hidden = draft.mode !== 'cron';
    if (frequency.value !== draft.frequency) frequency.value = draft.frequency;
    if (document.activeElement !== anchorInput) anchorInput.value = localInputFromIso(draft.anchorTime);
    if (document.activeElement !== cronInput && cronInput.value !== draft.cronExpression) cronInput.value = draft.cronExpression;
    planText.textContent = setup.cronNote;

    anchorBoth.textContent = draft.anchorTime
      ? `Stored as ${draft.anchorTime} (UTC: ${formatUtc(draft.anchorTime)}; your time: ${formatLocal(draft.anchorTime)}).`
      : 'Pick a local date and time; Stitch stores it in UTC.';
    if (anchorProblem && draft.mode === 'anchored') anchorBoth.textContent = `${anchorProblem} ${anchorBoth.textContent}`;

    const current = previewFor === key(draft) ? preview : undefined;
    const saveError = hostError?.forKey === key(draft) ? hostError : undefined;
    const problem = draft.mode === 'anchored' && anchorProblemBlocks() ? anchorProblem : current && !current.ok ? current.message : saveError?.message ?? '';
    error.textContent = problem ?? '';
    error.hidden = !problem;
    const field = current && !current.ok ? current.field : saveError?.field;
    cronInput.setAttribute('aria-invalid', String(field === 'cron_expression' && draft.mode === 'cron'));
    anchorInput.setAttribute('aria-invalid', String(field === 'anchor_time' || anchorProblemBlocks()));
    frequency.setAttribute('aria-invalid', String(field === 'frequency_in_minutes'));

    description.textContent = current?.ok ? current.description : '';
    warnings.replaceChildren(...(current?.ok ? current.warnings.map((w) => el('li', {}, w)) : []));
    const rows = current?.ok ? runRows(current.runs) : [];
    body.replaceChildren(...rows.map((row, i) => {
      const tr = el('tr');
      tr.append(el('td', {}, String(i + 1)), el('td', { 'data-utc': row.iso }, row.utc), el('td', { 'data-local': row.iso }, row.local));
      return tr;
    }));
    table.hidden = rows.length === 0;
    previewState.textContent = status().pending ? 'Updating the preview…' : current?.ok && rows.length === 0 ? 'No upcoming runs.' : '';
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
        preview = { ok: false, mode: sent.mode, field: 'cron_expression', message: `The preview could not be computed: ${(e as Error).message}` };
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
      cronInput.value = draft.cronExpression;
      anchorInput.value = localInputFromIso(draft.anchorTime);
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
