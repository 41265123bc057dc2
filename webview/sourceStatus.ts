import type { HostEvents } from '../src/protocol';
import type { HostChannel } from './channel';

/**
 * The status strip above every panel: the panel host says when the source is paused or was
 * deleted elsewhere. It sits outside the view's root, so no view's re-render removes it.
 */
export function mountSourceStatus(root: HTMLElement, transport: HostChannel): void {
  const strip = document.createElement('div');
  strip.className = 'source-status';
  strip.setAttribute('role', 'status');
  strip.dataset.part = 'sourceStatus';
  strip.hidden = true;
  root.before(strip);
  transport.typed<Record<never, never>, HostEvents>().on('host/sourceStatus', (status) => {
    strip.textContent = status.text;
    strip.hidden = status.text === '';
    strip.dataset.state = status.deleted ? 'deleted' : status.paused ? 'paused' : 'active';
  });
}
