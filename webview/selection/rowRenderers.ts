import type { FieldRowView, StreamRowView } from '../../src/protocol/selection';
import { button, dropdown, h, t, type Choice } from '../ui';
import { icon, setAttr, setClass, setText } from './dom';
import { rowCheckbox, type RowCheckbox } from './rowControls';
import { type Row } from './rows';
import type { RuleTag, SelectionStore } from './store';

interface StreamParts {
  chevronIcon: HTMLElement; box: RowCheckbox; name: HTMLElement; id: HTMLElement; badge: HTMLElement;
  meta: HTMLElement; rows: HTMLElement; count: HTMLElement; method: HTMLElement; methodText: Text; lock: HTMLElement;
  issue: HTMLElement; dot: HTMLElement; tag: HTMLElement; layout: string; metaLayout: string;
}
interface FieldParts {
  box: RowCheckbox; name: HTMLElement; type: HTMLElement; reason: HTMLElement; reasonIcon: HTMLElement; reasonText: Text;
  viewKey: HTMLElement; dot: HTMLElement; tag: HTMLElement; layout: string;
}

/**
 * Builds and patches the list's rows. Stream and field rows are pooled by the virtual list and
 * patched in place (only what differs is written); other rows are few and built afresh.
 */
export class RowRenderer {
  private readonly streamParts = new WeakMap<HTMLElement, StreamParts>();
  private readonly fieldParts = new WeakMap<HTMLElement, FieldParts>();

  constructor(private readonly store: SelectionStore) {}

  private stagedDot(): HTMLElement {
    const mark = t('staged');
    return h('span', { class: 'sel-staged-dot', title: mark, 'aria-label': mark, role: 'img' });
  }

  /** Writes the deciding rule into a row's tag; false when no rule decided the row. */
  private patchTag(tag: HTMLElement, rule: RuleTag | undefined): boolean {
    if (!rule) return false;
    const text = t('rule {0}: {1}', rule.n, rule.text);
    setText(tag, text);
    setAttr(tag, 'title', text);
    setClass(tag, `sel-rule-tag ${rule.selects ? 'selects' : 'excludes'}`);
    return true;
  }

  /** Rows that are not pooled (settings, issues, loading, errors): few, and rebuilt when the data changes. */
  renderRow(row: Row): HTMLElement {
    const s = this.store.stream(row.id);
    switch (row.kind) {
      case 'stream': { const node = this.createStreamRow(); this.patchStreamRow(node, s, row); return node; }
      case 'settings': return this.settingsNode(s);
      case 'issue': {
        const issue = s.issues[row.index]!;
        return h('div', { class: `sel-row sel-issue ${issue.severity}`, role: 'none' },
          icon(issue.severity === 'error' ? 'error' : 'warning'), h('span', {}, issue.message));
      }
      case 'field': { const node = this.createFieldRow(); this.patchFieldRow(node, s, this.store.fields.get(s.id)![row.index]!, row); return node; }
      case 'loading': return h('div', { class: 'sel-row sel-loading hint', role: 'none' }, icon('loading codicon-modifier-spin'), ` ${t('Loading fields…')}`);
      case 'error': {
        const retry = button({ label: t('Retry'), kind: 'secondary', data: { action: 'retry-fields', stream: s.id, control: 'retry' } });
        return h('div', { class: 'sel-row sel-field-error', role: 'treeitem', 'aria-level': '2', 'aria-label': row.message },
          icon('error'), h('span', { role: 'alert' }, ` ${row.message} `), retry.element);
      }
    }
  }

  /** Tree semantics of a pooled row (the roving tabindex is the list's: see VirtualList.place). */
  private treeItem(node: HTMLElement, level: number, pos: number, size: number): void {
    setAttr(node, 'role', 'treeitem');
    setAttr(node, 'aria-level', String(level));
    setAttr(node, 'aria-posinset', String(pos));
    setAttr(node, 'aria-setsize', String(size));
  }

  createStreamRow(): HTMLElement {
    const node = h('div', { class: 'sel-row sel-stream' });
    // The row is the control (aria-expanded, Right/Left): the chevron is its glyph, for the mouse.
    const chevronIcon = icon('chevron-right');
    const chevron = h('span', { class: 'sel-chevron', 'data-action': 'toggle-expand', 'aria-hidden': 'true' }, chevronIcon);
    const box = rowCheckbox('toggle-stream');
    const methodText = document.createTextNode('');
    const parts: StreamParts = {
      chevronIcon, box, name: h('span', { class: 'sel-name' }), id: h('span', { class: 'sel-id hint' }), badge: h('span', { class: 'sel-badge' }),
      meta: h('span', { class: 'sel-meta hint' }), rows: h('span'), count: h('span'), method: h('span', { class: 'sel-method' }, methodText), methodText,
      lock: icon('lock'), issue: h('span', { class: 'codicon', role: 'img' }), dot: this.stagedDot(), tag: h('span', { class: 'sel-rule-tag' }), layout: '-', metaLayout: '',
    };
    node.append(chevron, box, parts.name);
    this.streamParts.set(node, parts);
    return node;
  }

