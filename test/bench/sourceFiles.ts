// Bench part "files" (issue 19): plan time of a source file for a 10,000-stream source ÷ a
// 100-stream one (target ≤ 3×), and the requests an apply makes when one property changed
// (target: 1 write). Runs in Node against the emulator over real HTTP: the plan is the extension's
// engine (src/files/engine.ts), which has no `vscode` import. Standalone: `npx tsx test/bench/sourceFiles.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { StitchClient } from '../../src/api';
import { exportSource } from '../../src/core/sourceFile/exportFile';
import type { SourceFile } from '../../src/core/sourceFile/model';
import type { HashRecord } from '../../src/core/sourceFile/secretHash';
import { discoveryDone, FileEngine } from '../../src/files/engine';
import { SourceStore } from '../../src/state/sourceStore';
import { startEmulator, type RunningEmulator } from '../emulator';
import type { Figure } from './report';

const REPS = 15;

/** An emulator with two configured Recurly sources, 100 and 10,000 streams, every 10th selected as its file declares. */
interface BenchSources {
  em: RunningEmulator;
  client: StitchClient;
  store: SourceStore;
  engine: FileEngine;
  control(method: string, p: string, body?: unknown): Promise<unknown>;
  fileFor(name: string, streams: number, every: number): SourceFile;
  small: Side;
  large: Side;
  close(): Promise<void>;
}

interface Side { file: SourceFile; id: number; selected: number; plans: number[]; cpu: number[]; reads: number[]; calls: number }

