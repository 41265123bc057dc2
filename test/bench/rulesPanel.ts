// The selection panel's Rules box at 10,000 streams × 20 fields, host side: one keystroke's round
// trip as the host serves it (the session's preview over its cached matches, the view for the rows,
// and the message encoded and decoded as postMessage does), without the webview's redraw.
// Part "rules" of `npm run bench`; also runs alone: `node --import tsx test/bench/rulesPanel.ts`.
import { performance } from 'node:perf_hooks';
import { SelectionSession } from '../../src/panels/selection/session';
import { bigCatalogue, FakeApi } from '../unit/selection/fixtures';
import type { Figure } from './report';
import { median, quantile, round } from './support';

const STREAMS = 10_000;
const FIELDS = 20;
const TYPED = [{ before: '*.*', typing: '!*.field_1?' }, { before: '*\n!stream_0*', typing: 'stream_00[0-4]*.field_* ' }];

export async function rulesPanelCost(add: (f: Figure) => void): Promise<void> {
  const api = new FakeApi(bigCatalogue(STREAMS, FIELDS));
  const session = new SelectionSession(() => api, 7);
  await session.load();
  // The first preview of `*.*` loads every stream's fields (in memory here): not a keystroke.
  let started = performance.now();
  await session.previewRules('*.*');
  const loadMs = performance.now() - started;
  const times: number[] = [];
  let bytes = 0;
  for (const { before, typing } of TYPED) {
    for (let i = 1; i <= typing.length; i++) {
      started = performance.now();
      const view = await session.previewRules(`${before}\n${typing.slice(0, i)}`, ['stream_00000', 'stream_00001']);
      const wire = JSON.stringify(view);
      JSON.parse(wire);
      times.push(performance.now() - started);
      bytes = Math.max(bytes, wire.length);
    }
  }
  add({
    area: 'Selection rules', name: `Rules box preview round trip per keystroke, host side, p95 (${STREAMS.toLocaleString('en')} streams × ${FIELDS} fields)`,
    value: quantile(times, 0.95), unit: 'ms', target: 50, comparison: '<',
    detail: `${times.length} keystrokes; median ${round(median(times), 2)} ms; session preview + row view + message encode/decode (largest ${Math.round(bytes / 1024)} KB); loading every stream's fields in memory first took ${round(loadMs, 0)} ms`,
  });
}

if (require.main === module) {
  void rulesPanelCost((f) => process.stdout.write(`${f.area} · ${f.name}: ${round(f.value, 2)}${f.unit ? ` ${f.unit}` : ''}${f.target !== undefined ? ` (target ${f.comparison} ${f.target})` : ''}  ${f.detail ?? ''}\n`));
}
