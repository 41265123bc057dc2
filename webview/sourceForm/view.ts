/**
 * The source setup panel UI: a stepper, a status card for the current stage (OAuth, connection
 * check, next step), and the form built from the model the host sends (render.ts, through the
 * component layer). Values the user types are kept in webview state (never credentials), validated
 * by the host as they type (debounced), and submitted with Enter or the button. When the host sends
 * a schedule setup, the schedule editor (webview/schedule) is mounted once in place of the plain
 * schedule controls; its draft is kept in this view's state with the rest, and its validity gates Submit.
 */
import type { FormValues, SourceFormDraft, SourceFormEvents, SourceFormRequests, SourceFormState, SubmitResult } from '../../src/protocol/sourceForm';
import type { ScheduleDraft, ScheduleSetup } from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { mountScheduleEditor, restoreDraft, type ScheduleEditorHandle } from '../schedule';
import { t } from '../ui';
import { getState, setState } from '../vscodeApi';
import { h } from './dom';
import { destinationParam, keepDestination } from './destination';
import { allFields, draftToPersist, mergeDraft, record, sameKey, uncheckedRequired, withoutScheduleValues } from './draft';
import { FieldControls } from './fields';
import { quickCheck } from './quickRules';
import { FormRenderer, type ViewModel } from './render';

export { scheduleRenderers, type FieldRenderer } from './render';

export const VALIDATE_DEBOUNCE_MS = 250;

