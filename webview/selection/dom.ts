/**
 * The selection view's patch helpers over the layer's `h`: pooled rows are rewritten in place, so
 * these write only what differs.
 */
import { h } from '../ui';

/** A codicon glyph: decorative (aria-hidden) unless it has a label. */
export const icon = (name: string, label?: string): HTMLElement => {
  const i = h('span', { class: `codicon codicon-${name}` });
  if (label) { i.setAttribute('role', 'img'); i.setAttribute('aria-label', label); i.title = label; } else i.setAttribute('aria-hidden', 'true');
  return i;
};

export const setText = (node: Node, value: string): void => { if (node.textContent !== value) node.textContent = value; };
export const setAttr = (node: Element, name: string, value: string | undefined): void => {
  if (value === undefined) { if (node.hasAttribute(name)) node.removeAttribute(name); } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
};
export const setClass = (node: Element, value: string): void => { if (node.className !== value) node.className = value; };
