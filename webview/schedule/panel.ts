/**
 * The standalone schedule panel (data-view="schedule"): loads the source from the host, mounts the
 * editor, saves, and shows what Stitch reports afterwards. The draft lives in webview state, so
 * hiding the tab, reloading the window or a failed save never loses it.
 *
 * Keyboard: focus starts on the chosen mode; Enter in a field or on a mode saves; a save that can't
 * go (an invalid draft) or that Stitch refuses puts focus on the field with the error.
 */
import type {
  CurrentScheduleView, ScheduleDraft, ScheduleEvents, ScheduleLoadResult, SchedulePanelState, ScheduleRequests, ScheduleSaveResult,
} from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { button, h, progressRing, t } from '../ui';
import { getState, setState } from '../vscodeApi';
import { mountScheduleEditor, type ScheduleEditorHandle } from './editor';
import { formatLocal, formatUtc, restoreDraft, sameDraft } from './model';

function bothTimes(iso: string | null): string {
  return iso ? t('{0} (your time: {1})', formatUtc(iso), formatLocal(iso)) : t('none');
}

/** Enter submits from these; a dropdown, a button or the runs grid keep Enter for themselves. */
function entersSave(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.matches('input') || target.closest('[data-field="cron"], [data-field="mode"]') !== null);
}

