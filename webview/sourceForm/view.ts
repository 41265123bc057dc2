/**
 * The source setup panel UI: a stepper, a status card for the current stage (OAuth, connection
 * check, next step), and the form built from the model the host sends. Values the user types are
 * kept in webview state (never credentials), validated by the host as they type (debounced), and
 * submitted with Enter or the button. When the host sends a schedule setup, the schedule editor
 * (webview/schedule) is mounted once in place of the plain schedule controls; its draft is kept in
 * this view's state with the rest, and its validity gates Submit.
 */
import type {
  BannerView, CheckEventPayload, CheckView, FieldView, FormValues, SourceFormDraft, SourceFormState, SubmitResult, ValidateResult,
} from '../../src/protocol/sourceForm';
import type { ScheduleDraft, ScheduleSetup } from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { mountScheduleEditor, restoreDraft, type ScheduleEditorHandle } from '../schedule';
import { getState, setState } from '../vscodeApi';
import {
  allFields, record, dateInputToIso, dateTimeInputToIso, draftToPersist, isoToDateInput, isoToDateTimeInput, mergeDraft, sameKey, withoutScheduleValues,
} from './draft';
import { quickCheck } from './quickRules';

export const VALIDATE_DEBOUNCE_MS = 250;
const SCHEDULE_ORDER = ['frequency_in_minutes', 'anchor_time', 'cron_expression'];

/**
 * The schedule editor's seam: a renderer registered here for a property name replaces the plain
 * control for that field. It gets the field, the current value and a setter.
 */
export type FieldRenderer = (field: FieldView, value: unknown, set: (value: unknown) => void, inputId: string) => HTMLElement;
export const scheduleRenderers: Partial<Record<string, FieldRenderer>> = {};

type El<K extends keyof HTMLElementTagNameMap> = HTMLElementTagNameMap[K];

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Array<Node | string | undefined | false>): El<K> {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

function codicon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}

const inputId = (name: string) => `f-${name}`;
const errorId = (name: string) => `e-${name}`;

