/**
 * The source form's DOM, built from the view's model through the component layer: header, stepper,
 * banner, status card, the fields by step (main, schedule, Advanced), and Submit. Errors are shown
 * in place (renderErrors) so typing keeps focus and caret.
 */
import type { BannerView, FieldView, FormValues, SourceFormRequests, SourceFormState, ValidateResult } from '../../src/protocol/sourceForm';
import { button, t, textField } from '../ui';
import { renderDestination } from './destination';
import { codicon, h, inputId, isolatedParts, nameField } from './dom';
import type { FieldControls, FieldHandle } from './fields';
import { renderStatus, renderStepper } from './status';
import { words } from './words';

const SCHEDULE_ORDER = ['frequency_in_minutes', 'anchor_time', 'cron_expression'];

/** The view's state that the DOM shows (owned by view.ts, read and written here). */
export interface ViewModel {
  state: SourceFormState | undefined;
  values: FormValues;
  displayName: string;
  destinationId: number | undefined;
  advancedOpen: boolean;
  errors: Record<string, string>;
  displayNameError: string | undefined;
  namePreview: ValidateResult['namePreview'];
  banner: BannerView | undefined;
  readonly touched: Set<string>;
  showAllErrors: boolean;
  submitting: boolean;
}

type NoParams = { [K in keyof SourceFormRequests]: SourceFormRequests[K][0] extends Record<string, never> ? K : never }[keyof SourceFormRequests];

/** What the DOM asks of the view. */
export interface ViewActions {
  request(method: NoParams): void;
  submit(): void;
  persist(): void;
  scheduleValidate(): void;
  validateNow(): void;
  render(): void;
  setValue(name: string, value: unknown): void;
  /** The embedded schedule editor's host element, when the editor is mounted. */
  scheduleHost(): HTMLElement | undefined;
  scheduleBlocked(): boolean;
}

/**
 * The schedule editor's seam: a renderer registered here for a property name replaces the plain
 * control for that field. It gets the field, the current value and a setter.
 */
export type FieldRenderer = (field: FieldView, value: unknown, set: (value: unknown) => void, inputId: string) => HTMLElement;
export const scheduleRenderers: Partial<Record<string, FieldRenderer>> = {};

/** The kinds of field where Enter submits the form (not buttons, dropdowns, checkboxes or text areas). */
const ENTER_SUBMITS = new Set(['text', 'password', 'number', 'date', 'datetime']);

export class FormRenderer {
  /** The named parts of the last render: every property, the display name, the destination. */
  private extra = new Map<string, FieldHandle>();
  private submitButton: ReturnType<typeof button> | undefined;

  constructor(private readonly root: HTMLElement, private readonly m: ViewModel, private readonly controls: FieldControls, private readonly act: ViewActions) {}

  handle(name: string): FieldHandle | undefined { return this.extra.get(name) ?? this.controls.handles.get(name); }

  /** Replaces the page, keeping focus (and a text field's caret) where it was. */
  render(): void {
    const active = document.activeElement as HTMLElement | null;
    const activeId = active?.id;
    const text = (active?.shadowRoot?.activeElement ?? active) as HTMLElement | null;
    const selection = text instanceof HTMLInputElement || text instanceof HTMLTextAreaElement ? [text.selectionStart, text.selectionEnd] : undefined;
    this.controls.handles.clear();
    this.extra.clear();
    this.root.replaceChildren(...this.renderAll());
    this.renderErrors();
    // Only while the panel has the keyboard: a state arriving while the user is in the command
    // palette or a quick pick must not pull focus back into the webview (the pick would close).
    if (!activeId || !document.hasFocus()) return;
    const again = document.getElementById(activeId);
    if (!again) return;
    again.focus();
    const inner = (again.shadowRoot?.querySelector('input') ?? again) as HTMLElement;
    if (selection && (inner instanceof HTMLInputElement || inner instanceof HTMLTextAreaElement)) {
      try { inner.setSelectionRange(selection[0], selection[1]); } catch { /* not a text input */ }
    }
  }

