import type { CheckView, SourceFormState } from '../../src/protocol/sourceForm';
import { button, progressRing, t } from '../ui';
import { codicon, h } from './dom';
import { words } from './words';

/** The buttons of the status card ask the host these (no params). */
export type StatusRequest = (method: 'sourceForm/openInStitch' | 'sourceForm/refresh' | 'sourceForm/selectStreams' | 'sourceForm/checkAgain') => void;

/** A text button of the card; `cls` names it for the journey tests (`.sf-select-streams`). */
function action(label: string, kind: 'primary' | 'secondary', icon: string, onClick: () => void, cls?: string): HTMLElement {
  const b = button({ label, kind, icon, onClick });
  if (cls) b.element.classList.add(cls);
  return b.element;
}

/** The setup steps as an ordered list: the current one is aria-current="step", each says its state in words. */
export function renderStepper(s: SourceFormState): HTMLElement {
  const list = h('ol', { class: 'sf-stepper', 'aria-label': t('Setup steps') });
  const said = { done: t('done'), current: t('current step'), todo: t('to do') } as Record<string, string>;
  s.steps.forEach((step, i) => {
    const icon = step.state === 'done' ? 'pass-filled' : step.state === 'current' ? 'circle-large-filled' : 'circle-large-outline';
    list.append(h('li', { class: `sf-step sf-step-${step.state}`, 'data-step': step.type, 'aria-current': step.state === 'current' ? 'step' : undefined },
      codicon(icon), h('span', { class: 'sf-step-num' }, `${i + 1}.`), ' ', h('span', {}, step.title),
      h('span', { class: 'sf-sr-only' }, ` (${said[step.state] ?? step.state})`)));
  });
  return list;
}

export function renderStatus(s: SourceFormState, request: StatusRequest): HTMLElement | undefined {
  const w = words(s);
  const card = h('section', { id: 'status', class: `sf-status sf-status-${s.stage}`, 'data-stage': s.stage, 'aria-live': 'polite', 'aria-label': t('Status') });
  switch (s.stage) {
    case 'oauth': {
      card.append(h('h2', {}, codicon('key'), ' ', t('Authorize Stitch')),
        h('p', {}, t('This source needs authorization. Stitch’s API can’t complete an OAuth sign-in, so authorize it in Stitch’s web app (the button opens this source there). This panel checks every few seconds and moves on once Stitch reports the source authorized.')));
      card.append(h('div', { class: 'sf-actions' },
        action(t('Authorize in Stitch'), 'primary', 'link-external', () => request('sourceForm/openInStitch')),
        action(t('I’ve Authorized: Refresh'), 'secondary', 'refresh', () => request('sourceForm/refresh'))));
      card.append(h('p', { class: 'hint sf-waiting' }, progressRing(t('Waiting for authorization…')), ' ', t('Waiting for authorization…')));
      card.append(h('p', { class: 'hint' }, t('Or, if you use your own OAuth app, enter its credentials (or a refresh token) below and save.')));
      return card;
    }
    case 'checking':
    case 'checkFailed':
      card.append(renderCheck(s.check, s, request));
      return card;
    case 'fieldSelection':
      if (s.check) card.append(renderCheck(s.check, s, request));
      card.append(h('p', {}, codicon('pass'), ' ', t('Next: choose the streams and fields to replicate.')));
      card.append(h('div', { class: 'sf-actions' }, action(t('Select Streams'), 'primary', 'list-selection', () => request('sourceForm/selectStreams'), 'sf-select-streams')));
      return card;
    case 'configured':
      card.append(h('p', {}, codicon('pass-filled'), ' ', w.configured));
      card.append(h('div', { class: 'sf-actions' },
        // A destination (the same form) has no streams.
        ...(s.canSelectStreams ? [action(t('Select Streams'), 'secondary', 'list-selection', () => request('sourceForm/selectStreams'), 'sf-select-streams')] : []),
        action(t('Open in Stitch'), 'secondary', 'link-external', () => request('sourceForm/openInStitch'))));
      return card;
    case 'unavailable':
      card.append(h('p', {}, w.unavailable));
      return card;
    default:
      return undefined;
  }
}

function renderCheck(check: CheckView | undefined, s: SourceFormState, request: StatusRequest): HTMLElement {
  const box = h('div', { class: 'sf-check', 'data-check-status': check?.status ?? 'running' });
  const status = check?.status ?? 'running';
  const title = status === 'running' || status === 'unknown' ? words(s).checking : status === 'succeeded' ? t('Connection check passed.') : t('The connection check failed.');
  const running = status === 'running' && !check?.stalled;
  box.append(h('h2', {}, running ? progressRing(title) : codicon(status === 'succeeded' ? 'pass' : status === 'failed' ? 'error' : 'watch'), ' ', title));
  if (check) {
    const phases = h('ul', { class: 'sf-phases' });
    const said: Record<string, string> = { pending: t('pending'), running: t('running'), succeeded: t('succeeded'), failed: t('failed'), skipped: t('skipped') };
    for (const p of check.phases) {
      const icon = p.status === 'succeeded' ? 'pass' : p.status === 'failed' ? 'error' : p.status === 'running' ? 'loading' : p.status === 'skipped' ? 'circle-slash' : 'circle-large-outline';
      phases.append(h('li', { class: `sf-phase sf-phase-${p.status}`, 'data-phase': p.name }, codicon(icon, p.status === 'running' ? 'codicon-modifier-spin' : ''), ' ', `${p.title}: ${said[p.status] ?? p.status}`));
    }
    box.append(phases);
    if (check.message && status === 'failed') {
      box.append(h('pre', { class: 'sf-check-message', id: 'check-message' }, check.message));
      box.append(h('p', { class: 'sf-warning' }, codicon('key'), ' ', words(s).credentialRetype));
    }
    if (check.stalled) {
      box.append(h('p', { class: 'sf-warning' }, codicon('warning'), ' ', check.stalled));
      box.append(action(t('Check Again'), 'secondary', 'refresh', () => request('sourceForm/checkAgain')));
    }
  }
  if (status === 'failed') box.append(h('div', { class: 'sf-actions' }, action(t('Check Again'), 'secondary', 'refresh', () => request('sourceForm/checkAgain'))));
  return box;
}