export function mountSchedulePanel(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<ScheduleRequests, ScheduleEvents>();
  const restored = getState<SchedulePanelState>() ?? {};
  let loaded: ScheduleLoadResult | undefined;
  let editor: ScheduleEditorHandle | undefined;
  let saving = false;

  const title = h('h1', null, t('Replication schedule'));
  const current = h('p', { class: 'hint', dataset: { part: 'current' } });
  const editorHost = h('div', { dataset: { part: 'editor' } });
  const save = button({ label: t('Save Schedule'), data: { action: 'save' } });
  const revert = button({ label: t('Revert to Saved'), kind: 'secondary', data: { action: 'revert' } });
  const ring = progressRing(t('Saving…'));
  const saveState = h('span', { class: 'hint', role: 'status', dataset: { part: 'saveState' } });
  const actions = h('div', { class: 'schedule-actions' }, save.element, revert.element, ring, saveState);
  const saveError = h('p', { class: 'error-text', role: 'alert', dataset: { part: 'saveError' } });
  const saved = h('section', { class: 'schedule-saved', 'aria-live': 'polite', dataset: { part: 'saved' } });
  const loadError = h('div', { class: 'schedule-load-error', role: 'alert', dataset: { part: 'loadError' } });
  ring.hidden = true;
  saveError.hidden = true;
  saved.hidden = true;
  loadError.hidden = true;
  root.append(title, current, loadError, editorHost, actions, saveError, saved);

  const persist = (draft: ScheduleDraft | undefined): void => {
    const state: SchedulePanelState = { ...(loaded ? { sourceId: loaded.sourceId } : restored.sourceId ? { sourceId: restored.sourceId } : {}), ...(draft ? { draft } : {}) };
    setState(state);
  };

  const showCurrent = (view: CurrentScheduleView): void => {
    // A summary that is a sentence of its own ends with a full stop; the line adds its own.
    current.textContent = t('Saved in Stitch: {0}. Next run: {1}.', view.summary.replace(/\.$/, ''), bothTimes(view.nextFireTime));
  };

  const updateButtons = (): void => {
    const status = editor?.status();
    const dirty = Boolean(editor && loaded && !sameDraft(editor.getDraft(), loaded.setup.initial));
    save.disabled = saving || !status?.valid || status.pending;
    revert.disabled = saving || !dirty;
    save.busy = saving;
    ring.hidden = !saving;
  };

  const applyLoad = (result: ScheduleLoadResult): void => {
    const previous = loaded;
    loaded = result;
    title.textContent = t('Schedule: {0}', result.sourceName);
    showCurrent(result.current);
    loadError.hidden = true;
    if (!editor) {
      const draft = restored.sourceId === result.sourceId ? restoreDraft(restored.draft) : undefined;
      editor = mountScheduleEditor(editorHost, transport, {
        setup: result.setup,
        ...(draft ? { draft } : {}),
        onChange: (d) => { persist(d); updateButtons(); },
      });
      persist(editor.getDraft());
      // The panel opens on its main control: the chosen mode.
      if (!root.contains(document.activeElement) || document.activeElement === document.body) editor.focusProblem();
    } else {
      // Keep what the user typed; follow the host only when the draft was still the saved one.
      const untouched = previous ? sameDraft(editor.getDraft(), previous.setup.initial) : false;
      editor.updateSetup(result.setup);
      if (untouched) editor.setDraft(result.setup.initial);
    }
    updateButtons();
  };

  const load = async (): Promise<void> => {
    loadError.hidden = true;
    current.textContent = t('Loading the source…');
    try {
      applyLoad(await channel.request('schedule/load', {}));
    } catch (e) {
      current.textContent = '';
      const retry = button({ label: t('Retry'), data: { action: 'retryLoad' }, onClick: () => { void load(); } });
      loadError.replaceChildren(h('p', { class: 'error-text' }, t('Couldn\'t load the schedule: {0}', (e as Error).message)), retry.element);
      loadError.hidden = false;
      retry.focus();
    }
  };

  const showSaveResult = (result: ScheduleSaveResult): void => {
    if (!result.ok) {
      saveError.textContent = result.kind === 'plan' ? result.message : t('Couldn\'t save the schedule: {0}', result.message);
      saveError.dataset.kind = result.kind;
      saveError.hidden = false;
      editor?.showError(result.message, result.field);
      saveState.textContent = t('Not saved; your choice is kept.');
      editor?.focusProblem();
      return;
    }
    saveError.hidden = true;
    saveState.textContent = t('Saved.');
    if (loaded && editor) loaded = { ...loaded, setup: { ...loaded.setup, initial: editor.getDraft() }, current: result.current };
    showCurrent(result.current);
    const s = result.saved;
    const mark = s.agreement === 'agrees' ? 'pass' : s.agreement === 'disagrees' ? 'warning' : 'question';
    saved.dataset.agreement = s.agreement;
    const heading = h('h2', null, h('span', { class: `codicon codicon-${mark}`, 'aria-hidden': 'true' }),
      s.agreement === 'agrees' ? t('Stitch agrees with the preview') : s.agreement === 'disagrees' ? t('Stitch disagrees with the preview') : t('Saved; Stitch reports no next run yet'));
    const list = h('dl', null,
      h('dt', null, t('Stitch schedule type')), h('dd', { dataset: { part: 'savedType' } }, s.type ?? t('none')),
      h('dt', null, t('Next run according to Stitch')), h('dd', { dataset: { part: 'nextFireTime', ...(s.nextFireTime ? { iso: s.nextFireTime } : {}) } }, bothTimes(s.nextFireTime)),
      h('dt', null, t('Next run according to the preview')), h('dd', { dataset: { part: 'expected' } }, bothTimes(s.expected)),
    );
    saved.replaceChildren(heading, list, h('p', { class: s.agreement === 'disagrees' ? 'schedule-warning' : 'hint', dataset: { part: 'agreementMessage' } }, s.message));
    saved.hidden = false;
  };

  const trySave = (): void => {
    if (!editor || !loaded || saving) return;
    const status = editor.status();
    if (!status.valid || status.pending) {
      // Nothing to send yet: say where the problem is (a pending preview just waits for its answer).
      if (!status.pending) editor.focusProblem();
      return;
    }
    saving = true;
    saveState.textContent = t('Saving…');
    saveError.hidden = true;
    updateButtons();
    channel.request('schedule/save', { sourceId: loaded.sourceId, draft: editor.getDraft(), previewRuns: [...status.previewRuns] })
      .then(showSaveResult, (e: Error) => showSaveResult({ ok: false, kind: 'failed', message: e.message }))
      .finally(() => { saving = false; updateButtons(); });
  };

  save.onClick(trySave);
  revert.onClick(() => {
    if (editor && loaded) editor.setDraft(loaded.setup.initial);
  });
  editorHost.addEventListener('keydown', (event) => {
    // Not `defaultPrevented`: the toolkit's radio group prevents Enter's default after choosing the focused radio.
    if (event.key !== 'Enter' || event.isComposing || !entersSave(event.target)) return;
    event.preventDefault();
    trySave();
  });

  channel.on('schedule/sourceChanged', (payload) => { applyLoad(payload); });
  channel.on('schedule/saveResult', (payload) => { showSaveResult(payload); updateButtons(); });
  updateButtons();
  void load();
}