  private renderAll(): Node[] {
    const s = this.m.state;
    if (!s) return [h('p', { class: 'loading' }, t('Loading…'))];
    const out: Node[] = [];
    out.push(h('header', { class: 'sf-header' },
      h('h1', {}, s.title),
      h('p', { class: 'hint' }, ...isolatedParts([s.typeLabel, s.sourceType, s.pipelineState !== 'released' ? s.pipelineState : undefined, s.pricingTier !== 'standard' ? s.pricingTier : undefined])),
    ));
    if (s.steps.length > 0) out.push(renderStepper(s));
    const banner = this.m.banner;
    const bannerEl = h('div', { id: 'banner', role: 'alert', class: banner ? `sf-banner sf-banner-${banner.kind}` : 'sf-banner sf-hidden' });
    if (banner) {
      bannerEl.append(codicon(banner.kind === 'error' ? 'error' : banner.kind === 'warning' ? 'warning' : banner.kind === 'success' ? 'pass' : 'info'), h('span', {}, banner.text));
      if (banner.kind === 'error') {
        const logs = button({ label: t('Show Logs'), kind: 'secondary', onClick: () => this.act.request('sourceForm/showLogs') });
        logs.element.classList.add('sf-banner-action');
        bannerEl.append(logs.element);
      }
    }
    out.push(bannerEl);
    if (s.stage === 'loading') { out.push(h('p', { class: 'loading' }, codicon('loading', 'codicon-modifier-spin'), ' ', t('Loading…'))); return out; }
    const status = renderStatus(s, (method) => this.act.request(method));
    if (status) out.push(status);
    if (s.stage === 'unavailable') {
      out.push(h('div', { class: 'sf-actions' }, button({ label: t('Check Again'), kind: 'secondary', onClick: () => this.act.request('sourceForm/refresh') }).element));
      return out;
    }
    out.push(this.renderForm(s));
    return out;
  }

