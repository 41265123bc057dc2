/**
 * A file's `select` rules against the live catalogue: the metadata body that makes the selection
 * what the rules say (the Rules box's own planRules), the streams they select, and the rules'
 * flags (matching nothing, never winning, refused by Stitch) as problems on the file.
 */
import type { MetadataUpdateBody, StreamModel } from '../selection';
import { planRules, previewRules, type RulePreview } from '../rules';

export interface RulesOutcome {
  readonly body: MetadataUpdateBody;
  /** tap_stream_ids the rules select, sorted: the file's side of the diff view. */
  readonly selected: readonly string[];
  readonly problems: readonly { path: (string | number)[]; message: string; severity: 'error' | 'warning'; span?: { start: number; length: number } }[];
  /** Streams whose fields the rules need and the caller has not loaded. */
  readonly needsFields: readonly string[];
}

export function previewSelect(streams: readonly StreamModel[], select: readonly string[]): RulePreview {
  return previewRules(streams, select);
}

export function rulesOutcome(streams: readonly StreamModel[], select: readonly string[], preview = previewSelect(streams, select)): RulesOutcome {
  const plan = planRules(streams, preview);
  const problems: RulesOutcome['problems'][number][] = [];
  // Syntax errors are the file's own checks (with their column); these need the catalogue.
  for (const r of preview.rules) {
    if (!r.flag) continue;
    const message = r.message ?? (r.flag === 'matches-nothing' ? 'This rule matches nothing.' : 'This rule never wins.');
    problems.push({ path: ['select', r.line - 1], message, severity: 'warning', span: { start: 0, length: Math.max(1, select[r.line - 1]?.length ?? 1) } });
  }
  for (const message of plan.refused) problems.push({ path: ['select'], message, severity: 'error' });
  for (const issue of plan.issues) problems.push({ path: ['select'], message: `${issue.tapStreamId}: ${issue.message}`, severity: issue.severity });
  const selected = preview.streams.filter((s) => s.outcome === 'selected').map((s) => s.id).sort();
  return { body: plan.body, selected, problems, needsFields: plan.needsFields };
}

/** `+2 streams, −3 fields` for a metadata body. */
export function describeBody(body: MetadataUpdateBody): string {
  const n = { addS: 0, dropS: 0, addF: 0, dropF: 0, other: 0 };
  for (const e of body.streams) {
    for (const m of e.metadata) {
      const sel = m.metadata['selected'];
      const stream = m.breadcrumb.length === 0;
      if (sel === true && stream) n.addS++;
      else if (sel === true) n.addF++;
      else if (sel === false && stream) n.dropS++;
      else if (sel === false) n.dropF++;
      else n.other++;
    }
  }
  const part = (k: number, sign: string, what: string) => (k ? `${sign}${k} ${what}${k === 1 ? '' : 's'}` : '');
  return [part(n.addS, '+', 'stream'), part(n.addF, '+', 'field'), part(n.dropS, '−', 'stream'), part(n.dropF, '−', 'field'), part(n.other, '~', 'setting')].filter(Boolean).join(', ');
}
