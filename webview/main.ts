import type { WebviewView } from '../src/protocol';
import { HostChannel } from './channel';
import { registerToolkit } from './ui';
import { mountSelection } from './selection';
import { mountSchedulePanel } from './schedule';
import { mountSourceForm } from './sourceForm/view';
import { mountSourceStatus } from './sourceStatus';

/**
 * One bundle for every panel: the host says which view to mount with <body data-view>. Each view
 * lives in its own folder and exports `mount(root, channel)`, which attaches its handlers; then
 * `ready` is sent so the host starts posting.
 */
type Mount = (root: HTMLElement, channel: HostChannel) => void;

// Each view adds one line here: `sourceForm: mountSourceForm,` with its import above.
const views: Partial<Record<WebviewView, Mount>> = {
  selection: mountSelection,
  schedule: mountSchedulePanel,
  sourceForm: mountSourceForm,
};

registerToolkit();
const root = document.getElementById('root');
const view = document.body.dataset.view as WebviewView | undefined;
const channel = new HostChannel();
const mount = view ? views[view] : undefined;
if (root && mount) {
  root.replaceChildren();
  mountSourceStatus(root, channel);
  mount(root, channel);
} else if (root) {
  root.textContent = view ? `Unknown view "${view}".` : '';
}
channel.start();
