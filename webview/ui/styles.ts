/**
 * The layer's own styles, adopted as a constructed stylesheet (which the panels' CSP allows without
 * 'unsafe-inline'), so the rules that name toolkit elements live beside the code that creates them.
 * Colours only through --vscode-* variables. Panels style their own layout in media/webview.css.
 */
export const UI_CSS = `
.ui-field { display: flex; flex-direction: column; gap: 3px; margin: 0 0 12px; max-width: 520px; }
.ui-field[hidden] { display: none; }
.ui-label, vscode-text-field::part(label) { font-weight: 600; cursor: default; }
.ui-hint { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin: 0; }
.ui-hint[hidden] { display: none; }
/* Error text in the foreground colour (Light Modern's errorForeground is 3.4:1 on white, under the
   4.5:1 text needs); the error icon and the border, which need 3:1, carry the error colour. */
.ui-error {
  color: var(--vscode-inputValidation-errorForeground, var(--vscode-foreground)); margin: 0; padding: 2px 6px;
  background: var(--vscode-inputValidation-errorBackground, transparent); border-left: 3px solid var(--vscode-errorForeground);
}
.ui-error::before { font-family: codicon; content: "\\ea87" / ""; color: var(--vscode-errorForeground); margin-right: 4px; vertical-align: -2px; }
.ui-error:empty { display: none; }
.ui-code { font-family: var(--vscode-editor-font-family); }
.ui-native-input {
  font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-dropdown-border, transparent)); border-radius: 2px;
  padding: 3px 6px; box-sizing: border-box; max-width: 260px; color-scheme: light dark;
}
.ui-native-input:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.ui-native-input[aria-invalid="true"], .ui-field.ui-invalid vscode-dropdown, .ui-field.ui-invalid vscode-text-field::part(root) {
  border-color: var(--vscode-inputValidation-errorBorder);
}
.ui-native-input:disabled { opacity: 0.7; cursor: not-allowed; }
.ui-field-radio vscode-radio-group .ui-label, .ui-field-radio > vscode-radio-group > label { font-weight: 600; }
.ui-radio-hint { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin: -2px 0 4px 24px; }
.ui-grid { max-width: 760px; }
vscode-button:focus-visible, vscode-radio:focus-visible, vscode-checkbox:focus-visible, vscode-dropdown:focus-visible,
vscode-data-grid-cell:focus-visible, vscode-panel-tab:focus-visible {
  outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px;
}
.ui-native-text { max-width: 520px; width: 100%; }
.ui-progress { display: inline-flex; align-items: center; vertical-align: middle; }
.ui-tag {
  display: inline-block; box-sizing: border-box; padding: 2px 6px; border-radius: 2px; font-size: 11px; line-height: 16px;
  text-transform: uppercase; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background);
  border: 1px solid var(--vscode-contrastBorder, transparent);
}
`;

let adopted = false;

export function adoptUiStyles(): void {
  if (adopted) return;
  adopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(UI_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
