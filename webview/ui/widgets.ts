/** Buttons, the progress ring, tags, the divider and tabs, on the toolkit's elements. */
import { h, uniqueId } from './dom';
import { registerToolkit } from './toolkit';

export type ButtonKind = 'primary' | 'secondary' | 'icon';

export interface ButtonOptions {
  /** The visible text; for an icon button, its accessible name (aria-label and tooltip). */
  label: string;
  kind?: ButtonKind;
  /** A codicon name ("save", "refresh"): the icon button's glyph, or a leading icon on a text button. */
  icon?: string;
  disabled?: boolean;
  data?: Record<string, string>;
  onClick?: () => void;
}

export interface Button {
  readonly element: HTMLElement;
  disabled: boolean;
  /** Marks the button busy (aria-busy) while its action runs. */
  busy: boolean;
  setLabel(label: string): void;
  /** Clicks, Enter and Space (the toolkit turns the keys into a click). */
  onClick(handler: () => void): () => void;
  focus(): void;
}

export function button(options: ButtonOptions): Button {
  registerToolkit();
  const kind = options.kind ?? 'primary';
  const icon = options.icon ? h('span', { class: `codicon codicon-${options.icon}`, 'aria-hidden': 'true', slot: kind === 'icon' ? undefined : 'start' }) : undefined;
  const text = kind === 'icon' ? undefined : document.createTextNode(options.label);
  const element = h('vscode-button', { appearance: kind, class: `ui-button ui-button-${kind}` }, icon, text);
  for (const [key, value] of Object.entries(options.data ?? {})) element.dataset[key] = value;
  const setLabel = (label: string): void => {
    if (text) text.textContent = label;
    else { element.setAttribute('aria-label', label); element.title = label; }
  };
  setLabel(options.label);
  const onClick = (handler: () => void): (() => void) => {
    // The toolkit still dispatches click on a disabled host from a pointer; the action must not run.
    const listener = (): void => { if (!element.hasAttribute('disabled')) handler(); };
    element.addEventListener('click', listener);
    return () => element.removeEventListener('click', listener);
  };
  if (options.onClick) onClick(options.onClick);
  const handle: Button = {
    element,
    get disabled() { return element.hasAttribute('disabled'); },
    set disabled(on) { element.toggleAttribute('disabled', on); },
    get busy() { return element.getAttribute('aria-busy') === 'true'; },
    set busy(on) { element.setAttribute('aria-busy', String(on)); },
    setLabel,
    onClick,
    focus: () => element.focus(),
  };
  handle.disabled = options.disabled ?? false;
  return handle;
}

/**
 * An indeterminate ring (a determinate one would need a style attribute, which the CSP blocks).
 * vscode-progress-ring makes itself an English "Loading" alert on connect, so it is hidden from
 * assistive technology and a wrapper carries the role and the caller's (translated) label.
 */
export function progressRing(label: string): HTMLElement {
  registerToolkit();
  return h('span', { role: 'progressbar', 'aria-label': label, class: 'ui-progress' }, h('vscode-progress-ring', { 'aria-hidden': 'true' }));
}

/**
 * A platform <span> with the badge colours: vscode-tag's template binds a `style` attribute, which
 * the panels' CSP (no 'unsafe-inline' for styles) reports as a violation each time one renders.
 */
export function tag(text: string, data?: Record<string, string>): HTMLElement {
  return h('span', { class: 'ui-tag', dataset: data ?? {} }, text);
}

export function divider(): HTMLElement {
  registerToolkit();
  return h('vscode-divider', { role: 'separator' });
}

export interface Tab { id: string; label: string; content: Node }

export interface Tabs {
  readonly element: HTMLElement;
  /** The active tab's id. */
  active: string;
  onChange(handler: (id: string) => void): void;
}

/** vscode-panels: arrow keys move between tabs, Tab goes into the active panel. */
export function tabs(items: readonly Tab[], label: string): Tabs {
  registerToolkit();
  const prefix = uniqueId('ui-tab');
  const element = h('vscode-panels', { 'aria-label': label });
  for (const item of items) element.append(h('vscode-panel-tab', { id: `${prefix}-${item.id}`, dataset: { tab: item.id } }, item.label));
  for (const item of items) element.append(h('vscode-panel-view', { id: `${prefix}-${item.id}-view` }, item.content));
  const panels = element as HTMLElement & { activeid: string };
  return {
    element,
    get active() { return (panels.activeid ?? '').slice(prefix.length + 1); },
    set active(id) { panels.activeid = `${prefix}-${id}`; },
    onChange(handler) { element.addEventListener('change', () => handler((panels.activeid ?? '').slice(prefix.length + 1))); },
  };
}
