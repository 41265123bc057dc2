// The component layer alone, as a page script for test/webview/ui*.test.ts: window.ui is
// webview/ui's exports, so a test builds controls in the page and drives them with the keyboard.
import * as ui from '../../webview/ui';

(window as unknown as { ui: typeof ui }).ui = ui;
ui.registerToolkit();
