/**
 * The standalone schedule panel (data-view="schedule"): loads the source from the host, mounts the
 * editor, saves, and shows what Stitch reports afterwards. The draft lives in webview state, so
 * hiding the tab, reloading the window or a failed save never loses it.
 */
import type {
  CurrentScheduleView, ScheduleDraft, ScheduleEvents, ScheduleLoadResult, SchedulePanelState, ScheduleRequests, ScheduleSaveResult,
} from '../../src/protocol/schedule';
import type { HostChannel } from '../channel';
import { getState, setState } from '../vscodeApi';
import { mountScheduleEditor, type ScheduleEditorHandle } from './editor';
import { formatLocal, formatUtc, restoreDraft, sameDraft } from './model';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function bothTimes(iso: string | null): string {
  return iso ? `${formatUtc(iso)} (your time: ${formatLocal(iso)})` : 'none';
}

export function mountSchedulePanel(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<ScheduleRequests, ScheduleEvents>();
  const restored = getState<SchedulePanelState>() ?? {};
  let loaded: ScheduleLoadResult | undefined;
  let editor: ScheduleEditorHandle | undefined;
  let saving = false;

  const title = el('h1', {}, 'Replication schedule');
  const current = el('p', { class: 'hint', 'data-part': 'current' });
  const editorHost = el('div', { 'data-part': 'editor' });
  const save = el('button', { type: 'button', class: 'schedule-button', 'data-action': 'save' }, 'Save Schedule');
  const revert = el('button', { type: 'button', class: 'schedule-button secondary', 'data-action': 'revert' }, 'Revert to Saved');
  const saveState = el('span', { class: 'hint', role: 'status', 'data-part': 'saveState' });
  const actions = el('div', { class: 'schedule-actions' });
  actions.append(save, revert, saveState);
  const saveError = el('p', { class: 'error-text', role: 'alert', 'data-part': 'saveError' });
  const saved = el('section', { class: 'schedule-saved', 'data-part': 'saved', 'aria-live': 'polite' });
  const loadError = el('div', { class: 'schedule-load-error', role: 'alert', 'data-part': 'loadError' });
  saveError.hidden = true;
  saved.hidden = true;
  loadError.hidden = true;
  root.append(title, current, loadError, editorHost, actions, saveError, saved);

  const persist = (draft: ScheduleDraft | undefined): void => {
    const state: SchedulePanelState = { ...(loaded ? { sourceId: loaded.sourceId } : restored.sourceId ? { sourceId: restored.sourceId } : {}), ...(draft ? { draft } : {}) };
    setState(state);
  };

  const showCurrent = (view: CurrentScheduleView): void => {
    current.textContent = `Saved in Stitch: ${view.summary}. Next run: ${bothTimes(view.nextFireTime)}.`;
  };

  const updateButtons = (): void => {
    const status = editor?.status();
    const dirty = Boolean(editor && loaded && !sameDraft(editor.getDraft(), loaded.setup.initial));
    save.disabled = saving || !status?.valid || status.pending;
    revert.disabled = saving || !dirty;
    save.setAttribute('aria-busy', String(saving));
  };

  const applyLoad = (result: ScheduleLoadResult): void => {
    const previous = loaded;
    loaded = result;
    title.textContent = `Schedule: ${result.sourceName}`;
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
    current.textContent = 'Loading the source…';
    try {
      applyLoad(await channel.request('schedule/load', {}));
    } catch (e) {
      current.textContent = '';
      const retry = el('button', { type: 'button', class: 'schedule-button', 'data-action': 'retryLoad' }, 'Retry');
      retry.addEventListener('click', () => { void load(); });
      loadError.replaceChildren(el('p', { class: 'error-text' }, `Couldn't load the schedule: ${(e as Error).message}`), retry);
      loadError.hidden = false;
    }
  };

  const showSaveResult = (result: ScheduleSaveResult): void => {
    if (!result.ok) {
      saveError.textContent = result.kind === 'plan' ? result.message : `Couldn't save the schedule: ${result.message}`;
      saveError.dataset.kind = result.kind;
      saveError.hidden = false;
      editor?.showError(result.message, result.field);
      saveState.textContent = 'Not saved; your choice is kept.';
      return;
    }
    saveError.hidden = true;
    saveState.textContent = 'Saved.';
    if (loaded && editor) loaded = { ...loaded, setup: { ...loaded.setup, initial: editor.getDraft() }, current: result.current };
    showCurrent(result.current);
    const s = result.saved;
    const mark = s.agreement === 'agrees' ? 'pass' : s.agreement === 'disagrees' ? 'warning' : 'question';
    saved.dataset.agreement = s.agreement;
    const heading = el('h2', {});
    heading.append(el('span', { class: `codicon codicon-${mark}`, 'aria-hidden': 'true' }), document.createTextNode(
      s.agreement === 'agrees' ? ' Stitch agrees with the preview' : s.agreement === 'disagrees' ? ' Stitch disagrees with the preview' : ' Saved; Stitch reports no next run yet'));
    const list = el('dl', {});
    list.append(
      el('dt', {}, 'Stitch schedule type'), el('dd', { 'data-part': 'savedType' }, s.type ?? 'none'),
      el('dt', {}, 'Next run according to Stitch'), el('dd', { 'data-part': 'nextFireTime', ...(s.nextFireTime ? { 'data-iso': s.nextFireTime } : {}) }, bothTimes(s.nextFireTime)),
      el('dt', {}, 'Next run according to the preview'), el('dd', { 'data-part': 'expected' }, bothTimes(s.expected)),
    );
    saved.replaceChildren(heading, list, el('p', { class: s.agreement === 'disagrees' ? 'warning-text' : 'hint', 'data-part': 'agreementMessage' }, s.message));
    saved.hidden = false;
  };

  save.addEventListener('click', () => {
    if (!editor || !loaded || saving) return;
    const status = editor.status();
    if (!status.valid) return;
    saving = true;
    saveState.textContent = 'Saving…';
    saveError.hidden = true;
    updateButtons();
    channel.request('schedule/save', { sourceId: loaded.sourceId, draft: editor.getDraft(), previewRuns: [...status.previewRuns] })
      .then(showSaveResult, (e: Error) => showSaveResult({ ok: false, kind: 'failed', message: e.message }))
      .finally(() => { saving = false; updateButtons(); });
  });
  revert.addEventListener('click', () => {
    if (editor && loaded) editor.setDraft(loaded.setup.initial);
  });

  channel.on('schedule/sourceChanged', (payload) => { applyLoad(payload); });
  channel.on('schedule/saveResult', (payload) => { showSaveResult(payload); updateButtons(); });
  updateButtons();
  void load();
}