const sameValue = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export function mountSourceForm(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<SourceFormRequests, SourceFormEvents>();
  const saved = getState<SourceFormDraft>() ?? undefined;
  const m: ViewModel = {
    state: undefined, values: record(), displayName: saved?.displayName ?? '', destinationId: undefined, advancedOpen: saved?.advancedOpen === true,
    errors: record(), displayNameError: undefined, namePreview: undefined, banner: undefined, touched: new Set<string>(), showAllErrors: false, submitting: false,
  };
  /** Credentials typed in this page: memory only. */
  let secrets: Record<string, string> = record();
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draft: SourceFormDraft | undefined = saved;
  /** Focus goes to the first field once, when the form first shows. */
  let focusedOnOpen = false;
  /** The embedded schedule editor (mounted once, moved into each render) and its draft. */
  let scheduleEditor: ScheduleEditorHandle | undefined;
  let scheduleDraft: ScheduleDraft | undefined = restoreDraft(saved?.schedule);
  let scheduleSetupSeen: string | undefined;
  const scheduleHost = h('div', { class: 'sf-schedule-editor', 'data-schedule-editor': 'true' });
  const controls = new FieldControls({ root, values: () => m.values, secrets: () => secrets, setValue: (name, value, credential) => setValue(name, value, credential), render: () => view.render() });
  const view = new FormRenderer(root, m, controls, {
    request: (method) => void channel.request(method, {}),
    submit: () => void submit(),
    persist,
    scheduleValidate,
    validateNow: () => void validateNow(),
    render: () => view.render(),
    setValue: (name, value) => setValue(name, value, false),
    scheduleHost: () => (scheduleEditor ? scheduleHost : undefined),
    scheduleBlocked,
  });

  const fields = () => (m.state ? allFields(m.state) : []);
  let fieldIndex: { of: SourceFormState; byName: Map<string, ReturnType<typeof fields>[number]> } | undefined;
  const fieldNamed = (name: string) => {
    if (!m.state) return undefined;
    if (fieldIndex?.of !== m.state) fieldIndex = { of: m.state, byName: new Map(fields().map((f) => [f.name, f])) };
    return fieldIndex.byName.get(name);
  };

  function persist(): void {
    const typed = scheduleEditor ? withoutScheduleValues(m.values, fields()) : m.values;
    draft = draftToPersist(m.state?.key, m.displayName, typed, fields(), m.advancedOpen, scheduleDraft);
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
        onChange: (d) => { scheduleDraft = d; persist(); view.updateSubmitGate(); },
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

  function setValue(name: string, value: unknown, credential: boolean): void {
    if (credential) {
      if (typeof value === 'string' && value !== '') secrets[name] = value; else delete secrets[name];
    } else {
      // A cleared field stays in the draft as '' so the saved value doesn't come back on re-render.
      m.values[name] = value;
    }
    m.touched.add(name);
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
    if (verdict === undefined) delete m.errors[name]; else m.errors[name] = verdict;
    view.renderFieldError(name);
  }

  /**
   * What the host validates and submits: an unchecked required checkbox is the value false (not a
   * missing value); with the editor embedded, its draft carries the schedule instead.
   */
  function allValues(): FormValues {
    const typed = scheduleEditor ? withoutScheduleValues(m.values, fields()) : m.values;
    return record({ ...uncheckedRequired(fields()), ...typed, ...secrets });
  }

  function scheduleValidate(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { void validateNow(); }, VALIDATE_DEBOUNCE_MS);
  }

  async function validateNow(): Promise<void> {
    timer = undefined;
    if (!m.state || m.state.stage === 'loading') return;
    const mySeq = ++seq;
    const sent = allValues();
    const sentName = m.displayName;
    try {
      const result = await channel.request('sourceForm/validate', { seq: mySeq, displayName: m.displayName, values: sent });
      if (result.seq !== seq) return; // an older answer
      // The answer is for the values sent: a field changed since keeps what its quick rules said
      // about its current value (the next answer will judge that), never the older value's error.
      const now = allValues();
      const next: Record<string, string> = record(result.errors);
      for (const name of new Set([...Object.keys(now), ...Object.keys(sent)])) {
        if (sameValue(now[name], sent[name])) continue;
        const current = m.errors[name];
        if (current === undefined) delete next[name]; else next[name] = current;
      }
      m.errors = next;
      if (m.displayName === sentName) {
        m.displayNameError = result.displayNameError;
        m.namePreview = result.namePreview;
      }
      view.renderErrors();
    } catch {
      // Validation is advisory; submit validates again.
    }
  }

  async function submit(): Promise<void> {
    if (!m.state || m.submitting) return;
    if (timer) { clearTimeout(timer); timer = undefined; }
    m.submitting = true;
    m.showAllErrors = true;
    m.banner = undefined;
    view.render();
    const editor = scheduleEditor;
    if (editor) {
      // Submit waits for the schedule preview, and goes ahead only with a schedule the host accepted.
      await editor.settled();
      if (!editor.status().valid) {
        m.submitting = false;
        m.banner = { kind: 'error', text: t('Fix the schedule, then try again.') };
        view.render();
        scheduleHost.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
    }
    let result: SubmitResult;
    try {
      const schedule = editor ? { schedule: editor.getDraft() } : {};
      result = await channel.request('sourceForm/submit', { displayName: m.displayName, values: allValues(), ...schedule, ...destinationParam(m.state, m.destinationId) });
    } catch (error) {
      result = { ok: false, banner: { kind: 'error', text: error instanceof Error ? error.message : String(error) } };
    }
    m.submitting = false;
    if (!result.ok) {
      m.errors = record(result.errors);
      m.displayNameError = result.displayNameError;
      if (result.banner) m.banner = result.banner;
      // The plan limitation (or a rejected schedule value) shows on the schedule, which keeps what was typed.
      if (result.scheduleError) scheduleEditor?.showError(result.scheduleError.message, result.scheduleError.field);
    } else {
      m.errors = record();
      m.displayNameError = undefined;
      m.showAllErrors = false;
      m.touched.clear();
    }
    view.render();
    if (!result.ok) focusFirstError();
  }

  /** After a failed submit: the first invalid field in the page's order (= visual and Tab order). */
  const focusFirstError = (): void => root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

  /** When the form first shows, the first field has focus (unless the user already put it somewhere). */
  function focusOnOpen(): void {
    if (focusedOnOpen || !root.querySelector('form.sf-form')) return;
    focusedOnOpen = true;
    if (document.activeElement && document.activeElement !== document.body) return;
    root.querySelector<HTMLElement>('form.sf-form [id^="f-"]')?.focus();
  }

  // ---- Host events ------------------------------------------------------------------------------

  channel.on('sourceForm/state', (next) => {
    m.state = next;
    syncScheduleEditor(next, !next.resetDraft && (!draft?.key || sameKey(draft.key, next.key)));
    const merged = mergeDraft(next, draft);
    m.values = record(merged.values);
    m.displayName = merged.displayName;
    m.destinationId = keepDestination(next, m.destinationId);
    if (next.resetDraft) {
      secrets = record();
      m.touched.clear();
      m.showAllErrors = false;
      m.errors = record();
    }
    if (next.fieldErrors) { m.errors = record({ ...m.errors, ...next.fieldErrors }); m.showAllErrors = true; }
    m.banner = next.banner;
    // A loading state knows no fields yet: persisting it would drop the saved draft before the form arrives.
    if (next.stage !== 'loading') persist();
    view.render();
    focusOnOpen();
    if (next.stage !== 'loading' && next.stage !== 'unavailable' && (m.touched.size > 0 || m.displayName !== '')) scheduleValidate();
  });

  channel.on('sourceForm/check', (p) => {
    if (!m.state) return;
    m.state = { ...m.state, stage: p.stage, check: p.check };
    view.replaceStatus();
  });

  view.render();
}
