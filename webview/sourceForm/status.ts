import type { CheckView, SourceFormState } from '../../src/protocol/sourceForm';
import { button, codicon, h } from './dom';

/** The buttons of the status card ask the host these (no params). */
export type StatusRequest = (method: 'sourceForm/openInStitch' | 'sourceForm/refresh' | 'sourceForm/selectStreams' | 'sourceForm/checkAgain') => void;

export function renderStepper(s: SourceFormState): HTMLElement {
  const list = h('ol', { class: 'sf-stepper', 'aria-label': 'Setup steps' });
  s.steps.forEach((step, i) => {
    const icon = step.state === 'done' ? 'pass-filled' : step.state === 'current' ? 'circle-large-filled' : 'circle-large-outline';
    list.append(h('li', { class: `sf-step sf-step-${step.state}`, 'data-step': step.type, 'aria-current': step.state === 'current' ? 'step' : undefined },
      codicon(icon), h('span', { class: 'sf-step-num' }, `${i + 1}.`), ' ', h('span', {}, step.title)));
  });
  return list;
}

export function renderStatus(s: SourceFormState, request: StatusRequest): HTMLElement | undefined {
  const t = s.text;
  const card = h('section', { id: 'status', class: `sf-status sf-status-${s.stage}`, 'data-stage': s.stage, 'aria-live': 'polite' });
  switch (s.stage) {
    case 'oauth': {
      card.append(h('h2', {}, codicon('key'), ' ', t.oauthTitle ?? 'Authorize'), h('p', {}, t.oauthBody ?? ''));
      card.append(h('div', { class: 'sf-actions' },
        button(t.openInStitch ?? 'Authorize in Stitch', 'primary', () => request('sourceForm/openInStitch'), undefined, 'link-external'),
        button(t.refresh ?? 'Refresh', 'secondary', () => request('sourceForm/refresh'), undefined, 'refresh')));
      card.append(h('p', { class: 'hint' }, codicon('loading', 'codicon-modifier-spin'), ' ', t.oauthWatching ?? ''));
      card.append(h('p', { class: 'hint' }, t.oauthOwnApp ?? ''));
      return card;
    }
    case 'checking':
    case 'checkFailed':
      card.append(renderCheck(s.check, s, request));
      return card;
    case 'fieldSelection':
      if (s.check) card.append(renderCheck(s.check, s, request));
      card.append(h('p', {}, codicon('pass'), ' ', t.fieldSelection ?? ''));
      card.append(h('div', { class: 'sf-actions' },
        button(t.selectStreams ?? 'Select Streams', 'primary', () => request('sourceForm/selectStreams'), 'sf-select-streams', 'list-selection')));
      return card;
    case 'configured':
      card.append(h('p', {}, codicon('pass-filled'), ' ', t.configured ?? ''));
      card.append(h('div', { class: 'sf-actions' },
        // A destination (the same form) has no streams.
        ...(s.canSelectStreams ? [button(t.selectStreams ?? 'Select Streams', 'secondary', () => request('sourceForm/selectStreams'), 'sf-select-streams', 'list-selection')] : []),
        button(t.openSourceInStitch ?? 'Open in Stitch', 'secondary', () => request('sourceForm/openInStitch'), undefined, 'link-external')));
      return card;
    case 'unavailable':
      card.append(h('p', {}, t.unavailable ?? ''));
      return card;
    default:
      return undefined;
  }
}

function renderCheck(check: CheckView | undefined, s: SourceFormState, request: StatusRequest): HTMLElement {
  const t = s.text;
  const box = h('div', { class: 'sf-check', 'data-check-status': check?.status ?? 'running' });
  const status = check?.status ?? 'running';
  const title = status === 'running' || status === 'unknown' ? t.checking : status === 'succeeded' ? t.checkSucceeded : t.checkFailed;
  box.append(h('h2', {}, status === 'running' && !check?.stalled ? codicon('loading', 'codicon-modifier-spin') : codicon(status === 'succeeded' ? 'pass' : status === 'failed' ? 'error' : 'watch'), ' ', title ?? ''));
  if (check) {
    const phases = h('ul', { class: 'sf-phases' });
    for (const p of check.phases) {
      const icon = p.status === 'succeeded' ? 'pass' : p.status === 'failed' ? 'error' : p.status === 'running' ? 'loading' : p.status === 'skipped' ? 'circle-slash' : 'circle-large-outline';
      phases.append(h('li', { class: `sf-phase sf-phase-${p.status}`, 'data-phase': p.name }, codicon(icon, p.status === 'running' ? 'codicon-modifier-spin' : ''), ' ', `${p.title}: ${p.status}`));
    }
    box.append(phases);
    if (check.message && status === 'failed') {
      box.append(h('pre', { class: 'sf-check-message', id: 'check-message' }, check.message));
      box.append(h('p', { class: 'warning-text' }, codicon('key'), ' ', t.credentialRetype ?? ''));
    }
    if (check.stalled) {
      box.append(h('p', { class: 'warning-text' }, check.stalled));
      box.append(button(t.checkAgain ?? 'Check Again', 'secondary', () => request('sourceForm/checkAgain'), undefined, 'refresh'));
    }
  }
  if (status === 'failed') box.append(h('div', { class: 'sf-actions' }, button(t.checkAgain ?? 'Check Again', 'secondary', () => request('sourceForm/checkAgain'), undefined, 'refresh')));
  return box;
}