  patchStreamRow(node: HTMLElement, s: StreamRowView, row: Extract<Row, { kind: 'stream' }>): void {
    const p = this.streamParts.get(node)!;
    const open = this.store.expanded.has(s.id);
    setClass(node, `sel-row sel-stream${s.selected ? ' is-selected' : ''}${s.staged ? ' is-staged' : ''}`);
    this.treeItem(node, 1, row.pos, row.size);
    setAttr(node, 'aria-expanded', String(open));
    setAttr(node, 'aria-checked', String(s.selected));
    setClass(p.chevronIcon, `codicon codicon-${open ? 'chevron-down' : 'chevron-right'}`);
    if (p.box.checked !== s.selected) p.box.checked = s.selected;
    const frs = this.store.fields.get(s.id);
    const indeterminate = s.selected && !!frs && frs.some((f) => !f.replicated && !f.locked);
    if (p.box.indeterminate !== indeterminate) p.box.indeterminate = indeterminate;
    setText(p.name, s.name);
    const idText = s.location ? `${s.location} · ${s.id}` : s.id !== s.name ? s.id : '';
    if (idText) { setText(p.id, idText); setAttr(p.id, 'title', s.id); }
    const hasBadge = s.location !== undefined || s.isView;
    if (hasBadge) setText(p.badge, s.isView ? t('view') : t('table'));
    // The meta: row count, field count (or "default fields"), method.
    const metaParts: HTMLElement[] = [];
    let metaLayout = '';
    if (s.rowCount !== undefined) { setText(p.rows, t('{0} rows', s.rowCount.toLocaleString())); metaParts.push(p.rows); metaLayout += 'r'; }
    if (s.fieldCount !== undefined) { setText(p.count, t('{0} of {1} fields', s.replicatedCount ?? 0, s.fieldCount)); metaParts.push(p.count); metaLayout += 'c'; }
    else if (s.selected) { setText(p.count, t('default fields')); metaParts.push(p.count); metaLayout += 'c'; }
    if (s.method) {
      setText(p.methodText, this.methodLabel(s.method));
      if (s.forcedMethod) {
        if (p.lock.parentNode !== p.method) p.method.prepend(p.lock);
        setAttr(p.method, 'title', s.forcedMethod.reason ?? t('Set by the source'));
      } else {
        p.lock.remove();
        setAttr(p.method, 'title', undefined);
      }
      metaParts.push(p.method);
      metaLayout += 'm';
    }
    if (p.metaLayout !== metaLayout) { p.meta.replaceChildren(...metaParts); p.metaLayout = metaLayout; }
    // The issue icon: errors first, else warnings.
    const errors = s.issues.filter((i) => i.severity === 'error');
    const issues = errors.length > 0 ? errors : s.issues;
    if (issues.length > 0) {
      const label = issues.map((e) => e.message).join('\n');
      setClass(p.issue, `codicon codicon-${errors.length > 0 ? 'error' : 'warning'}`);
      setAttr(p.issue, 'aria-label', label);
      setAttr(p.issue, 'title', label);
    }
    const tagged = this.patchTag(p.tag, this.store.streamRules.get(s.id));
    const layout = `${idText ? 'i' : ''}${hasBadge ? 'b' : ''}${issues.length > 0 ? 'e' : ''}${s.staged ? 's' : ''}${tagged ? 't' : ''}`;
    if (p.layout !== layout) {
      const parts: Array<Node> = [node.children[0]!, p.box, p.name];
      if (idText) parts.push(p.id);
      if (hasBadge) parts.push(p.badge);
      if (tagged) parts.push(p.tag);
      parts.push(p.meta);
      if (issues.length > 0) parts.push(p.issue);
      if (s.staged) parts.push(p.dot);
      node.replaceChildren(...parts);
      p.layout = layout;
    }
  }

  createFieldRow(): HTMLElement {
    const node = h('div', { class: 'sel-row sel-field' });
    const reasonIcon = icon('info');
    const reasonText = document.createTextNode('');
    const parts: FieldParts = {
      box: rowCheckbox('toggle-field'),
      name: h('span', { class: 'sel-name' }),
      type: h('span', { class: 'sel-type' }),
      reason: h('span', { class: 'sel-reason' }, reasonIcon, reasonText), reasonIcon, reasonText,
      viewKey: button({ label: t('Use as a view key column'), kind: 'icon', icon: 'key', data: { action: 'view-key', control: 'view-key' } }).element,
      dot: this.stagedDot(), tag: h('span', { class: 'sel-rule-tag' }), layout: '-',
    };
    this.fieldParts.set(node, parts);
    return node;
  }

