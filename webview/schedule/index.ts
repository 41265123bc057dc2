/** The schedule editor: a component any view can mount, and the standalone panel built on it. */
export { mountScheduleEditor, type ScheduleEditorHandle, type ScheduleEditorOptions, type ScheduleEditorStatus } from './editor';
export { mountSchedulePanel } from './panel';
export { restoreDraft } from './model';
