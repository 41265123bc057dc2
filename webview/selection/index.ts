/**
 * The stream selection view (data-view="selection"): wires the store, the page chrome, the
 * virtual list and its rows, the keyboard and persistence to the host's typed protocol.
 */
import type {
  SelectionApplyResult, SelectionEditResult, SelectionEvents, SelectionOp, SelectionRequests, SelectionState,
} from '../../src/protocol/selection';
import type { HostChannel } from '../channel';
import { t } from '../ui';
import { SelectionChrome } from './chrome';
import { attachTreeKeys, step } from './keyboard';
import { Persistence, savedState } from './persistence';
import { keepRowCheckboxesOutOfTabOrder } from './rowControls';
import { RowRenderer } from './rowRenderers';
import { rowKey, type Row } from './rows';
import { RulesBox } from './rulesBox';
import { SelectionStore, type Banner } from './store';
import { VirtualList } from './virtualList';

const MAX_RESTORED_EXPANDED = 50;

export function mountSelection(root: HTMLElement, transport: HostChannel): void {
  const channel = transport.typed<SelectionRequests, SelectionEvents>();
  const saved = savedState();
  const store = new SelectionStore(saved);
  let restoreScroll = typeof saved?.scrollTop === 'number' ? saved.scrollTop : 0;
  let editChain: Promise<unknown> = Promise.resolve();

  const chrome = new SelectionChrome(root, store, () => void init(), () => refresh());
  const { viewport, spacer, filter, selectedOnly } = chrome;
  const list = new VirtualList(viewport, spacer, store, new RowRenderer(store));
  keepRowCheckboxesOutOfTabOrder(spacer);
  const persistence = new Persistence(() => store.persisted(viewport.scrollTop || restoreScroll, saved));
  const persist = (now = false): void => persistence.persist(now);
  const say = (message: string): void => chrome.say(message);
  // The Rules box sits above the tree; its preview only retags the rows already mounted.
  const rules = new RulesBox(store, channel, () => { list.setRows(list.current); list.render(); }, () => void applyRules(), () => persist());
  chrome.toolbar.after(rules.root);

  // ----- applying host data -----
  function adoptState(next: SelectionState): void {
    store.adoptState(next);
    persist(true);
  }

  function adoptEdit(result: SelectionEditResult): void {
    const refused = store.adoptEdit(result);
    if (refused) say(refused);
    persist(true);
  }

  // ----- edits -----
  function edit(ops: SelectionOp[]): Promise<void> {
    const run = editChain.then(async () => {
      try {
        adoptEdit(await channel.request('selection/edit', { ops }));
      } catch (error) {
        say((error as Error).message);
      }
      refresh();
    });
    editChain = run;
    return run;
  }

  async function loadFields(id: string): Promise<void> {
    if (store.fields.has(id) || store.loadingFields.has(id)) return;
    store.loadingFields.add(id);
    store.fieldErrors.delete(id);
    refresh();
    try {
      const result = await channel.request('selection/loadFields', { stream: id });
      store.setStream(result.stream);
      store.fields.set(id, result.fields);
      if (store.rulesText.trim()) rules.schedule(); // its field rows want their deciding rule
    } catch (error) {
      store.fieldErrors.set(id, (error as Error).message);
    } finally {
      store.loadingFields.delete(id);
      refresh();
    }
  }

  function setExpanded(id: string, open: boolean): void {
    if (open === store.expanded.has(id)) return;
    if (open) {
      store.expanded.add(id);
      void loadFields(id);
    } else store.expanded.delete(id);
    persist();
    refresh();
  }

  // ----- rendering -----
  function refresh(): void {
    list.setRows(store.flatten());
    renderChrome();
    list.render();
  }

  const renderChrome = (): void => { chrome.render(list.current); rules.render(); };

  // ----- interaction -----
  function rowOf(target: EventTarget | null): Row | undefined {
    const node = (target as HTMLElement | null)?.closest?.<HTMLElement>('[data-index]');
    return node ? list.current.rows[Number(node.dataset.index)] : undefined;
  }

  function toggle(row: Row): void {
    const s = store.stream(row.id);
    if (row.kind === 'stream') void edit([{ op: 'stream', stream: s.id, selected: !s.selected }]);
    else if (row.kind === 'field') {
      const f = store.fields.get(s.id)![row.index]!;
      if (f.locked) { if (f.reason) say(f.reason); return; }
      void edit([{ op: 'field', stream: s.id, field: f.name, selected: !f.replicated }]);
    }
  }

  viewport.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const row = rowOf(target);
    if (!row) return;
    const actionNode = target.closest<HTMLElement>('[data-action]');
    // The toolkit's button still sends a pointer's click while disabled.
    if (actionNode?.hasAttribute('disabled')) return;
    const action = actionNode?.dataset.action;
    if (row.kind === 'stream' || row.kind === 'field') { store.active = rowKey(row); }
    switch (action) {
      case 'toggle-expand': setExpanded(row.id, !store.expanded.has(row.id)); return;
      case 'toggle-stream': case 'toggle-field': event.preventDefault(); toggle(row); return;
      case 'all-fields': void edit([{ op: 'allFields', stream: row.id, selected: true }]); return;
      case 'no-fields': void edit([{ op: 'allFields', stream: row.id, selected: false }]); return;
      case 'retry-fields': store.fieldErrors.delete(row.id); void loadFields(row.id); return;
      case 'view-key': {
        if (row.kind !== 'field') return;
        const f = store.fields.get(row.id)![row.index]!;
        void edit([{ op: 'viewKey', stream: row.id, field: f.name, on: !f.viewKey }]);
        return;
      }
    }
    if (row.kind === 'stream' && !target.closest('[data-control]')) setExpanded(row.id, !store.expanded.has(row.id));
    else if (row.kind === 'field' && !target.closest('[data-control]')) toggle(row);
  });

  viewport.addEventListener('change', (event) => {
    const target = event.target as HTMLElement & { value?: string };
    const stream = target.dataset.stream;
    if (!stream || !target.value) return;
    if (target.dataset.action === 'method') void edit([{ op: 'method', stream, method: target.value as 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED' }]);
    else if (target.dataset.action === 'key') void edit([{ op: 'key', stream, key: target.value }]);
  });

  function focusRow(index: number): void {
    const flat = list.current;
    const row = flat.rows[index];
    if (!row) return;
    store.active = rowKey(row);
    const top = flat.offsets[index]!;
    const bottom = flat.offsets[index + 1]!;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (bottom > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = bottom - viewport.clientHeight;
    list.render();
    spacer.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true });
    persist();
  }

  attachTreeKeys(viewport, {
    rows: () => list.current, focusRow, toggle, setExpanded, isExpanded: (id) => store.expanded.has(id),
  });

  // Scrolling redraws at most once per animation frame, and saves the position once it settles.
  viewport.addEventListener('scroll', () => { list.scheduleRender(); persistence.persistScroll(); }, { passive: true });
  window.addEventListener('resize', () => list.scheduleRender());

  filter.onInput((value) => {
    store.filter = value;
    viewport.scrollTop = 0;
    persist();
    refresh();
  });
  filter.control.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); focusRow(step(list.current, -1, 1)); }
    if (event.key === 'Escape' && filter.value) { event.preventDefault(); filter.value = ''; store.filter = ''; persist(); refresh(); }
  });
  selectedOnly.onChange((on) => {
    if (on === store.selectedOnly) return;
    store.selectedOnly = on;
    viewport.scrollTop = 0;
    persist();
    refresh();
  });
  chrome.selectAllBtn.onClick(() => { const shown = list.current.shown; if (shown.length) void edit([{ op: 'streams', streams: [...shown], selected: true }]); });
  chrome.selectNoneBtn.onClick(() => { const shown = list.current.shown; if (shown.length) void edit([{ op: 'streams', streams: [...shown], selected: false }]); });
  chrome.collapseBtn.onClick(() => { store.expanded.clear(); persist(); refresh(); });
  chrome.refreshBtn.onClick(() => void reload('selection/refresh'));
  chrome.showProblemBtn.onClick(() => showFirstProblem());
  chrome.discardBtn.onClick(() => void discard());
  chrome.applyBtn.onClick(() => void apply());

  function showFirstProblem(): void {
    const id = store.summary?.errorStreams[0];
    if (!id) return;
    if (!store.flatten().shown.includes(id)) {
      store.filter = '';
      filter.value = '';
      store.selectedOnly = false;
      selectedOnly.value = false;
    }
    setExpanded(id, true);
    refresh();
    const flat = list.current;
    const index = flat.rows.findIndex((r) => r.kind === 'settings' && r.id === id);
    if (index >= 0) {
      viewport.scrollTop = Math.max(0, flat.offsets[index]! - 60);
      list.render();
      const row = spacer.querySelector<HTMLElement>(`[data-index="${index}"]`);
      (row?.querySelector<HTMLElement>('[data-control][aria-invalid="true"]') ?? row?.querySelector<HTMLElement>('[data-control]'))?.focus();
    }
  }

  async function discard(): Promise<void> {
    store.busy = 'discard';
    renderChrome();
    try {
      const next = await channel.request('selection/discard', {});
      if (next) { adoptState(next); store.banner = undefined; }
    } catch (error) {
      store.banner = { kind: 'error', text: (error as Error).message };
    } finally {
      store.busy = undefined;
      refresh();
    }
  }

  function nextStepActions(steps: Array<'syncNow' | 'editSchedule'>): Banner['actions'] {
    return steps.map((s) => ({
      label: s === 'syncNow' ? t('Sync Now') : t('Edit Schedule'),
      run: () => { channel.request('selection/nextStep', { action: s }).catch((error: Error) => say(error.message)); },
    }));
  }

  function applied(result: SelectionApplyResult): void {
    adoptState(result.state);
    store.banner = {
      kind: 'success',
      text: result.becameConfigured
        ? `${t('Saved: {0}.', result.appliedText)} ${t('The source is fully configured and will replicate on its schedule.')}`
        : t('Saved: {0}.', result.appliedText),
      actions: nextStepActions(result.nextSteps),
    };
  }

  /** Apply Rules: the host stages the rules' result over the staged edits; the footer's Apply sends it. */
  async function applyRules(): Promise<void> {
    await editChain;
    store.busy = 'rules';
    store.banner = undefined;
    renderChrome();
    try {
      const result = await channel.request('selection/applyRules', { text: store.rulesText });
      adoptState(result.state);
      const summary = result.state.summary;
      store.banner = result.refused.length > 0
        ? { kind: 'error', text: result.refused.slice(0, 3).join(' ') }
        : { kind: 'success', text: summary.hasChanges ? t('The rules are staged: {0}. Apply sends them.', summary.text) : t('The rules change nothing: the selection already matches them.') };
    } catch (error) {
      store.banner = { kind: 'error', text: (error as Error).message };
    } finally {
      store.busy = undefined;
      refresh();
    }
  }

  async function apply(): Promise<void> {
    if (!store.summary?.canApply) { showFirstProblem(); return; }
    await editChain;
    store.busy = 'apply';
    store.banner = undefined;
    renderChrome();
    try {
      applied(await channel.request('selection/apply', {}));
    } catch (error) {
      store.banner = { kind: 'error', text: (error as Error).message };
    } finally {
      store.busy = undefined;
      refresh();
    }
  }

  channel.on('selection/state', (payload) => { adoptState(payload); refresh(); });
  channel.on('selection/applied', (payload) => { applied(payload); store.busy = undefined; refresh(); });
  channel.on('selection/applyFailed', (payload) => {
    store.banner = { kind: 'error', text: payload.message };
    refresh();
  });

  async function reload(method: 'selection/init' | 'selection/refresh'): Promise<void> {
    store.busy = 'load';
    store.loadError = undefined;
    renderChrome();
    try {
      const staged = store.staged;
      const params = method === 'selection/init' ? (staged && staged.streams.length > 0 ? { staged } : {}) : {};
      adoptState(await channel.request(method, params));
    } catch (error) {
      store.loadError = (error as Error).message;
    } finally {
      store.busy = undefined;
      refresh();
    }
  }

  async function init(): Promise<void> {
    await reload('selection/init');
    if (!store.state) return;
    if (store.rulesText.trim()) rules.schedule(true);
    // Put the user back where they were: expanded streams (a bounded number) and the scroll position.
    let n = 0;
    for (const id of store.expanded) {
      if (++n > MAX_RESTORED_EXPANDED) { store.expanded.delete(id); continue; }
      if (!store.fields.has(id)) void loadFields(id);
    }
    if (restoreScroll > 0) {
      viewport.scrollTop = restoreScroll;
      restoreScroll = 0;
      list.render();
    }
  }

  refresh();
  // The panel opens with the keyboard on its main control.
  filter.focus();
  void init();
}
