// The one module that imports @vscode/webview-ui-toolkit (archived upstream); swapping to
// another component library (e.g. @vscode-elements/elements) touches only webview/ui.
// Not registered: vscode-tag and vscode-badge (their template binds a style attribute; see ui/widgets.ts).
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { adoptUiStyles } from './styles';

let registered = false;

/** Defines the vscode-* custom elements and adopts the layer's styles, once; every factory calls it. */
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  adoptUiStyles();
  provideVSCodeDesignSystem().register(
    vsCodeButton(), vsCodeCheckbox(), vsCodeDataGrid(), vsCodeDataGridCell(), vsCodeDataGridRow(), vsCodeDivider(),
    vsCodeDropdown(), vsCodeOption(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView(), vsCodeProgressRing(),
    vsCodeRadio(), vsCodeRadioGroup(), vsCodeTextField(),
  );
}
