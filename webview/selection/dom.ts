/** Small DOM helpers of the selection view: build elements, and write only what differs. */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

export const icon = (name: string, label?: string): HTMLElement => {
  const i = el('span', { class: `codicon codicon-${name}` });
  if (label) { i.setAttribute('role', 'img'); i.setAttribute('aria-label', label); i.title = label; } else i.setAttribute('aria-hidden', 'true');
  return i;
};

export const fmt = (template: string, ...args: Array<string | number>): string =>
  template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));

export const setText = (node: Node, value: string): void => { if (node.textContent !== value) node.textContent = value; };
export const setAttr = (node: Element, name: string, value: string | undefined): void => {
  if (value === undefined) { if (node.hasAttribute(name)) node.removeAttribute(name); } else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
};
export const setClass = (node: Element, value: string): void => { if (node.className !== value) node.className = value; };
