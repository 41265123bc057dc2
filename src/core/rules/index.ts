/** Selection rules: patterns over streams and fields, previewed on a catalogue, staged as metadata. */
export { compileGlob, isGlobError, type Glob, type GlobError } from './glob';
export { parseRules, type ParsedRules, type Rule, type RuleError } from './parse';
export { previewRules, RulePreviewer, type FieldOutcome, type FieldPreview, type RulePreview, type RuleReport, type StreamPreview } from './preview';
export { completeDeselections, planRules, stagePreview, type RulePlan, type StageOutcome } from './stage';
export { ruleLabel } from './messages';
export { decideNewStreams, newStreamIds, newStreamsMessage, parseNewStreamsPolicy, previewNewStreams, type NewStreamsDecision, type NewStreamsPolicy } from './newStreams';
