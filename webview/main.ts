import { PROTOCOL_VERSION } from '../src/protocol';
import { registerToolkit } from './toolkit';
import { onMessage, post } from './vscodeApi';

registerToolkit();

const root = document.getElementById('root');
onMessage((message) => {
  if (message.type === 'init' && root) {
    root.dataset.view = message.view;
    root.replaceChildren();
  }
});
post({ type: 'ready', protocol: PROTOCOL_VERSION });