const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function mountSourceForm(root: HTMLElement, channel: HostChannel): void {
  const saved = getState<SourceFormDraft>() ?? undefined;
  let state: SourceFormState | undefined;
  let values: FormValues = record();
  /** Credentials typed in this page: memory only. */
  let secrets: Record<string, string> = record();
  let displayName = saved?.displayName ?? '';
  let advancedOpen = saved?.advancedOpen === true;
  let errors: Record<string, string> = record();
  let displayNameError: string | undefined;
  let namePreview: ValidateResult['namePreview'];
  let banner: BannerView | undefined;
  const touched = new Set<string>();
  let showAllErrors = false;
  let submitting = false;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draft: SourceFormDraft | undefined = saved;
  /** The embedded schedule editor (mounted once, moved into each render) and its draft. */
  let scheduleEditor: ScheduleEditorHandle | undefined;
  let scheduleDraft: ScheduleDraft | undefined = restoreDraft(saved?.schedule);
  let scheduleSetupSeen: string | undefined;
  const scheduleHost = h('div', { class: 'sf-schedule-editor', 'data-schedule-editor': 'true' });

  const fields = () => (state ? allFields(state) : []);
  let fieldIndex: { of: SourceFormState; byName: Map<string, FieldView> } | undefined;
  const fieldNamed = (name: string): FieldView | undefined => {
    if (!state) return undefined;
    if (fieldIndex?.of !== state) fieldIndex = { of: state, byName: new Map(fields().map((f) => [f.name, f])) };
    return fieldIndex.byName.get(name);
  };

  function persist(): void {
    const typed = scheduleEditor ? withoutScheduleValues(values, fields()) : values;
    draft = draftToPersist(state?.key, displayName, typed, fields(), advancedOpen, scheduleDraft);
    setState(draft);
  }

  /** Mounts the editor on the first setup; afterwards follows the host's setup, resetting the draft only when the host says so. */
  function syncScheduleEditor(next: SourceFormState, keepDraft: boolean): void {
    const setup: ScheduleSetup | undefined = next.schedule;
    if (!setup) {
      scheduleEditor?.dispose();
      scheduleEditor = undefined;
      scheduleSetupSeen = undefined;
      return;
    }
    const seen = JSON.stringify(setup);
    if (!scheduleEditor) {
      const restored = keepDraft ? scheduleDraft : undefined;
      scheduleSetupSeen = seen;
      scheduleEditor = mountScheduleEditor(scheduleHost, channel, {
        setup,
        ...(restored ? { draft: restored } : {}),
        onChange: (d) => { scheduleDraft = d; persist(); updateSubmitGate(); },
      });
      scheduleDraft = scheduleEditor.getDraft();
      return;
    }
    if (seen !== scheduleSetupSeen) { scheduleSetupSeen = seen; scheduleEditor.updateSetup(setup); }
    if (!keepDraft) scheduleEditor.setDraft(setup.initial);
    scheduleDraft = scheduleEditor.getDraft();
  }

  /** The schedule is known to be invalid (a preview answered with an error, not one still on its way). */
  function scheduleBlocked(): boolean {
    if (!scheduleEditor) return false;
    const status = scheduleEditor.status();
    return !status.pending && !status.valid;
  }

  function updateSubmitGate(): void {
    const sub = root.querySelector<HTMLButtonElement>('#sf-submit');
    if (sub) sub.disabled = submitting || state?.busy === true || scheduleBlocked();
  }

  function setValue(name: string, value: unknown, credential: boolean): void {
    if (credential) {
      if (typeof value === 'string' && value !== '') secrets[name] = value; else delete secrets[name];
    } else {
      // A cleared field stays in the draft as '' so the saved value doesn't come back on re-render.
      values[name] = value;
    }
    touched.add(name);
    quickValidate(name, value);
    persist();
    scheduleValidate();
  }

  /**
   * The field's quick rules on the value just typed: its inline error shows or clears now, without
   * the host. The debounced host validation that follows stays the authority (it may add errors
   * quick rules can't see: formats, cron, …).
   */
  function quickValidate(name: string, value: unknown): void {
    const verdict = quickCheck(fieldNamed(name)?.quick, value);
    if (verdict === null) return;
    if (verdict === undefined) delete errors[name]; else errors[name] = verdict;
    const el = document.getElementById(errorId(name));
    if (el) renderFieldError(el);
  }

  /** What the host validates and submits; with the editor embedded, its draft carries the schedule instead. */
  function allValues(): FormValues {
    const typed = scheduleEditor ? withoutScheduleValues(values, fields()) : values;
    return record({ ...typed, ...secrets });
  }

  function scheduleValidate(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { void validateNow(); }, VALIDATE_DEBOUNCE_MS);
  }

  async function validateNow(): Promise<void> {
    timer = undefined;
    if (!state || state.stage === 'loading') return;
    const mySeq = ++seq;
    const sent = allValues();
    const sentName = displayName;
    try {
      const result = await channel.request<ValidateResult>('validate', { seq: mySeq, displayName, values: sent });
      if (result.seq !== seq) return; // an older answer
      // The answer is for the values sent: a field changed since keeps what its quick rules said
      // about its current value (the next answer will judge that), never the older value's error.
      const now = allValues();
      const next: Record<string, string> = record(result.errors);
      for (const name of new Set([...Object.keys(now), ...Object.keys(sent)])) {
        if (sameValue(now[name], sent[name])) continue;
        const current = errors[name];
        if (current === undefined) delete next[name]; else next[name] = current;
      }
      errors = next;
      if (displayName === sentName) {
        displayNameError = result.displayNameError;
        namePreview = result.namePreview;
      }
      renderErrors();
    } catch {
      // Validation is advisory; submit validates again.
    }
  }

  async function submit(): Promise<void> {
    if (!state || submitting) return;
    if (timer) { clearTimeout(timer); timer = undefined; }
    submitting = true;
    showAllErrors = true;
    banner = undefined;
    render();
    const editor = scheduleEditor;
    if (editor) {
      // Submit waits for the schedule preview, and goes ahead only with a schedule the host accepted.
      await editor.settled();
      if (!editor.status().valid) {
        submitting = false;
        banner = { kind: 'error', text: state.text.scheduleInvalid ?? 'Fix the schedule, then try again.' };
        render();
        scheduleHost.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
    }
    let result: SubmitResult;
    try {
      const schedule = editor ? { schedule: editor.getDraft() } : {};
      result = await channel.request<SubmitResult>('submit', { displayName, values: allValues(), ...schedule });
    } catch (error) {
      result = { ok: false, banner: { kind: 'error', text: error instanceof Error ? error.message : String(error) } };
    }
    submitting = false;
    if (!result.ok) {
      errors = record(result.errors);
      displayNameError = result.displayNameError;
      if (result.banner) banner = result.banner;
      // The plan limitation (or a rejected schedule value) shows on the schedule, which keeps what was typed.
      if (result.scheduleError) scheduleEditor?.showError(result.scheduleError.message, result.scheduleError.field);
    } else {
      errors = record();
      displayNameError = undefined;
      showAllErrors = false;
      touched.clear();
    }
    render();
    if (!result.ok) focusFirstError();
  }

  function focusFirstError(): void {
    const first = root.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }

  // ---- Host events ------------------------------------------------------------------------------

  channel.on('state', (payload) => {
    const next = payload as SourceFormState;
    state = next;
    syncScheduleEditor(next, !next.resetDraft && (!draft?.key || sameKey(draft.key, next.key)));
    const merged = mergeDraft(next, draft);
    values = record(merged.values);
    displayName = merged.displayName;
    if (next.resetDraft) {
      secrets = record();
      touched.clear();
      showAllErrors = false;
      errors = record();
    }
    if (next.fieldErrors) { errors = record({ ...errors, ...next.fieldErrors }); showAllErrors = true; }
    banner = next.banner;
    // A loading state knows no fields yet: persisting it would drop the saved draft before the form arrives.
    if (next.stage !== 'loading') persist();
    render();
    if (next.stage !== 'loading' && next.stage !== 'unavailable' && (touched.size > 0 || displayName !== '')) scheduleValidate();
  });

  channel.on('check', (payload) => {
    const p = payload as CheckEventPayload;
    if (!state) return;
    state = { ...state, stage: p.stage, check: p.check };
    const status = root.querySelector('#status');
    const fresh = renderStatus();
    if (status && fresh) status.replaceWith(fresh); else render();
  });

  // ---- Rendering --------------------------------------------------------------------------------

  function render(): void {
    const active = document.activeElement as HTMLElement | null;
    const activeId = active?.id;
    const selection = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? [active.selectionStart, active.selectionEnd] : undefined;
    root.replaceChildren(...renderAll());
    if (activeId) {
      const again = document.getElementById(activeId);
      if (again) {
        again.focus();
        if (selection && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement)) {
          try { again.setSelectionRange(selection[0], selection[1]); } catch { /* not a text input */ }
        }
      }
    }
  }

  function renderAll(): Node[] {
    if (!state) return [h('p', { class: 'loading' }, 'Loading…')];
    const s = state;
    const out: Node[] = [];
    out.push(h('header', { class: 'sf-header' },
      h('h1', {}, s.title),
      // Each part isolated (<bdi>): a direction override in a type id can't reorder the rest of the line.
      h('p', { class: 'hint' }, ...[s.typeLabel, s.sourceType, s.pipelineState && s.pipelineState !== 'released' ? s.pipelineState : undefined, s.pricingTier && s.pricingTier !== 'standard' ? s.pricingTier : undefined]
        .filter((part): part is string => Boolean(part)).flatMap((part, i) => [i > 0 ? ' · ' : undefined, h('bdi', {}, part)])),
    ));
    if (s.steps.length > 0) out.push(renderStepper(s));
    const bannerEl = h('div', { id: 'banner', role: 'alert', class: banner ? `sf-banner sf-banner-${banner.kind}` : 'sf-banner sf-hidden' });
    if (banner) {
      bannerEl.append(codicon(banner.kind === 'error' ? 'error' : banner.kind === 'warning' ? 'warning' : banner.kind === 'success' ? 'pass' : 'info'), h('span', {}, banner.text));
      if (banner.kind === 'error') bannerEl.append(button(s.text.showLogs ?? 'Show Logs', 'secondary', () => void channel.request('showLogs', {}), 'sf-banner-action'));
    }
    out.push(bannerEl);
    if (s.stage === 'loading') { out.push(h('p', { class: 'loading' }, codicon('loading', 'codicon-modifier-spin'), ' ', s.text.loading ?? 'Loading…')); return out; }
    const status = renderStatus();
    if (status) out.push(status);
    if (s.stage === 'unavailable') {
      out.push(h('div', { class: 'sf-actions' }, button(s.text.checkAgain ?? 'Retry', 'secondary', () => void channel.request('refresh', {}))));
      return out;
    }
    out.push(renderForm(s));
    return out;
  }

  function renderStepper(s: SourceFormState): HTMLElement {
    const list = h('ol', { class: 'sf-stepper', 'aria-label': 'Setup steps' });
    s.steps.forEach((step, i) => {
      const icon = step.state === 'done' ? 'pass-filled' : step.state === 'current' ? 'circle-large-filled' : 'circle-large-outline';
      list.append(h('li', { class: `sf-step sf-step-${step.state}`, 'data-step': step.type, 'aria-current': step.state === 'current' ? 'step' : undefined },
        codicon(icon), h('span', { class: 'sf-step-num' }, `${i + 1}.`), ' ', h('span', {}, step.title)));
    });
    return list;
  }

  function renderStatus(): HTMLElement | undefined {
    const s = state;
    if (!s) return undefined;
    const t = s.text;
    const card = h('section', { id: 'status', class: `sf-status sf-status-${s.stage}`, 'data-stage': s.stage, 'aria-live': 'polite' });
    switch (s.stage) {
      case 'oauth': {
        card.append(h('h2', {}, codicon('key'), ' ', t.oauthTitle ?? 'Authorize'), h('p', {}, t.oauthBody ?? ''));
        card.append(h('div', { class: 'sf-actions' },
          button(t.openInStitch ?? 'Authorize in Stitch', 'primary', () => void channel.request('openInStitch', {}), undefined, 'link-external'),
          button(t.refresh ?? 'Refresh', 'secondary', () => void channel.request('refresh', {}), undefined, 'refresh')));
        card.append(h('p', { class: 'hint' }, codicon('loading', 'codicon-modifier-spin'), ' ', t.oauthWatching ?? ''));
        card.append(h('p', { class: 'hint' }, t.oauthOwnApp ?? ''));
        return card;
      }
      case 'checking':
      case 'checkFailed':
        card.append(renderCheck(s.check, s));
        return card;
      case 'fieldSelection':
        if (s.check) card.append(renderCheck(s.check, s));
        card.append(h('p', {}, codicon('pass'), ' ', t.fieldSelection ?? ''));
        card.append(h('div', { class: 'sf-actions' },
          button(t.selectStreams ?? 'Select Streams', 'primary', () => void channel.request('selectStreams', {}), 'sf-select-streams', 'list-selection')));
        return card;
      case 'configured':
        card.append(h('p', {}, codicon('pass-filled'), ' ', t.configured ?? ''));
        card.append(h('div', { class: 'sf-actions' },
          button(t.selectStreams ?? 'Select Streams', 'secondary', () => void channel.request('selectStreams', {}), 'sf-select-streams', 'list-selection'),
          button(t.openSourceInStitch ?? 'Open in Stitch', 'secondary', () => void channel.request('openInStitch', {}), undefined, 'link-external')));
        return card;
      case 'unavailable':
        card.append(h('p', {}, t.unavailable ?? ''));
        return card;
      default:
        return undefined;
    }
  }

  function renderCheck(check: CheckView | undefined, s: SourceFormState): HTMLElement {
    const t = s.text;
    const box = h('div', { class: 'sf-check', 'data-check-status': check?.status ?? 'running' });
    const status = check?.status ?? 'running';
    const title = status === 'running' || status === 'unknown' ? t.checking : status === 'succeeded' ? t.checkSucceeded : t.checkFailed;
    box.append(h('h2', {}, status === 'running' && !check?.stalled ? codicon('loading', 'codicon-modifier-spin') : codicon(status === 'succeeded' ? 'pass' : status === 'failed' ? 'error' : 'watch'), ' ', title ?? ''));
    if (check) {
      const phases = h('ul', { class: 'sf-phases' });
      for (const p of check.phases) {
        const icon = p.status === 'succeeded' ? 'pass' : p.status === 'failed' ? 'error' : p.status === 'running' ? 'loading' : p.status === 'skipped' ? 'circle-slash' : 'circle-large-outline';
        phases.append(h('li', { class: `sf-phase sf-phase-${p.status}`, 'data-phase': p.name }, codicon(icon, p.status === 'running' ? 'codicon-modifier-spin' : ''), ' ', `${p.title}: ${p.status}`));
      }
      box.append(phases);
      if (check.message && status === 'failed') {
        box.append(h('pre', { class: 'sf-check-message', id: 'check-message' }, check.message));
        box.append(h('p', { class: 'warning-text' }, codicon('key'), ' ', t.credentialRetype ?? ''));
      }
      if (check.stalled) {
        box.append(h('p', { class: 'warning-text' }, check.stalled));
        box.append(button(t.checkAgain ?? 'Check Again', 'secondary', () => void channel.request('checkAgain', {}), undefined, 'refresh'));
      }
    }
    if (status === 'failed') box.append(h('div', { class: 'sf-actions' }, button(t.checkAgain ?? 'Check Again', 'secondary', () => void channel.request('checkAgain', {}), undefined, 'refresh')));
    return box;
  }

  function renderForm(s: SourceFormState): HTMLElement {
    const t = s.text;
    const form = h('form', { class: 'sf-form', novalidate: true, 'aria-label': s.title });
    form.addEventListener('submit', (e) => { e.preventDefault(); void submit(); });
    // Display name
    const dn = h('div', { class: 'sf-field', 'data-field': 'display_name' });
    dn.append(h('label', { for: 'f-display_name' }, t.displayName ?? 'Display name', ' ', h('span', { class: 'sf-required', 'aria-hidden': 'true' }, '*')));
    const dnInput = h('input', { type: 'text', id: 'f-display_name', name: 'display_name', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'h-display_name e-display_name' });
    dnInput.value = displayName;
    dnInput.addEventListener('input', () => { displayName = dnInput.value; touched.add('display_name'); persist(); scheduleValidate(); });
    dn.append(dnInput, h('div', { class: 'hint', id: 'h-display_name' }, t.displayNameHelp ?? ''));
    const preview = h('div', { class: 'sf-name-preview', id: 'name-preview' });
    dn.append(preview, h('div', { class: 'sf-error', id: 'e-display_name', role: 'alert' }));
    form.append(dn);

    for (const stepType of s.formStepTypes) {
      const step = s.steps.find((x) => x.type === stepType);
      if (!step) continue;
      const visible = step.properties.filter((p) => p.section !== 'hidden');
      if (visible.length === 0) continue;
      const fs = h('fieldset', { class: 'sf-step-fields', 'data-step-fields': step.type }, h('legend', {}, step.title));
      const main = visible.filter((p) => p.section === 'main' && !p.scheduleField);
      // With the editor embedded it owns every schedule field, wherever the card puts it.
      const embedded = scheduleEditor !== undefined && step.type === 'form';
      const schedule = visible.filter((p) => (p.section === 'main' || embedded) && p.scheduleField).sort((a, b) => SCHEDULE_ORDER.indexOf(a.name) - SCHEDULE_ORDER.indexOf(b.name));
      const advanced = visible.filter((p) => p.section === 'advanced' && !(embedded && p.scheduleField));
      for (const p of main) fs.append(renderField(p, s));
      if (schedule.length > 0 && embedded) {
        fs.append(h('div', { class: 'sf-schedule', 'data-schedule-region': 'true', role: 'group', 'aria-label': t.scheduleNote ?? 'Schedule' }, h('h3', {}, codicon('calendar'), ' ', t.scheduleNote ?? 'Schedule'), scheduleHost));
      } else if (schedule.length > 0) {
        const region = h('div', { class: 'sf-schedule', 'data-schedule-region': 'true', role: 'group', 'aria-label': t.scheduleNote ?? 'Schedule' }, h('h3', {}, codicon('calendar'), ' ', t.scheduleNote ?? 'Schedule'));
        for (const p of schedule) {
          const slot = h('div', { 'data-schedule-field': p.name });
          const custom = scheduleRenderers[p.name];
          slot.append(custom ? custom(p, values[p.name], (v) => setValue(p.name, v, false), inputId(p.name)) : renderField(p, s));
          region.append(slot);
        }
        fs.append(region);
      }
      if (advanced.length > 0) {
        const details = h('details', { class: 'sf-advanced', open: advancedOpen || advanced.some((p) => errors[p.name] && (showAllErrors || touched.has(p.name))) });
        details.addEventListener('toggle', () => { advancedOpen = details.open; persist(); });
        details.append(h('summary', {}, `${t.advanced ?? 'Advanced'} (${advanced.length})`), h('p', { class: 'hint' }, codicon('warning'), ' ', t.advancedCaution ?? ''));
        for (const p of advanced) details.append(renderField(p, s));
        fs.append(details);
      }
      form.append(fs);
    }

    const label = s.mode === 'create' ? t.create : s.stage === 'checkFailed' ? t.retry : t.save;
    const submitButton = h('button', { type: 'submit', class: 'sf-button sf-button-primary', id: 'sf-submit', disabled: submitting || s.busy === true || scheduleBlocked() },
      submitting || s.busy ? codicon('loading', 'codicon-modifier-spin') : codicon(s.mode === 'create' ? 'add' : 'save'), ' ', submitting || s.busy ? (t.saving ?? 'Saving…') : (label ?? 'Save'));
    form.append(h('div', { class: 'sf-actions' }, submitButton));
    queueMicrotask(renderErrors);
    return form;
  }

  function describedBy(p: FieldView): string {
    return [p.help || p.patternHint || hintOf(p) ? `h-${p.name}` : undefined, errorId(p.name)].filter(Boolean).join(' ');
  }

  function hintOf(p: FieldView): string | undefined {
    const c = p.control;
    if (c.kind === 'union') return c.hint;
    if (c.kind === 'text' && c.hint) return c.hint;
    return undefined;
  }

  function renderField(p: FieldView, s: SourceFormState): HTMLElement {
    const t = s.text;
    const wrap = h('div', { class: `sf-field sf-kind-${p.control.kind}${p.locked ? ' sf-locked' : ''}`, 'data-field': p.name, 'data-kind': p.control.kind });
    const isCheckbox = p.control.kind === 'boolean';
    const labelEl = h('label', { for: inputId(p.name) }, p.label);
    if (p.required) labelEl.append(' ', h('span', { class: 'sf-required', title: t.required ?? 'required' }, '*'));
    if (p.credential) labelEl.append(' ', codicon('lock'));
    const control = renderControl(p, s);
    if (isCheckbox) wrap.append(h('div', { class: 'sf-checkbox' }, control, labelEl));
    else wrap.append(labelEl, control);
    const hints: string[] = [];
    if (p.help) hints.push(p.help);
    const extra = p.patternHint ?? hintOf(p);
    if (extra && p.control.kind !== 'select' && p.control.kind !== 'boolean') hints.push(`Format: ${extra}.`);
    if (hints.length > 0) wrap.append(h('div', { class: 'hint', id: `h-${p.name}` }, hints.join(' ')));
    if (p.caution) wrap.append(h('div', { class: 'hint sf-caution' }, codicon('warning'), ' ', p.caution));
    if (p.locked && p.lockedReason) wrap.append(h('div', { class: 'hint' }, codicon('lock'), ' ', p.lockedReason));
    if (p.credential && s.stage === 'checkFailed') wrap.append(h('div', { class: 'hint warning-text' }, t.credentialRetype ?? ''));
    wrap.append(h('div', { class: 'sf-error', id: errorId(p.name), role: 'alert' }));
    return wrap;
  }

  function renderControl(p: FieldView, s: SourceFormState): HTMLElement {
    const id = inputId(p.name);
    const common = { id, name: p.name, 'aria-describedby': describedBy(p), 'aria-required': p.required ? 'true' : undefined, disabled: p.locked };
    const value = values[p.name];
    const c = p.control;
    const text = (type: string, extra: Record<string, string | boolean | undefined> = {}) => {
      const input = h('input', { type, ...common, autocomplete: 'off', spellcheck: 'false', ...extra });
      input.value = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string);
      input.addEventListener('input', () => setValue(p.name, input.value, false));
      return input;
    };
    switch (c.kind) {
      case 'password': {
        const input = h('input', { type: 'password', ...common, autocomplete: 'new-password', spellcheck: 'false',
          placeholder: p.provided && s.mode === 'edit' ? (p.placeholder ?? s.text.savedCredential) : undefined });
        input.value = secrets[p.name] ?? '';
        input.addEventListener('input', () => setValue(p.name, input.value, true));
        return input;
      }
      case 'number':
        return text('number', { inputmode: c.valueType === 'integer' ? 'numeric' : 'decimal', min: c.minimum !== undefined ? String(c.minimum) : undefined, max: c.maximum !== undefined ? String(c.maximum) : undefined, step: c.valueType === 'integer' ? '1' : 'any' });
      case 'boolean': {
        const input = h('input', { type: 'checkbox', ...common });
        input.checked = value === true || value === 'true';
        input.addEventListener('change', () => setValue(p.name, input.checked, false));
        return input;
      }
      case 'select': {
        const select = h('select', { ...common });
        select.append(h('option', { value: '' }, p.required ? 'Choose…' : '(not set)'));
        const current = value === undefined || value === null ? '' : String(value as string);
        for (const o of c.options) {
          const opt = h('option', { value: o.value }, o.label === o.value ? o.label : `${o.label}`);
          if (o.value === current) opt.selected = true;
          select.append(opt);
        }
        if (current && !c.options.some((o) => o.value === current)) select.append(h('option', { value: current, selected: true }, current));
        select.addEventListener('change', () => setValue(p.name, select.value, false));
        return select;
      }
      case 'datetime': {
        const box = h('div', { class: 'sf-datetime' });
        if (c.midnightOnly) {
          const input = h('input', { type: 'date', ...common });
          input.value = isoToDateInput(value);
          input.addEventListener('input', () => setValue(p.name, input.value ? dateInputToIso(input.value) : '', false));
          box.append(input, h('span', { class: 'hint' }, `00:00 ${s.text.utc ?? 'UTC'}`));
        } else {
          const input = h('input', { type: 'datetime-local', step: '1', ...common });
          input.value = isoToDateTimeInput(value);
          input.addEventListener('input', () => setValue(p.name, input.value ? dateTimeInputToIso(input.value) : '', false));
          box.append(input, h('span', { class: 'hint' }, s.text.utc ?? 'UTC'));
        }
        return box;
      }
      case 'union':
        return text('text', { inputmode: c.input === 'integer' ? 'numeric' : undefined, placeholder: c.hint });
      case 'stringList':
        return renderList(p, s, [{ name: '', label: p.label, required: false }], true);
      case 'objectList':
        return renderList(p, s, [...c.columns], false);
      case 'json': {
        const area = h('textarea', { ...common, rows: '4', spellcheck: 'false' });
        area.value = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2);
        area.addEventListener('input', () => setValue(p.name, area.value, false));
        return area;
      }
      case 'text':
        return text(c.inputType);
      case 'freeText':
      default:
        return text('text');
    }
  }

  /** A list editor: one row per item (a text input, or one input per column), Add and Remove. */
  function renderList(p: FieldView, s: SourceFormState, columns: Array<{ name: string; label: string; required: boolean }>, scalar: boolean): HTMLElement {
    const rows: unknown[] = Array.isArray(values[p.name]) ? [...(values[p.name] as unknown[])] : [];
    const box = h('div', { class: 'sf-list', id: inputId(p.name), role: 'group', 'aria-label': p.label, 'aria-describedby': describedBy(p), tabindex: '-1' });
    const commit = () => setValue(p.name, rows.map((r) => (scalar ? r : { ...(r as object) })), false);
    const table = h('div', { class: 'sf-list-rows' });
    rows.forEach((row, i) => {
      const line = h('div', { class: 'sf-list-row', 'data-row': String(i) });
      for (const col of columns) {
        const cellId = `${inputId(p.name)}-${i}-${col.name || 'value'}`;
        const cell = h('input', { type: 'text', id: cellId, 'aria-label': `${col.label} ${i + 1}`, placeholder: col.label, disabled: p.locked, spellcheck: 'false' });
        const current = scalar ? row : Object.prototype.hasOwnProperty.call(row, col.name) ? (row as Record<string, unknown>)[col.name] : undefined;
        cell.value = current === undefined || current === null ? '' : String(current as string);
        cell.addEventListener('input', () => {
          if (scalar) rows[i] = cell.value; else rows[i] = { ...(rows[i] as object), [col.name]: cell.value };
          commit();
        });
        line.append(cell);
      }
      line.append(button(s.text.removeRow ?? 'Remove', 'icon', () => { rows.splice(i, 1); commit(); render(); }, `sf-remove`, 'trash', `${s.text.removeRow ?? 'Remove'} ${i + 1}`));
      table.append(line);
    });
    box.append(table);
    if (!p.locked) {
      box.append(button(`${s.text.addRow ?? 'Add'}`, 'secondary', () => {
        rows.push(scalar ? '' : Object.fromEntries(columns.map((col) => [col.name, ''])));
        commit();
        render();
        const cells = root.querySelectorAll<HTMLInputElement>(`[data-field="${CSS.escape(p.name)}"] .sf-list-row:last-child input`);
        cells[0]?.focus();
      }, 'sf-add', 'add'));
    }
    return box;
  }

  function button(label: string, kind: 'primary' | 'secondary' | 'icon', onClick: () => void, cls?: string, icon?: string, ariaLabel?: string): HTMLButtonElement {
    const b = h('button', { type: 'button', class: `sf-button sf-button-${kind}${cls ? ` ${cls}` : ''}`, 'aria-label': ariaLabel, title: kind === 'icon' ? label : undefined });
    if (icon) b.append(codicon(icon));
    if (kind !== 'icon') b.append(icon ? ` ${label}` : label);
    b.addEventListener('click', onClick);
    return b;
  }

  /** One field's error element (`e-<name>`), its input's aria-invalid and the field's invalid class. */
  function renderFieldError(el: HTMLElement): void {
    const name = el.id.slice(2);
    const message = name === 'display_name' ? (touched.has('display_name') || showAllErrors ? displayNameError : undefined) : (showAllErrors || touched.has(name) ? errors[name] : undefined);
    if (el.textContent !== (message ?? '')) el.textContent = message ?? '';
    el.classList.toggle('sf-hidden', !message);
    const input = document.getElementById(inputId(name));
    if (input) {
      if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    }
    el.closest('.sf-field')?.classList.toggle('sf-invalid', Boolean(message));
  }

  /** Errors in place, without re-rendering inputs (typing keeps focus and caret). */
  function renderErrors(): void {
    for (const el of root.querySelectorAll<HTMLElement>('.sf-error')) renderFieldError(el);
    const preview = root.querySelector('#name-preview');
    if (preview && state) {
      preview.replaceChildren();
      if (state.mode === 'edit' && state.schemaName) {
        preview.append(h('span', { class: 'hint' }, codicon('lock'), ' ', `${state.text.schemaPreview ?? 'Destination schema'}: `, h('code', {}, state.schemaName), ` — ${state.text.schemaFixed ?? ''}`));
      } else if (namePreview) {
        preview.append(h('span', { class: namePreview.ok ? 'hint' : 'warning-text' }, codicon(namePreview.ok ? 'database' : 'warning'), ' ', `${state.text.schemaPreview ?? 'Destination schema'}: `, h('code', { id: 'schema-name' }, namePreview.name || '—'), ` — ${state.text.schemaFixed ?? ''}`));
        if (namePreview.suggestion) {
          const suggestion = namePreview.suggestion;
          preview.append(' ', button(`Use "${suggestion}"`, 'secondary', () => {
            displayName = suggestion;
            touched.add('display_name');
            persist();
            render();
            void validateNow();
          }, 'sf-suggest'));
        }
      }
    }
    const sub = root.querySelector('#sf-submit');
    if (sub && showAllErrors && Object.keys(errors).length > 0 && !root.querySelector('.sf-errors-summary')) {
      sub.parentElement?.append(h('span', { class: 'error-text sf-errors-summary' }, state?.text.errorsSummary ?? ''));
    }
  }

  render();
}
