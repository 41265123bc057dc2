// The selection panel's Rules box at 10,000 streams × 20 fields, host side: one keystroke's round
// trip as the host serves it (the session's preview over its cached matches, the message for the
// rows, encoded and decoded as postMessage does, and expanded by the webview's decoder), without
// the webview's redraw. The message as it was before (one [id, rule, selected] tuple per stream)
// is timed on the same keystrokes in the same run, interleaved, as the baseline.
// Part "rules" of `npm run bench`; also runs alone: `node --import tsx test/bench/rulesPanel.ts`.
import { performance } from 'node:perf_hooks';
import type { RulePreview } from '../../src/core/rules';
import { SelectionSession } from '../../src/panels/selection/session';
import type { FieldRowView, RulePreviewView, SelectionState } from '../../src/protocol/selection';
import { decodeRulePreview } from '../../webview/selection/rulesPreviewData';
import { bigCatalogue, FakeApi } from '../unit/selection/fixtures';
import type { Figure } from './report';
import { median, quantile, round } from './support';

const STREAMS = 10_000;
const FIELDS = 20;
const EXPANDED = ['stream_00000', 'stream_00001'];
const TYPED = [{ before: '*.*', typing: '!*.field_1?' }, { before: '*\n!stream_0*', typing: 'stream_00[0-4]*.field_* ' }];

/** The baseline: the message as the host built it before the compact encoding (ids in every tuple). */
function tupleMessage(preview: RulePreview, fieldsFor: readonly string[]): RulePreviewView {
  const streams: RulePreviewView['streams'] = [];
  const conflicts: string[] = [];
  for (const s of preview.streams) {
    if (s.rule >= 0) streams.push([s.id, s.rule, s.outcome === 'selected' ? 1 : 0]);
    for (const c of s.conflicts) if (conflicts.length < 20) conflicts.push(`${s.id}: ${c}`);
  }
  const fields: RulePreviewView['fields'] = {};
  for (const id of fieldsFor) {
    const s = preview.stream(id);
    if (!s) continue;
    fields[id] = s.fields().filter((f) => f.rule >= 0).map((f) => [f.name, f.rule, f.replicated ? 1 : 0]);
  }
  return {
    streams, fields, rules: preview.rules.map((r) => ({ ...r })), errors: preview.errors.map((e) => ({ ...e })), totals: { ...preview.totals }, conflicts,
    needsFields: preview.streams.filter((s) => s.needsFields).map((s) => s.id),
  };
}

export async function rulesPanelCost(add: (f: Figure) => void): Promise<void> {
  const api = new FakeApi(bigCatalogue(STREAMS, FIELDS));
  const session = new SelectionSession(() => api, 7);
  await session.load();
  // The first preview of `*.*` loads every stream's fields (in memory here): not a keystroke.
  const started = performance.now();
  await session.previewRules('*.*');
  const loadMs = performance.now() - started;
  // What the webview holds: the state's stream rows and the expanded streams' field rows.
  const state: SelectionState = JSON.parse(JSON.stringify(session.state())) as SelectionState;
  const fieldRows = new Map<string, FieldRowView[]>(EXPANDED.map((id) => [id, state.fields[id]!]));
  // The session's own preview, as previewRules computes it (private: the baseline needs it bare).
  const rulePreview = (text: string) => (session as unknown as { rulePreview(t: string): Promise<{ preview: RulePreview }> }).rulePreview(text);
  const before: number[] = [];
  const after: number[] = [];
  // CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
  const beforeCpu: number[] = [];
  const afterCpu: number[] = [];
  const cpuSince = (c: NodeJS.CpuUsage) => { const u = process.cpuUsage(c); return (u.user + u.system) / 1000; };
  let beforeBytes = 0;
  let afterBytes = 0;
  let keystroke = 0;
  for (const { before: written, typing } of TYPED) {
    for (let i = 1; i <= typing.length; i++) {
      const text = `${written}\n${typing.slice(0, i)}`;
      // Alternate which one goes first, so neither always gets the warmer caches.
      const runs = [
        async () => {
          const c = process.cpuUsage();
          const t = performance.now();
          const wire = JSON.stringify(tupleMessage((await rulePreview(text)).preview, EXPANDED));
          JSON.parse(wire);
          before.push(performance.now() - t);
          beforeCpu.push(cpuSince(c));
          beforeBytes = Math.max(beforeBytes, Buffer.byteLength(wire));
        },
        async () => {
          const c = process.cpuUsage();
          const t = performance.now();
          const wire = JSON.stringify(await session.previewRules(text, EXPANDED));
          const view = decodeRulePreview(JSON.parse(wire), state.streams, fieldRows);
          after.push(performance.now() - t);
          afterCpu.push(cpuSince(c));
          afterBytes = Math.max(afterBytes, Buffer.byteLength(wire));
          if (view.streams.length === 0 && view.totals.streamsSelected > 0) throw new Error('the compact preview decoded to no stream tags');
        },
      ];
      if (keystroke++ % 2) runs.reverse();
      for (const run of runs) await run();
    }
  }
  const name = `(${STREAMS.toLocaleString('en')} streams × ${FIELDS} fields)`;
  add({
    area: 'Selection rules', name: `Rules box preview round trip per keystroke, host side, p95 ${name}`,
    value: quantile(after, 0.95), unit: 'ms', target: 50, comparison: '<',
    detail: `${after.length} keystrokes; median ${round(median(after), 2)} ms; CPU time p95 ${round(quantile(afterCpu, 0.95), 1)} ms, median ${round(median(afterCpu), 1)} ms; session preview + compact message + encode/decode + the webview's decoder (largest ${round(afterBytes / 1024, 1)} KB); loading every stream's fields in memory first took ${round(loadMs, 0)} ms`,
  });
  add({
    area: 'Selection rules', name: `baseline: the same with one [id, rule, selected] tuple per stream, p95 ${name}`,
    value: quantile(before, 0.95), unit: 'ms',
    detail: `the message as sent before, same keystrokes interleaved in this run; median ${round(median(before), 2)} ms; CPU time p95 ${round(quantile(beforeCpu, 0.95), 1)} ms, median ${round(median(beforeCpu), 1)} ms (largest ${round(beforeBytes / 1024, 1)} KB)`,
  });
  add({ area: 'Selection rules', name: 'Rules box preview message, largest (compact)', value: afterBytes / 1024, unit: 'KB', detail: `baseline tuples: ${round(beforeBytes / 1024, 1)} KB` });
}

if (require.main === module) {
  void rulesPanelCost((f) => process.stdout.write(`${f.area} · ${f.name}: ${round(f.value, 2)}${f.unit ? ` ${f.unit}` : ''}${f.target !== undefined ? ` (target ${f.comparison} ${f.target})` : ''}  ${f.detail ?? ''}\n`));
}