  patchFieldRow(node: HTMLElement, s: StreamRowView, f: FieldRowView, row: Extract<Row, { kind: 'field' }>): void {
    const p = this.fieldParts.get(node)!;
    setClass(node, `sel-row sel-field${f.replicated ? ' is-selected' : ''}${f.locked ? ' is-locked' : ''}${s.selected ? '' : ' stream-off'}${f.staged ? ' is-staged' : ''}`);
    this.treeItem(node, 2, row.pos, row.size);
    setAttr(node, 'aria-checked', String(f.replicated));
    setAttr(node, 'aria-disabled', f.locked ? 'true' : undefined);
    if (p.box.checked !== f.replicated) p.box.checked = f.replicated;
    if (p.box.disabled !== f.locked) p.box.disabled = f.locked;
    setText(p.name, f.name);
    setText(p.type, f.type);
    if (f.reason) {
      const iconName = f.reasonKind === 'automatic' ? 'lock' : f.reasonKind === 'unsupported' ? 'circle-slash' : f.reasonKind === 'excluded' ? 'debug-disconnect' : 'info';
      setClass(p.reason, `sel-reason ${f.reasonKind ?? ''}`);
      setAttr(p.reason, 'title', f.reason);
      setClass(p.reasonIcon, `codicon codicon-${iconName}`);
      setText(p.reasonText, ` ${f.reason}`);
    }
    if (f.viewKey !== undefined) {
      p.viewKey.classList.toggle('on', f.viewKey);
      setAttr(p.viewKey, 'aria-pressed', String(f.viewKey));
    }
    const tagged = this.patchTag(p.tag, this.store.fieldRules.get(s.id)?.get(f.name));
    const layout = `${f.reason ? 'r' : ''}${f.viewKey !== undefined ? 'v' : ''}${f.staged ? 's' : ''}${tagged ? 't' : ''}`;
    if (p.layout !== layout) {
      const parts: Node[] = [p.box, p.name, p.type];
      if (tagged) parts.push(p.tag);
      if (f.reason) parts.push(p.reason);
      if (f.viewKey !== undefined) parts.push(p.viewKey);
      if (f.staged) parts.push(p.dot);
      node.replaceChildren(...parts);
      p.layout = layout;
    }
  }

  private methodLabel(method: string): string {
    return method === 'FULL_TABLE' ? t('Full table') : method === 'INCREMENTAL' ? t('Incremental') : method === 'LOG_BASED' ? t('Log-based') : method;
  }

  /** A stream's replication settings: a tree item of its own (arrows reach it; Tab and Enter go into its controls). */
  private settingsNode(s: StreamRowView): HTMLElement {
    const node = h('div', { class: 'sel-row sel-settings', role: 'treeitem', 'aria-level': '2', 'aria-label': `${t('Replication')}: ${s.name}` });
    const invalid = (target: string): string | undefined => s.issues.find((i) => i.target === target && i.severity === 'error')?.message;
    if (s.forcedMethod) {
      const reason = s.forcedMethod.reason ?? t('Set by the source');
      node.append(h('span', { class: 'sel-setting-label' }, `${t('Replication')}:`),
        h('span', { class: 'sel-forced', title: reason }, icon('lock'), ` ${this.methodLabel(s.forcedMethod.method)} — ${reason}`));
    } else {
      const choices: Choice[] = s.methodOptions.map((m) => ({ value: m, label: this.methodLabel(m) }));
      if (!s.method) choices.unshift({ value: '', label: t('Choose a method…') });
      const method = dropdown({ label: t('Replication'), choices, value: s.method ?? '', data: { action: 'method', control: 'method', stream: s.id } });
      method.setError(invalid('replication-method'));
      node.append(method.element);
    }
    if (s.method === 'INCREMENTAL' || s.key) {
      const keys = s.key && !s.keyOptions.includes(s.key) ? [s.key, ...s.keyOptions] : s.keyOptions;
      const choices: Choice[] = keys.map((k) => ({ value: k, label: k }));
      if (!s.key) choices.unshift({ value: '', label: t('Choose a key…') });
      const key = dropdown({ label: t('Replication key'), choices, value: s.key ?? '', data: { action: 'key', control: 'key', stream: s.id } });
      key.setError(invalid('replication-key'));
      node.append(key.element);
    }
    if (s.isView) {
      const keys = s.viewKeys && s.viewKeys.length > 0 ? s.viewKeys.join(', ') : t('Use the key buttons on the columns below to choose the columns that identify a row.');
      node.append(h('span', { class: 'sel-setting-label' }, `${t('View key columns')}:`), h('span', { class: 'sel-viewkeys' }, keys));
    }
    const loaded = this.store.fields.has(s.id);
    const all = button({ label: t('All fields'), kind: 'secondary', disabled: !loaded, data: { action: 'all-fields', control: 'all', stream: s.id } });
    const none = button({ label: t('No fields'), kind: 'secondary', disabled: !loaded, data: { action: 'no-fields', control: 'none', stream: s.id } });
    node.append(h('span', { class: 'sel-spacer-flex' }), all.element, none.element);
    return node;
  }
}
