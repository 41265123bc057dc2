/**
 * The source setup panel UI: a stepper, a status card for the current stage (OAuth, connection
 * check, next step), and the form built from the model the host sends. Values the user types are
 * kept in webview state (never credentials), validated by the host as they type (debounced), and
 * submitted with Enter or the button. When the host sends a schedule setup, the schedule editor
 * (webview/schedule) is mounted once in place of the plain schedule controls; its draft is kept in
 * this view's state with the rest, and its validity gates Submit.
 */
import type {
  BannerView, FieldView, FormValues, SourceFormDraft, SourceFormEvents, SourceFormRequests, SourceFormState, SubmitResult, ValidateResult,
} from '../../src/protocol/sourceForm';
import type { ScheduleDraft, ScheduleSetup } from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { mountScheduleEditor, restoreDraft, type ScheduleEditorHandle } from '../schedule';
import { getState, setState } from '../vscodeApi';
import { button, codicon, errorId, h, inputId, isolatedParts } from './dom';
import { destinationParam, keepDestination, renderDestination } from './destination';
import { allFields, draftToPersist, mergeDraft, record, sameKey, withoutScheduleValues } from './draft';
import { FieldControls } from './fields';
import { quickCheck } from './quickRules';
import { renderStatus, renderStepper } from './status';

export const VALIDATE_DEBOUNCE_MS = 250;
const SCHEDULE_ORDER = ['frequency_in_minutes', 'anchor_time', 'cron_expression'];

/**
 * The schedule editor's seam: a renderer registered here for a property name replaces the plain
 * control for that field. It gets the field, the current value and a setter.
 */
export type FieldRenderer = (field: FieldView, value: unknown, set: (value: unknown) => void, inputId: string) => HTMLElement;
export const scheduleRenderers: Partial<Record<string, FieldRenderer>> = {};

const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function mountSourceForm(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<SourceFormRequests, SourceFormEvents>();
  const saved = getState<SourceFormDraft>() ?? undefined;
  let state: SourceFormState | undefined;
  let values: FormValues = record();
  /** Credentials typed in this page: memory only. */
  let secrets: Record<string, string> = record();
  let displayName = saved?.displayName ?? '';
  let destinationId: number | undefined;
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
  const controls = new FieldControls({ root, values: () => values, secrets: () => secrets, setValue: (name, value, credential) => setValue(name, value, credential), render: () => render() });

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
      scheduleEditor = mountScheduleEditor(scheduleHost, transport, {
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
      const result = await channel.request('sourceForm/validate', { seq: mySeq, displayName, values: sent });
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
      result = await channel.request('sourceForm/submit', { displayName, values: allValues(), ...schedule, ...destinationParam(state, destinationId) });
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

  const focusFirstError = (): void => root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

  // ---- Host events ------------------------------------------------------------------------------

  channel.on('sourceForm/state', (next) => {
    state = next;
    syncScheduleEditor(next, !next.resetDraft && (!draft?.key || sameKey(draft.key, next.key)));
    const merged = mergeDraft(next, draft);
    values = record(merged.values);
    displayName = merged.displayName;
    destinationId = keepDestination(next, destinationId);
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

  channel.on('sourceForm/check', (p) => {
    if (!state) return;
    state = { ...state, stage: p.stage, check: p.check };
    const status = root.querySelector('#status');
    const fresh = state ? renderStatus(state, (method) => void channel.request(method, {})) : undefined;
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
      h('p', { class: 'hint' }, ...isolatedParts([s.typeLabel, s.sourceType, s.pipelineState !== 'released' ? s.pipelineState : undefined, s.pricingTier !== 'standard' ? s.pricingTier : undefined])),
    ));
    if (s.steps.length > 0) out.push(renderStepper(s));
    const bannerEl = h('div', { id: 'banner', role: 'alert', class: banner ? `sf-banner sf-banner-${banner.kind}` : 'sf-banner sf-hidden' });
    if (banner) {
      bannerEl.append(codicon(banner.kind === 'error' ? 'error' : banner.kind === 'warning' ? 'warning' : banner.kind === 'success' ? 'pass' : 'info'), h('span', {}, banner.text));
      if (banner.kind === 'error') bannerEl.append(button(s.text.showLogs ?? 'Show Logs', 'secondary', () => void channel.request('sourceForm/showLogs', {}), 'sf-banner-action'));
    }
    out.push(bannerEl);
    if (s.stage === 'loading') { out.push(h('p', { class: 'loading' }, codicon('loading', 'codicon-modifier-spin'), ' ', s.text.loading ?? 'Loading…')); return out; }
    const status = renderStatus(s, (method) => void channel.request(method, {}));
    if (status) out.push(status);
    if (s.stage === 'unavailable') {
      out.push(h('div', { class: 'sf-actions' }, button(s.text.checkAgain ?? 'Retry', 'secondary', () => void channel.request('sourceForm/refresh', {}))));
      return out;
    }
    out.push(renderForm(s));
    return out;
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
    form.append(dn, ...renderDestination(s, destinationId, (id) => { destinationId = id; }));

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
      for (const p of main) fs.append(controls.renderField(p, s));
      if (schedule.length > 0 && embedded) {
        fs.append(h('div', { class: 'sf-schedule', 'data-schedule-region': 'true', role: 'group', 'aria-label': t.scheduleNote ?? 'Schedule' }, h('h3', {}, codicon('calendar'), ' ', t.scheduleNote ?? 'Schedule'), scheduleHost));
      } else if (schedule.length > 0) {
        const region = h('div', { class: 'sf-schedule', 'data-schedule-region': 'true', role: 'group', 'aria-label': t.scheduleNote ?? 'Schedule' }, h('h3', {}, codicon('calendar'), ' ', t.scheduleNote ?? 'Schedule'));
        for (const p of schedule) {
          const slot = h('div', { 'data-schedule-field': p.name });
          const custom = scheduleRenderers[p.name];
          slot.append(custom ? custom(p, values[p.name], (v) => setValue(p.name, v, false), inputId(p.name)) : controls.renderField(p, s));
          region.append(slot);
        }
        fs.append(region);
      }
      if (advanced.length > 0) {
        const details = h('details', { class: 'sf-advanced', open: advancedOpen || advanced.some((p) => errors[p.name] && (showAllErrors || touched.has(p.name))) });
        details.addEventListener('toggle', () => { advancedOpen = details.open; persist(); });
        details.append(h('summary', {}, `${t.advanced ?? 'Advanced'} (${advanced.length})`), h('p', { class: 'hint' }, codicon('warning'), ' ', t.advancedCaution ?? ''));
        for (const p of advanced) details.append(controls.renderField(p, s));
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
