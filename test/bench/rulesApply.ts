// Bench part "rules": what applying a rule change sends, counted from the emulator's own request
// log. The selection panel's host session (src/panels/selection/session.ts, no `vscode` import)
// runs in Node against the emulator over real HTTP, with a 10,000 × 20 catalogue: `*.*` is staged
// and applied first, then `!*.email` and `!raw_*` are added and applied.
// Standalone: `node --import tsx test/bench/rulesApply.ts`.
import { performance } from 'node:perf_hooks';
import { StitchClient } from '../../src/api';
import { SelectionSession } from '../../src/panels/selection/session';
import { startEmulator } from '../emulator';
import type { Figure } from './report';
import { round } from './support';

const STREAMS = 10_000;
const FIELDS = 20;
const FIRST = '*.*';
const CHANGED = '*.*\n!*.email\n!raw_*';

interface Logged { method: string; path: string; status: number | null }

export async function rulesApplyBench(add: (f: Figure) => void): Promise<void> {
  const em = await startEmulator({ port: 0, quiet: true, scheduler: false });
  try {
    const control = async (method: string, p: string, body?: unknown): Promise<unknown> => {
      const r = await fetch(`${em.url}/__emulator/${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const t = await r.text();
      if (!r.ok) throw new Error(`emulator ${method} ${p}: ${r.status} ${t}`);
      return t ? JSON.parse(t) as unknown : undefined;
    };
    const account = em.accounts[0]!;
    const { ids } = (await control('POST', 'seed/sources', { count: 1, clientId: account.clientId })) as { ids: number[] };
    const sourceId = ids[0]!;
    await control('POST', `sources/${sourceId}/catalogue`, { streams: STREAMS, fields: FIELDS });
    const client = new StitchClient({ baseUrl: em.url, getToken: async () => account.token, retry: false });
    const session = new SelectionSession(() => client, sourceId);
    await session.load();

    const applyRules = async (text: string) => {
      const staged = await session.applyRules(text);
      if (staged.refused.length > 0) throw new Error(`the rules could not be staged: ${staged.refused.slice(0, 3).join(' ')}`);
      await control('DELETE', 'requests');
      const started = performance.now();
      const outcome = await session.apply();
      const ms = performance.now() - started;
      const log = (await control('GET', 'requests')) as Logged[];
      return { ms, outcome, puts: log.filter((r) => r.method === 'PUT' && /\/streams\/metadata$/.test(r.path)), all: log };
    };
    let started = performance.now();
    const first = await applyRules(FIRST); // loads every stream's schema (10,000 GETs) before staging
    const firstMs = performance.now() - started;
    started = performance.now();
    const change = await applyRules(CHANGED);
    const stageMs = performance.now() - started - change.ms;
    const others = change.all.filter((r) => !change.puts.includes(r));
    const statuses = [...new Set(change.puts.map((r) => r.status))].join(', ');
    add({
      area: 'Selection rules', name: `apply a rule change: PUT streams/metadata requests, from the emulator's log (${STREAMS.toLocaleString('en')} streams × ${FIELDS} fields)`,
      value: change.puts.length, unit: 'requests',
      detail: `"!*.email" and "!raw_*" added to an applied "*.*" through the panel's session over HTTP: ${change.outcome.appliedText}; statuses ${statuses}; other requests during Apply: ${others.length} (${[...new Set(others.map((r) => `${r.method} ${r.path.replace(/\d+/g, '{id}')}`))].join(', ') || 'none'}); staged in ${round(stageMs, 0)} ms, applied in ${round(change.ms, 0)} ms; the first "*.*" took ${first.puts.length} PUTs (${round(firstMs / 1000, 1)} s with every schema loaded)`,
    });
  } finally {
    await em.close();
  }
}

if (require.main === module) {
  void rulesApplyBench((f) => process.stdout.write(`${f.area} · ${f.name}: ${round(f.value, 2)}${f.unit ? ` ${f.unit}` : ''}  ${f.detail ?? ''}\n`));
}
