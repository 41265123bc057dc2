/**
 * What the preview says when Stitch's own rules overrule a selection rule, in Stitch's terms
 * (inclusion, selected-by-default, fieldExclusions, forced-replication-method, valid-replication-keys;
 * reference §5.8, §7.8), and what it says about rules that do nothing.
 */
import type { FieldModel, StreamModel } from '../selection';
import type { Rule } from './parse';

/** `rule 3 ("!*.id")`: rules are numbered from 1 for people. */
export const ruleLabel = (rule: Pick<Rule, 'index' | 'text'>): string => `rule ${rule.index + 1} ("${rule.text}")`;

export function automaticConflict(rule: Rule, field: FieldModel): string {
  return `${cap(ruleLabel(rule))} can't deselect "${field.name}": its inclusion is automatic, so Stitch always replicates it.`;
}

export function unsupportedConflict(rule: Rule, field: FieldModel): string {
  const why = field.lockReason?.startsWith('Not supported: ') ? ` (${field.lockReason.slice('Not supported: '.length)})` : '';
  return `${cap(ruleLabel(rule))} can't select "${field.name}": its inclusion is unsupported, so Stitch can't replicate it${why}; Stitch refuses such a selection with "Unsupported fields cannot be selected by default".`;
}

export function defaultConflict(rule: Rule, field: FieldModel): string {
  return `${cap(ruleLabel(rule))} deselects "${field.name}", but it is selected-by-default: Stitch replicates an available field that is selected by default even when selected is false.`;
}

/** `loser` stays deselected because `winner` is replicated; `by` says why the winner is. */
export function exclusionConflict(loser: FieldModel, winner: FieldModel, by: Rule | 'automatic' | 'default'): string {
  const why = by === 'automatic'
    ? `"${winner.name}" is always replicated (inclusion: automatic)`
    : by === 'default'
      ? `"${winner.name}" is replicated anyway (selected-by-default)`
      : `${ruleLabel(by)} selects "${winner.name}" and comes later`;
  return `"${loser.name}" can't be replicated together with "${winner.name}" (fieldExclusions): ${why}, so "${loser.name}" stays deselected.`;
}

export function lockedExclusionConflict(a: FieldModel, b: FieldModel): string {
  return `"${a.name}" and "${b.name}" are both always replicated although their fieldExclusions forbid it: Stitch accepts this selection but the extraction will fail.`;
}

export function forcedMethodConflict(rule: Rule, stream: StreamModel): string {
  const forced = stream.forcedMethod!;
  return `${cap(ruleLabel(rule))} asks for ${rule.method}, but Stitch forces ${forced.method} for this stream (forced-replication-method)${forced.reason ? `: ${forced.reason}` : ''}.`;
}

export function keyConflict(rule: Rule, stream: StreamModel): string {
  return stream.validReplicationKeys
    ? `${cap(ruleLabel(rule))} sets replication-key "${rule.key}", which is not one of this stream's valid-replication-keys: ${stream.validReplicationKeys.join(', ')}.`
    : `${cap(ruleLabel(rule))} sets replication-key "${rule.key}", which is not a field of this stream.`;
}

export function viewKeysConflict(rule: Rule): string {
  return `${cap(ruleLabel(rule))} sets view-keys, but only database views take view-key-properties.`;
}

export function matchesNothing(rule: Rule, streamPartMatched: boolean): string {
  if (!rule.field) return `${cap(ruleLabel(rule))} matches no stream: check the tap_stream_id (database streams are named database-schema-table).`;
  return streamPartMatched
    ? `${cap(ruleLabel(rule))} matches streams but none of their fields.`
    : `${cap(ruleLabel(rule))} matches no stream, so none of its fields.`;
}

export function neverWins(rule: Rule, by: Rule | undefined): string {
  return by
    ? `${cap(ruleLabel(rule))} never decides anything: ${ruleLabel(by)} comes later and decides what it matches (the last matching rule wins).`
    : `${cap(ruleLabel(rule))} never decides anything: later rules or Stitch's own rules decide everything it matches.`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