  private renderForm(s: SourceFormState): HTMLElement {
    const w = words(s);
    const m = this.m;
    const form = h('form', { class: 'sf-form', novalidate: true, 'aria-label': s.title });
    form.addEventListener('submit', (e) => { e.preventDefault(); this.act.submit(); });
    form.addEventListener('keydown', (e) => {
      // Enter in a one-line field submits, as in a native form; cancelling keydown also stops the
      // toolkit's own implicit submission (on keypress), so one Enter is one submit.
      if (e.key !== 'Enter' || e.isComposing || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const kind = (e.target as Element | null)?.closest<HTMLElement>('[data-ui]')?.dataset.ui;
      const plain = e.target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(e.target.type);
      if ((kind && ENTER_SUBMITS.has(kind)) || (!kind && plain)) { e.preventDefault(); this.act.submit(); }
    });
    const dn = nameField(textField({ label: w.displayName, hint: w.displayNameHelp, required: true, value: m.displayName, spellcheck: false }), 'display_name');
    dn.element.classList.add('sf-field', 'sf-required-field');
    dn.onInput((v) => { m.displayName = v; m.touched.add('display_name'); this.act.persist(); this.act.scheduleValidate(); });
    dn.element.insertBefore(h('div', { class: 'sf-name-preview', id: 'name-preview' }), dn.element.querySelector('.ui-error'));
    this.extra.set('display_name', dn);
    const destination = renderDestination(s, m.destinationId, (id) => { m.destinationId = id; });
    for (const d of destination) this.extra.set('destination_id', d);
    form.append(dn.element, ...destination.map((d) => d.element));

    for (const stepType of s.formStepTypes) {
      const step = s.steps.find((x) => x.type === stepType);
      if (!step) continue;
      const visible = step.properties.filter((p) => p.section !== 'hidden');
      if (visible.length === 0) continue;
      const fs = h('fieldset', { class: 'sf-step-fields', 'data-step-fields': step.type }, h('legend', {}, step.title));
      const main = visible.filter((p) => p.section === 'main' && !p.scheduleField);
      // With the editor embedded it owns every schedule field, wherever the card puts it.
      const editorHost = this.act.scheduleHost();
      const embedded = editorHost !== undefined && step.type === 'form';
      const schedule = visible.filter((p) => (p.section === 'main' || embedded) && p.scheduleField).sort((a, b) => SCHEDULE_ORDER.indexOf(a.name) - SCHEDULE_ORDER.indexOf(b.name));
      const advanced = visible.filter((p) => p.section === 'advanced' && !(embedded && p.scheduleField));
      for (const p of main) fs.append(this.controls.renderField(p, s));
      if (schedule.length > 0) {
        const region = h('div', { class: 'sf-schedule', 'data-schedule-region': 'true', role: 'group', 'aria-label': t('Replication schedule') }, h('h3', {}, codicon('calendar'), ' ', t('Replication schedule')));
        if (embedded && editorHost) region.append(editorHost);
        else {
          for (const p of schedule) {
            const slot = h('div', { 'data-schedule-field': p.name });
            const custom = scheduleRenderers[p.name];
            slot.append(custom ? custom(p, m.values[p.name], (v) => this.act.setValue(p.name, v), inputId(p.name)) : this.controls.renderField(p, s));
            region.append(slot);
          }
        }
        fs.append(region);
      }
      if (advanced.length > 0) {
        const details = h('details', { class: 'sf-advanced', open: m.advancedOpen || advanced.some((p) => m.errors[p.name] && (m.showAllErrors || m.touched.has(p.name))) });
        details.addEventListener('toggle', () => { m.advancedOpen = details.open; this.act.persist(); });
        details.append(h('summary', {}, t('Advanced settings ({0})', String(advanced.length))),
          h('p', { class: 'hint' }, codicon('warning'), ' ', t('These settings are optional. Change them only if you know you need to.')));
        for (const p of advanced) details.append(this.controls.renderField(p, s));
        fs.append(details);
      }
      form.append(fs);
    }

    const busy = m.submitting || s.busy === true;
    const label = busy ? t('Saving…') : s.mode === 'create' ? w.create : s.stage === 'checkFailed' ? t('Save and Retry Check') : t('Save Changes');
    const submit = button({ label, kind: 'primary', icon: busy ? 'loading' : s.mode === 'create' ? 'add' : 'save', disabled: busy || this.act.scheduleBlocked(), onClick: () => this.act.submit() });
    submit.element.id = 'sf-submit';
    submit.busy = busy;
    if (busy) submit.element.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
    this.submitButton = submit;
    form.append(h('div', { class: 'sf-actions' }, submit.element, h('span', { class: 'sf-errors-summary', role: 'status' })));
    return form;
  }

  /** The status card anew (a check event), in place when there is one. */
  replaceStatus(): void {
    const status = this.root.querySelector('#status');
    const fresh = this.m.state ? renderStatus(this.m.state, (method) => this.act.request(method)) : undefined;
    if (status && fresh) status.replaceWith(fresh); else this.render();
  }

  /** Enables or disables Submit without a re-render (the schedule editor's verdict changed). */
  updateSubmitGate(): void {
    if (this.submitButton) this.submitButton.disabled = this.m.submitting || this.m.state?.busy === true || this.act.scheduleBlocked();
  }

  /** The error a property shows now: after it was touched, or after a submit asked for all. */
  private messageFor(name: string): string | undefined {
    const m = this.m;
    if (name === 'display_name') return m.touched.has('display_name') || m.showAllErrors ? m.displayNameError : undefined;
    return m.showAllErrors || m.touched.has(name) ? m.errors[name] : undefined;
  }

  renderFieldError(name: string): void {
    this.handle(name)?.setError(this.messageFor(name) ?? '');
  }

  /** Errors in place, without re-rendering inputs (typing keeps focus and caret). */
  renderErrors(): void {
    for (const name of [...this.extra.keys(), ...this.controls.handles.keys()]) this.renderFieldError(name);
    this.renderPreview();
    const summary = this.root.querySelector('.sf-errors-summary');
    const show = this.m.showAllErrors && Object.keys(this.m.errors).length > 0;
    if (summary) summary.textContent = show ? t('Fix the highlighted fields, then try again.') : '';
  }

  private renderPreview(): void {
    const preview = this.root.querySelector('#name-preview');
    const s = this.m.state;
    if (!preview || !s) return;
    preview.replaceChildren();
    const schemaLabel = `${t('Destination schema')}: `;
    const fixed = ` — ${t('Stitch derives this name once, when the source is created; it can’t be changed later.')}`;
    if (s.mode === 'edit' && s.schemaName) {
      preview.append(h('span', { class: 'hint' }, codicon('lock'), ' ', schemaLabel, h('code', {}, s.schemaName), fixed));
      return;
    }
    const np = this.m.namePreview;
    if (!np) return;
    preview.append(h('span', { class: np.ok ? 'hint' : 'sf-warning' }, codicon(np.ok ? 'database' : 'warning'), ' ', schemaLabel, h('code', { id: 'schema-name' }, np.name || '—'), fixed));
    if (np.suggestion) {
      const suggestion = np.suggestion;
      const use = button({ label: t('Use "{0}"', suggestion), kind: 'secondary', onClick: () => {
        this.m.displayName = suggestion;
        this.m.touched.add('display_name');
        this.act.persist();
        this.act.render();
        this.act.validateNow();
      } });
      use.element.classList.add('sf-suggest');
      preview.append(' ', use.element);
    }
  }
}
