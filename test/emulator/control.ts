/**
 * The control plane under /__emulator/ (no auth; clearly not Stitch's API): reset, clock, faults,
 * request log and counters, job failures, and a few conveniences for tests and benchmarks.
 */
import { isoMillis } from './clock';
import { json, type Reply } from './errors';
import { FAULT_KINDS, type FaultKind, type FaultTable } from './faults';
import { injectFailure } from './jobs';
import { seedConfiguredSources } from './demo';
import { DEVIATION_NAMES, type DeviationSwitches } from './deviations';
import { isPlainObject, Router, type Ctx } from './router';
import type { AccountState, Phase, SourceRecord } from './state';
import type { World } from './world';

export interface RequestEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  authorization: boolean;
  host: 'api' | 'logs';
  at: string;
}

export interface ControlDeps {
  world: World;
  faults: FaultTable;
  deviations: DeviationSwitches;
  requests: RequestEntry[];
  counters: Map<string, number>;
  accounts: { token: string; clientId: number }[];
  reset(): void;
}

const bad = (message: string): Reply => json({ error: message }, 400);

function body(ctx: Ctx): Record<string, unknown> | undefined {
  if (ctx.bodyText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(ctx.bodyText);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function findAnySource(world: World, id: unknown): { acc: AccountState; source: SourceRecord } | undefined {
  for (const acc of Object.values(world.state.accounts)) {
    const source = acc.sources.find((s) => s.id === Number(id));
    if (source) return { acc, source };
  }
  return undefined;
}

export function controlRouter(deps: ControlDeps): Router {
  const { world, faults } = deps;
  const router = new Router();
  router
    .add('POST', '/__emulator/reset', () => {
      deps.reset();
      return json({ ok: true });
    })
    .add('GET', '/__emulator/clock', () => json({ now: isoMillis(world.clock.now()), speed: world.clock.speed }))
    .add('POST', '/__emulator/clock', (ctx) => {
      const b = body(ctx);
      if (!b) return bad('body must be a JSON object');
      try {
        if (b.speed !== undefined) world.clock.setSpeed(Number(b.speed));
        if (b.advanceSeconds !== undefined) world.clock.advance(Number(b.advanceSeconds));
      } catch (error) {
        return bad((error as Error).message);
      }
      return json({ now: isoMillis(world.clock.now()), speed: world.clock.speed });
    })
    .add('GET', '/__emulator/faults', () => json(faults.list()))
    .add('POST', '/__emulator/faults', (ctx) => {
      const b = body(ctx);
      if (!b || typeof b.path !== 'string' || !FAULT_KINDS.includes(b.kind as FaultKind)) {
        return bad(`need {"path": RegExp source, "kind": one of ${FAULT_KINDS.join('|')}}`);
      }
      try {
        new RegExp(b.path);
      } catch {
        return bad('path is not a valid RegExp');
      }
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
      const fault = faults.add({
        path: b.path,
        kind: b.kind as FaultKind,
        ...(typeof b.method === 'string' ? { method: b.method } : {}),
        ...(num(b.status) !== undefined ? { status: num(b.status)! } : {}),
        ...(num(b.latencyMs) !== undefined ? { latencyMs: num(b.latencyMs)! } : {}),
        ...(num(b.retryAfter) !== undefined ? { retryAfter: num(b.retryAfter)! } : {}),
        ...(num(b.times) !== undefined ? { times: num(b.times)! } : {}),
      });
      return json({ id: fault.id });
    })
    .add('DELETE', '/__emulator/faults', () => {
      faults.clear();
      return json({ ok: true });
    })
    .add('DELETE', '/__emulator/faults/{id}', (ctx) => (faults.remove(ctx.params.id!) ? json({ ok: true }) : json({ error: 'no such fault' }, 404)))
    .add('GET', '/__emulator/deviations', () => json(deps.deviations.state()))
    .add('POST', '/__emulator/deviations', (ctx) => {
      const b = body(ctx);
      const unknown = b ? deps.deviations.set(b) : ['(not a JSON object)'];
      if (unknown.length > 0) return bad(`need {name: boolean} with names from ${DEVIATION_NAMES.join('|')}; not understood: ${unknown.join(', ')}`);
      return json(deps.deviations.state());
    })
    .add('DELETE', '/__emulator/deviations', () => {
      deps.deviations.clear();
      return json(deps.deviations.state());
    })
    .add('GET', '/__emulator/requests', () => json(deps.requests))
    .add('DELETE', '/__emulator/requests', () => {
      deps.requests.length = 0;
      return json({ ok: true });
    })
    .add('GET', '/__emulator/counters', () => json(Object.fromEntries(deps.counters)))
    .add('DELETE', '/__emulator/counters', () => {
      deps.counters.clear();
      return json({ ok: true });
    })
    .add('GET', '/__emulator/accounts', () => json(deps.accounts))
    .add('POST', '/__emulator/jobs/fail', (ctx) => {
      const b = body(ctx);
      const phases: Phase[] = ['discovery', 'tap', 'target'];
      if (!b || !phases.includes(b.phase as Phase)) return bad('need {"sourceId": number, "phase": "discovery"|"tap"|"target"}');
      const found = findAnySource(world, b.sourceId);
      if (!found) return json({ error: `no source ${String(b.sourceId)}` }, 404);
      const exit = typeof b.exitStatus === 'number' ? b.exitStatus : 1;
      const description = typeof b.description === 'string' ? b.description : `${b.phase} failed with exit status ${exit}`;
      const appliesTo = injectFailure(world, found.acc, found.source.id, b.phase as Phase, exit, description);
      return json({ appliesTo });
    })
    .add('POST', '/__emulator/sources/{id}/catalogue', (ctx) => {
      // Resize one source's discovered catalogue (performance work); new stream ids are allocated.
      const b = body(ctx);
      const found = findAnySource(world, ctx.params.id);
      if (!found) return json({ error: `no source ${ctx.params.id}` }, 404);
      const streams = Number(b?.streams);
      const fields = Number(b?.fields ?? 20);
      if (!Number.isInteger(streams) || streams < 1 || !Number.isInteger(fields) || fields < 2) return bad('need {"streams": int >= 1, "fields"?: int >= 2}');
      found.source.catalogueSize = { streams, fields };
      found.source.selection = {};
      if (found.source.streamIdBase !== null) {
        found.source.streamIdBase = world.state.counters.stream + 1;
        world.state.counters.stream += streams;
      }
      world.dirty();
      return json({ ok: true });
    })
    .add('POST', '/__emulator/settings', (ctx) => {
      const b = body(ctx);
      if (!b) return bad('body must be a JSON object');
      const s = world.state.settings;
      if (typeof b.cronAllowed === 'boolean') s.cronAllowed = b.cronAllowed;
      if (typeof b.scheduler === 'boolean') s.scheduler = b.scheduler;
      if (typeof b.maxDestinations === 'number') s.maxDestinations = b.maxDestinations;
      if (typeof b.enforceAccess === 'boolean') s.enforceAccess = b.enforceAccess;
      if (typeof b.requireDestination === 'boolean') s.requireDestination = b.requireDestination;
      if (typeof b.hooksAllowed === 'boolean') s.hooksAllowed = b.hooksAllowed;
      world.dirty();
      return json(s);
    })
    .add('POST', '/__emulator/seed/sources', (ctx) => {
      // N fully configured sources, each with one finished extraction and loads: pagination and benchmarks.
      const b = body(ctx);
      const count = Number(b?.count);
      if (!Number.isInteger(count) || count < 1 || count > 5000) return bad('need {"count": 1..5000}');
      const acc = b?.clientId !== undefined ? world.state.accounts[String(b.clientId)] : Object.values(world.state.accounts)[0];
      if (!acc) return json({ error: 'no such account' }, 404);
      const ids = seedConfiguredSources(world, acc, count);
      return json({ ids });
    });
  return router;
}
