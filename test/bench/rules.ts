// Selection rules at 10,000 streams × 20 fields (host side, in this Node process): the preview's
// latency per keystroke while a rule is typed, and what applying a rule change sends.
// Part "rules" of `npm run bench`; also runs alone: `node --import tsx test/bench/rules.ts`.
import { performance } from 'node:perf_hooks';
import { planRules, RulePreviewer, stagePreview } from '../../src/core/rules';
import { SelectionEditor, splitMetadataBody } from '../../src/core/selection';
import { METADATA_BATCH_ENTRIES } from '../../src/core/selectionView';
import { syntheticModels } from '../unit/core/rules/fixtures';
import type { Figure } from './report';
import { median, quantile, round } from './support';

const STREAMS = 10_000;
const FIELDS = 20;

/** Every prefix of each typed rule, after the rules already written: one preview per keystroke. */
const TYPED: Array<{ before: string[]; typing: string }> = [
  { before: ['*.*'], typing: '!*.*_pii' },
  { before: ['*', '!raw_*'], typing: 'daily_*.[a-m]* method=FULL_TABLE' },
  { before: ['!*', 'custom_*.*'], typing: '!custom_*.email' },
  { before: ['*.*', '!*.notes', '!legacy_*'], typing: 'legacy_orders?*.status' },
];

export function rulePreviewCost(add: (f: Figure) => void): void {
  const streams = syntheticModels(STREAMS, FIELDS);
  let started = performance.now();
  const previewer = new RulePreviewer(streams);
  const indexMs = performance.now() - started;
  const times: number[] = [];
  // CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
  const cpu: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const { before, typing } of TYPED) {
      for (let i = 1; i <= typing.length; i++) {
        const text = [...before, typing.slice(0, i)].join('\n');
        const c = process.cpuUsage();
        const t = performance.now();
        previewer.preview(text);
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
    }
  }
  const detail = `${times.length} keystrokes typing ${TYPED.length} rules after 1–3 others; median ${round(median(times), 2)} ms, max ${round(Math.max(...times), 1)} ms; parse + match + decide + flag, no rendering`;
  add({ area: 'Selection rules', name: `rule preview per keystroke, p95 (${STREAMS.toLocaleString('en')} streams × ${FIELDS} fields)`, value: quantile(times, 0.95), unit: 'ms', target: 50, comparison: '<', detail });
  add({ area: 'Selection rules', name: 'rule preview per keystroke, CPU time p95 (same keystrokes)', value: quantile(cpu, 0.95), unit: 'ms', target: 50, comparison: '<', detail: `median ${round(median(cpu), 2)} ms; process CPU time (user + system), so GC threads count too` });
  add({ area: 'Selection rules', name: 'rule preview: indexing the catalogue once per panel', value: indexMs, unit: 'ms' });

  // A rule change on a source where `*.*` is applied already: what Apply sends.
  const editor = new SelectionEditor(streams);
  stagePreview(editor, previewer.preview('*.*'));
  const first = splitMetadataBody(editor.diff(), METADATA_BATCH_ENTRIES).length;
  editor.commit();
  const server = editor.allStreamIds().map((id) => editor.stream(id)!);
  started = performance.now();
  const change = planRules(server, new RulePreviewer(server).preview('*.*\n!*.email\n!raw_*'));
  const planMs = performance.now() - started;
  const batches = splitMetadataBody(change.body, METADATA_BATCH_ENTRIES);
  const entries = change.body.streams.reduce((n, s) => n + s.metadata.length, 0);
  add({
    area: 'Selection rules', name: 'apply a rule change: PUT streams/metadata requests', value: batches.length,
    detail: `adding "!*.email", "!raw_*" to an applied "*.*": ${entries.toLocaleString('en')} entries in batches of ${METADATA_BATCH_ENTRIES} (change ${change.summary}); planned in ${round(planMs, 0)} ms; the first "*.*" took ${first}`,
  });
}

if (require.main === module) {
  rulePreviewCost((f) => process.stdout.write(`${f.area} · ${f.name}: ${round(f.value, 2)}${f.unit ? ` ${f.unit}` : ''}${f.target !== undefined ? ` (target ${f.comparison} ${f.target})` : ''}  ${f.detail ?? ''}\n`));
}
