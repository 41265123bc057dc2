import type { FieldRowView, StreamRowView } from '../../src/protocol/selection';
import { el, fmt, icon, setAttr, setClass, setText } from './dom';
import { rowKey, type Row } from './rows';
import type { RuleTag, SelectionStore } from './store';

interface StreamParts {
  chevronIcon: HTMLElement; box: HTMLInputElement; name: HTMLElement; id: HTMLElement; badge: HTMLElement;
  meta: HTMLElement; rows: HTMLElement; count: HTMLElement; method: HTMLElement; methodText: Text; lock: HTMLElement;
  issue: HTMLElement; dot: HTMLElement; tag: HTMLElement; layout: string; metaLayout: string;
}
interface FieldParts {
  box: HTMLInputElement; name: HTMLElement; type: HTMLElement; reason: HTMLElement; reasonIcon: HTMLElement; reasonText: Text;
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
    const mark = this.store.tx('stagedMark', 'staged');
    return el('span', { class: 'sel-staged-dot', title: mark, 'aria-label': mark, role: 'img' });
  }

  /** Writes the deciding rule into a row's tag; false when no rule decided the row. */
  private patchTag(tag: HTMLElement, rule: RuleTag | undefined): boolean {
    if (!rule) return false;
    const text = fmt(this.store.tx('ruleTag', 'rule {0}: {1}'), rule.n, rule.text);
    setText(tag, text);
    setAttr(tag, 'title', text);
    setClass(tag, `sel-rule-tag ${rule.selects ? 'selects' : 'excludes'}`);
    return true;
  }

  renderRow(row: Row): HTMLElement {
    const s = this.store.stream(row.id);
    switch (row.kind) {
      case 'stream': { const node = this.createStreamRow(); this.patchStreamRow(node, s, row); return node; }
      case 'settings': return this.settingsNode(s);
      case 'issue': {
        const issue = s.issues[row.index]!;
        return el('div', { class: `sel-row sel-issue ${issue.severity}`, role: 'none' },
          icon(issue.severity === 'error' ? 'error' : 'warning'), el('span', {}, issue.message));
      }
      case 'field': { const node = this.createFieldRow(); this.patchFieldRow(node, s, this.store.fields.get(s.id)![row.index]!, row); return node; }
      case 'loading': return el('div', { class: 'sel-row sel-loading hint', role: 'none' }, icon('loading codicon-modifier-spin'), ` ${this.store.tx('loadingFields', 'Loading fields…')}`);
      case 'error': {
        const retry = el('button', { type: 'button', class: 'sel-link', 'data-action': 'retry-fields', 'data-stream': s.id }, this.store.tx('retry', 'Retry'));
        return el('div', { class: 'sel-row sel-field-error error-text', role: 'alert' }, icon('error'), el('span', {}, ` ${row.message} `), retry);
      }
    }
  }

  private treeItem(node: HTMLElement, key: string, level: number, pos: number, size: number): void {
    setAttr(node, 'role', 'treeitem');
    setAttr(node, 'aria-level', String(level));
    setAttr(node, 'aria-posinset', String(pos));
    setAttr(node, 'aria-setsize', String(size));
    const tabIndex = key === this.store.active ? 0 : -1;
    if (node.tabIndex !== tabIndex) node.tabIndex = tabIndex;
  }

  createStreamRow(): HTMLElement {
    const node = el('div', { class: 'sel-row sel-stream' });
    const chevronIcon = icon('chevron-right');
    const chevron = el('button', { type: 'button', class: 'sel-chevron', tabindex: '-1', 'data-action': 'toggle-expand', 'aria-hidden': 'true' }, chevronIcon);
    const box = el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-stream' });
    const methodText = document.createTextNode('');
    const parts: StreamParts = {
      chevronIcon, box, name: el('span', { class: 'sel-name' }), id: el('span', { class: 'sel-id hint' }), badge: el('span', { class: 'sel-badge' }),
      meta: el('span', { class: 'sel-meta hint' }), rows: el('span'), count: el('span'), method: el('span', { class: 'sel-method' }, methodText), methodText,
      lock: icon('lock'), issue: el('span', { class: 'codicon', role: 'img' }), dot: this.stagedDot(), tag: el('span', { class: 'sel-rule-tag' }), layout: '-', metaLayout: '',
    };
    node.append(chevron, box, parts.name);
    this.streamParts.set(node, parts);
    return node;
  }

  patchStreamRow(node: HTMLElement, s: StreamRowView, row: Extract<Row, { kind: 'stream' }>): void {
    const p = this.streamParts.get(node)!;
    const open = this.store.expanded.has(s.id);
    setClass(node, `sel-row sel-stream${s.selected ? ' is-selected' : ''}${s.staged ? ' is-staged' : ''}`);
    this.treeItem(node, rowKey(row), 1, row.pos, row.size);
    setAttr(node, 'aria-expanded', String(open));
    setAttr(node, 'aria-checked', String(s.selected));
    setClass(p.chevronIcon, `codicon codicon-${open ? 'chevron-down' : 'chevron-right'}`);
    setAttr(p.box, 'aria-label', s.name);
    if (p.box.checked !== s.selected) p.box.checked = s.selected;
    const frs = this.store.fields.get(s.id);
    const indeterminate = s.selected && !!frs && frs.some((f) => !f.replicated && !f.locked);
    if (p.box.indeterminate !== indeterminate) p.box.indeterminate = indeterminate;
    setText(p.name, s.name);
    const idText = s.location ? `${s.location} · ${s.id}` : s.id !== s.name ? s.id : '';
    if (idText) { setText(p.id, idText); setAttr(p.id, 'title', s.id); }
    const hasBadge = s.location !== undefined || s.isView;
    if (hasBadge) setText(p.badge, s.isView ? this.store.tx('view', 'view') : this.store.tx('table', 'table'));
    // The meta: row count, field count (or "default fields"), method.
    const metaParts: HTMLElement[] = [];
    let metaLayout = '';
    if (s.rowCount !== undefined) { setText(p.rows, fmt(this.store.tx('rows', '{0} rows'), s.rowCount.toLocaleString())); metaParts.push(p.rows); metaLayout += 'r'; }
    if (s.fieldCount !== undefined) { setText(p.count, fmt(this.store.tx('fields', '{0} of {1} fields'), s.replicatedCount ?? 0, s.fieldCount)); metaParts.push(p.count); metaLayout += 'c'; }
    else if (s.selected) { setText(p.count, this.store.tx('defaultFields', 'default fields')); metaParts.push(p.count); metaLayout += 'c'; }
    if (s.method) {
      setText(p.methodText, this.methodLabel(s.method));
      if (s.forcedMethod) {
        if (p.lock.parentNode !== p.method) p.method.prepend(p.lock);
        setAttr(p.method, 'title', s.forcedMethod.reason ?? this.store.tx('forced', 'Set by the source'));
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
    const node = el('div', { class: 'sel-row sel-field' });
    const reasonIcon = icon('info');
    const reasonText = document.createTextNode('');
    const parts: FieldParts = {
      box: el('input', { type: 'checkbox', tabindex: '-1', 'data-action': 'toggle-field' }),
      name: el('span', { class: 'sel-name' }),
      type: el('span', { class: 'sel-type' }),
      reason: el('span', { class: 'sel-reason' }, reasonIcon, reasonText), reasonIcon, reasonText,
      viewKey: el('button', { type: 'button', class: 'sel-icon-button sel-viewkey', tabindex: '-1', 'data-action': 'view-key' }, icon('key')),
      dot: this.stagedDot(), tag: el('span', { class: 'sel-rule-tag' }), layout: '-',
    };
    this.fieldParts.set(node, parts);
    return node;
  }

  patchFieldRow(node: HTMLElement, s: StreamRowView, f: FieldRowView, row: Extract<Row, { kind: 'field' }>): void {
    const p = this.fieldParts.get(node)!;
    setClass(node, `sel-row sel-field${f.replicated ? ' is-selected' : ''}${f.locked ? ' is-locked' : ''}${s.selected ? '' : ' stream-off'}${f.staged ? ' is-staged' : ''}`);
    this.treeItem(node, rowKey(row), 2, row.pos, row.size);
    setAttr(node, 'aria-checked', String(f.replicated));
    setAttr(node, 'aria-disabled', f.locked ? 'true' : undefined);
    setAttr(p.box, 'aria-label', f.name);
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
      setClass(p.viewKey, `sel-icon-button sel-viewkey${f.viewKey ? ' on' : ''}`);
      setAttr(p.viewKey, 'aria-pressed', String(f.viewKey));
      setAttr(p.viewKey, 'title', this.store.tx('viewKeyToggle', 'Use as a view key column'));
      setAttr(p.viewKey, 'aria-label', this.store.tx('viewKeyToggle', 'Use as a view key column'));
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
    return method === 'FULL_TABLE' ? this.store.tx('fullTable', 'Full table') : method === 'INCREMENTAL' ? this.store.tx('incremental', 'Incremental') : method === 'LOG_BASED' ? this.store.tx('logBased', 'Log-based') : method;
  }

  private settingsNode(s: StreamRowView): HTMLElement {
    const node = el('div', { class: 'sel-row sel-settings', role: 'group', 'aria-label': `${this.store.tx('method', 'Replication')}: ${s.name}` });
    const methodLabelEl = el('span', { class: 'sel-setting-label' }, `${this.store.tx('method', 'Replication')}:`);
    node.append(methodLabelEl);
    if (s.forcedMethod) {
      const forced = el('span', { class: 'sel-forced', title: s.forcedMethod.reason ?? this.store.tx('forced', 'Set by the source') }, icon('lock'), ` ${this.methodLabel(s.forcedMethod.method)} — ${s.forcedMethod.reason ?? this.store.tx('forced', 'Set by the source')}`);
      node.append(forced);
    } else {
      const select = el('select', { 'data-action': 'method', 'data-control': 'method', 'data-stream': s.id, 'aria-label': this.store.tx('method', 'Replication') });
      if (!s.method) select.append(el('option', { value: '' }, this.store.tx('chooseMethod', 'Choose a method…')));
      for (const m of s.methodOptions) {
        const o = el('option', { value: m }, this.methodLabel(m));
        if (m === s.method) o.selected = true;
        select.append(o);
      }
      select.classList.toggle('invalid', s.issues.some((i) => i.target === 'replication-method' && i.severity === 'error'));
      node.append(select);
    }
    if (s.method === 'INCREMENTAL' || s.key) {
      node.append(el('span', { class: 'sel-setting-label' }, `${this.store.tx('key', 'Replication key')}:`));
      const select = el('select', { 'data-action': 'key', 'data-control': 'key', 'data-stream': s.id, 'aria-label': this.store.tx('key', 'Replication key') });
      if (!s.key) select.append(el('option', { value: '' }, this.store.tx('chooseKey', 'Choose a key…')));
      const options = s.key && !s.keyOptions.includes(s.key) ? [s.key, ...s.keyOptions] : s.keyOptions;
      for (const k of options) {
        const o = el('option', { value: k }, k);
        if (k === s.key) o.selected = true;
        select.append(o);
      }
      select.classList.toggle('invalid', s.issues.some((i) => i.target === 'replication-key' && i.severity === 'error'));
      node.append(select);
    }
    if (s.isView) {
      const keys = s.viewKeys && s.viewKeys.length > 0 ? s.viewKeys.join(', ') : this.store.tx('viewKeysHint', 'Choose the key columns below.');
      node.append(el('span', { class: 'sel-setting-label' }, `${this.store.tx('viewKeys', 'View key columns')}:`), el('span', { class: 'sel-viewkeys' }, keys));
    }
    const all = el('button', { type: 'button', class: 'sel-button secondary small', 'data-action': 'all-fields', 'data-control': 'all', 'data-stream': s.id }, this.store.tx('allFields', 'All fields'));
    const none = el('button', { type: 'button', class: 'sel-button secondary small', 'data-action': 'no-fields', 'data-control': 'none', 'data-stream': s.id }, this.store.tx('noFields', 'No fields'));
    all.disabled = none.disabled = !this.store.fields.has(s.id);
    node.append(el('span', { class: 'sel-spacer-flex' }), all, none);
    return node;
  }
}
