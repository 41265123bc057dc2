/**
 * The webviews' one DOM helper. `h('p', { class: 'hint', dataset: { part: 'x' } }, 'text', child)`:
 * props become attributes (booleans add or drop the attribute; undefined/false skip it), `dataset`
 * sets data-* and `on` adds listeners. Children are nodes or strings (text nodes, never HTML), so
 * text from the host or the user is always inert. No `style` prop: the CSP forbids style attributes.
 */
export type Child = Node | string | null | undefined | false;

export interface Props {
  [attribute: string]: string | number | boolean | undefined | Record<string, string> | Partial<Record<string, EventListener>>;
  dataset?: Record<string, string>;
  on?: Partial<Record<string, EventListener>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'on') for (const [event, listener] of Object.entries(value as Record<string, EventListener>)) node.addEventListener(event, listener);
    else if (name === 'style') throw new Error('h(): style attributes are blocked by the CSP; use a class.');
    else if (value === true) node.setAttribute(name, '');
    else if (value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

/** Appends children (strings as text) to a node. */
export function append(node: Node, children: readonly Child[]): void {
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
}

let counter = 0;
/** A page-unique id with a readable prefix. */
export function uniqueId(prefix: string): string { return `${prefix}-${++counter}`; }