async function benchSources(): Promise<BenchSources> {
  const em = await startEmulator({ port: 0, quiet: true, scheduler: false, jobSeconds: 1 });
  const control = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${em.url}/__emulator/${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const t = await r.text();
    return t ? JSON.parse(t) as unknown : undefined;
  };
  try {
    await control('POST', 'clock', { speed: 0 });
    const token = em.accounts[0]!.token;
    const client = new StitchClient({ baseUrl: em.url, getToken: async () => token, jobsBudget: false, retry: false });
    const store = new SourceStore(() => client);
    const hashes = new Map<string, HashRecord>();
    const engine = new FileEngine({
      api: client as never, store, account: em.accounts[0]!.clientId, hashes: { get: (k) => hashes.get(k), set: (k, r) => { if (r) hashes.set(k, r); } },
      resolveSecret: async () => 'bench-key',
      waitForDiscovery: async (id) => {
        for (;;) { const s = await store.get(id); if (discoveryDone(s)) return s; await control('POST', 'clock', { advanceSeconds: 5 }); }
      },
    });
    const fileFor = (name: string, streams: number, every: number): SourceFile => ({
      type: 'platform.recurly', displayName: name,
      properties: { subdomain: name.toLowerCase().replace(/\W/g, ''), quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: { $secret: 'bench/api_key' } },
      schedule: { everyMinutes: 60 },
      // Every `every`-th stream selected: the plan compares the whole catalogue either way.
      streams: Object.fromEntries(Array.from({ length: Math.ceil(streams / every) }, (_, i) => [`stream_${String(i * every).padStart(5, '0')}`, {}])),
    });
    const prepare = async (streams: number): Promise<Side> => {
      const first = fileFor(`Bench ${streams}`, 0, 1);
      const created = await engine.apply(first, await engine.plan(first));
      if (!created.ok || !created.createdId) throw new Error(`create failed: ${String(created.steps.find((s) => !s.ok)?.error)}`);
      while (!discoveryDone(await store.get(created.createdId))) await control('POST', 'clock', { advanceSeconds: 5 });
      await control('POST', `sources/${created.createdId}/catalogue`, { streams, fields: 20 });
      const names = (await client.listStreams(created.createdId)).map((s) => s.tap_stream_id);
      if (names.length !== streams) throw new Error(`expected ${streams} streams, found ${names.length}`);
      const selected = names.filter((_, i) => i % 10 === 0);
      const file: SourceFile = { ...first, id: created.createdId, streams: Object.fromEntries(selected.map((n) => [n, {}])) };
      // The first plan selects the declared streams; the timed ones compare a configured source.
      const planned = await engine.plan(file);
      if (planned.plan.calls.length) await engine.apply(file, planned);
      return { file, id: created.createdId, selected: selected.length, plans: [], cpu: [], reads: [], calls: 0 };
    };
    const small = await prepare(100);
    const large = await prepare(10_000);
    return { em, client, store, engine, control, fileFor, small, large, close: async () => { store.dispose(); await em.close(); } };
  } catch (error) {
    await em.close();
    throw error;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function sourceFilesBench(add: (f: Figure) => void): Promise<void> {
  const { client, engine, control, fileFor, small, large, close } = await benchSources();
  try {
    // One size after the other, not interleaved: interleaved, the small plans would collect the large
    // ones' garbage on their clock. The CPU time below is the figure the machine's load moves least.
    for (const side of [small, large]) {
      for (let i = 0; i < REPS; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        side.calls = (await engine.plan(side.file)).plan.calls.length;
        side.plans.push(performance.now() - t);
        // CPU time of this process (extension code and emulator alike): what the plan costs, less the other processes' turns.
        const used = process.cpuUsage(c);
        side.cpu.push((used.user + used.system) / 1000);
        // What the catalogue read alone costs: the part of a plan no planning code can avoid.
        const r = performance.now();
        await client.listStreams(side.id);
        side.reads.push(performance.now() - r);
      }
    }
    add({ area: 'Source files', name: 'GET streams alone, 100 streams (median)', value: median(small.reads), unit: 'ms' });
    add({ area: 'Source files', name: 'GET streams alone, 10000 streams (median)', value: median(large.reads), unit: 'ms' });
    add({ area: 'Source files', name: 'plan, 100 streams (median)', value: median(small.plans), unit: 'ms', detail: `GET source + GET streams + plan; ${small.selected} streams declared; ${REPS} runs; ${small.calls} calls left` });
    add({ area: 'Source files', name: 'plan, 10,000 streams (median)', value: median(large.plans), unit: 'ms', detail: `${large.selected} streams declared; ${large.calls} calls left` });
    add({ area: 'Source files', name: 'plan engine alone (Node, no editor) 10,000 ÷ 100 streams', value: median(large.plans) / median(small.plans), unit: '×', detail: 'the engine in Node against a local emulator: no network delay and no editor, so the catalogue read is all there is to it; the Plan command in VS Code, below, carries the target' });
    add({ area: 'Source files', name: 'plan CPU time 10,000 ÷ 100 streams', value: median(large.cpu) / median(small.cpu), unit: '×', detail: `medians ${median(large.cpu).toFixed(1)} ÷ ${median(small.cpu).toFixed(1)} ms of this process's CPU (client and emulator), steadier than the wall clock on shared cores` });
    // The floor under that ratio: Stitch's streams list has no paging or filter, so a plan reads it whole.
    add({ area: 'Source files', name: 'GET streams alone, 10,000 ÷ 100 streams', value: median(large.reads) / median(small.reads), unit: '×', detail: 'the same run; the part of the ratio no planning code can remove' });

    // One property changed on an in-sync source: the apply's writes.
    let file = fileFor('Bench One', 0, 1);
    const created = await engine.apply(file, await engine.plan(file));
    file = { ...file, id: created.createdId, streams: undefined };
    const synced = await engine.apply(file, await engine.plan(file));
    if (!synced.ok) throw new Error('sync failed');
    file = { ...file, properties: { ...file.properties, quota_limit: '45' } };
    const planned = await engine.plan(file);
    await control('DELETE', 'requests');
    await engine.apply(file, planned);
    const log = (await control('GET', 'requests')) as Array<{ method: string; path: string }>;
    const writes = log.filter((r) => r.method !== 'GET');
    add({ area: 'Source files', name: 'apply of one changed property: writes', value: writes.length, target: 1, comparison: '<=', detail: `${writes.map((w) => `${w.method} ${w.path}`).join(', ')}; ${log.length - writes.length} read(s) to check the plan is current` });
  } finally {
    await close();
  }
}

/** The driver's side of the bench agent: what `planInVsCode` needs of it. */
interface Agent { call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T> }

const VSCODE_REPS = 11;

/**
 * The Plan command as a user runs it, in the real VS Code (issue 19's target): the file is open, Plan
 * reads the live source and its catalogue, plans, and opens the diff editor; timed from the command
 * to the diff editor opened, 100 and 10,000 streams. Files written by the extension's own export.
 */
export async function planInVsCode(agent: Agent, workspace: string, add: (f: Figure) => void): Promise<void> {
  const { em, client, control, small, large, close } = await benchSources();
  try {
    await agent.call('signIn', { name: 'Files bench', baseUrl: em.url, token: em.accounts[0]!.token });
    const sides = [{ side: small, label: '100 streams', ms: [] as number[] }, { side: large, label: '10,000 streams', ms: [] as number[] }];
    const paths: string[] = [];
    for (const { side, label } of sides) {
      const source = await client.getSource(side.id);
      const file = path.join(workspace, `bench-plan-${side.id}.stitch.jsonc`);
      fs.writeFileSync(file, exportSource(source, await client.listStreams(side.id)).text);
      paths.push(file);
      await agent.call('openFile', { path: file });
      await delay(1500); // the drift check a file gets when it opens is not part of the plan
      process.stdout.write(`  ${label}: file written and open\n`);
    }
    // One size after the other (as in Node): the small plans don't collect the large ones' garbage.
    // Each plan opens its diff in the same preview tab, as a user planning again would.
    for (const [i, s] of sides.entries()) {
      await agent.call('execOnFile', { command: 'stitch.files.plan', path: paths[i] }); // warm-up, not counted
      await control('DELETE', 'requests');
      for (let r = 0; r < VSCODE_REPS; r++) {
        s.ms.push((await agent.call<{ ms: number }>('execOnFile', { command: 'stitch.files.plan', path: paths[i] })).ms);
      }
      const log = (await control('GET', 'requests')) as Array<{ method: string; path: string }>;
      add({ area: 'Source files', name: `Plan command in VS Code, ${s.label} (median)`, value: median(s.ms), unit: 'ms', detail: `command → diff editor opened; ${VSCODE_REPS} runs (${s.ms.map((m) => m.toFixed(0)).join(', ')} ms); ${log.length / VSCODE_REPS} requests per plan (${[...new Set(log.map((q) => `${q.method} ${q.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`))].join(', ')})` });
    }
    add({ area: 'Source files', name: 'Plan command in VS Code, 10,000 ÷ 100 streams', value: median(sides[1]!.ms) / median(sides[0]!.ms), unit: '×', target: 3, comparison: '<=', detail: 'the same window and run, side by side; local emulator, no network delay' });
    await agent.call('exec', { command: 'workbench.action.closeAllEditors' });
  } finally {
    await close();
  }
}

if (require.main === module) {
  void sourceFilesBench((f) => process.stdout.write(`${f.area} · ${f.name}: ${f.value.toFixed(2)}${f.unit ? ` ${f.unit}` : ''}${f.target !== undefined ? ` (target ${f.comparison} ${f.target})` : ''}${f.detail ? `  ${f.detail}` : ''}\n`))
    .catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });
}
