/** What dist/panels.js provides (see ./lazyPanels.ts): the panels' classes, loaded on demand. */
export { SelectionPanel } from './selection/selectionPanel';
export { SourceFormPanel } from './sourceForm/sourceFormPanel';
