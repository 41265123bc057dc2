/** DOM helpers of the source form view. */

type El<K extends keyof HTMLElementTagNameMap> = HTMLElementTagNameMap[K];

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Array<Node | string | undefined | false>): El<K> {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

export function codicon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}

/** Parts joined by ' · ', each isolated (<bdi>): a direction override in one can't reorder the rest of the line. */
export function isolatedParts(parts: ReadonlyArray<string | undefined>): Array<Node | string | undefined> {
  return parts.filter((part): part is string => Boolean(part)).flatMap((part, i) => [i > 0 ? ' · ' : undefined, h('bdi', {}, part)]);
}

export const inputId = (name: string) => `f-${name}`;
export const errorId = (name: string) => `e-${name}`;

export function button(label: string, kind: 'primary' | 'secondary' | 'icon', onClick: () => void, cls?: string, icon?: string, ariaLabel?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: `sf-button sf-button-${kind}${cls ? ` ${cls}` : ''}`, 'aria-label': ariaLabel, title: kind === 'icon' ? label : undefined });
  if (icon) b.append(codicon(icon));
  if (kind !== 'icon') b.append(icon ? ` ${label}` : label);
  b.addEventListener('click', onClick);
  return b;
}
