/** The schedule editor's host side: the standalone panel and the pieces the source form panel reuses. */
export { registerSchedulePanel, scheduleCommands, openSchedulePanel, SchedulePanel } from './panel';
export { registerScheduleHandlers, scheduleSetupFor, schedulePropertiesForDraft, type ScheduleHandlerOptions } from './handlers';
export { checkAgreement, classifySaveFailure, cronPlanNote, isScheduleDraft, planLimitMessage } from './logic';
