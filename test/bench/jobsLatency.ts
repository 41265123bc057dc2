// Bench part "latency" (issue 17): how long after a sync ends its result notification comes, with the
// jobs budget still met. Measured in the real VS Code against the emulator, both on manual clocks
// stepped together one second at a time, and over the poll policy alone for a wide mix of jobs.
import type { RunningEmulator } from '../emulator';
import { POLLER_SHARE, STITCH_LIMIT, WINDOW_MS } from '../../src/jobs/pollPolicy';
import { followJobs, maxInAnyWindow, median, randomJobs } from '../support/followSim';
import type { Figure } from './report';
import type { AgentChannel } from './support';

interface Snapshot { journal: Array<{ kind: string; sourceId?: number; text: string }> }

const STEP_S = 1;
const LIMIT_S = 120;

async function control(em: RunningEmulator, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${em.url}/__emulator/${p}`, { method, headers: body ? { 'content-type': 'application/json' } : undefined, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Syncs of one source whose jobs take `jobSeconds` (the emulator's setting), one after another. */
export async function latencyInVsCode(agent: AgentChannel, em: RunningEmulator, jobSeconds: number, syncs: number, add: (f: Figure) => void): Promise<void> {
  const accounts = (await control(em, 'GET', 'accounts')) as Array<{ token: string; clientId: number }>;
  // A seeded source has one earlier job of the same length: the history the poller predicts from.
  const seeded = (await control(em, 'POST', 'seed/sources', { count: 1, clientId: accounts[0]!.clientId })) as { ids: number[] };
  const sourceId = seeded.ids[0]!;
  await agent.call('signIn', { name: 'Bench latency', baseUrl: em.url, token: accounts[0]!.token });
  await control(em, 'POST', 'clock', { speed: 0 });
  const jobs = (args: unknown) => agent.call<{ result: Snapshot }>('exec', { command: 'stitch.internal.jobs', args: [args] });
  await jobs({ op: 'manualClock' });
  await control(em, 'DELETE', 'counters');
  const delays: number[] = [];
  let simulated = 0;
  try {
    for (let n = 0; n < syncs; n++) {
      await jobs({ op: 'clearJournal' });
      await agent.call('exec', { command: 'stitch.syncNow', args: [{ sourceId }] });
      let seen: number | undefined;
      for (let s = STEP_S; s <= LIMIT_S && seen === undefined; s += STEP_S) {
        await control(em, 'POST', 'clock', { advanceSeconds: STEP_S });
        const snap = (await jobs({ op: 'advance', ms: STEP_S * 1000 })).result;
        simulated += STEP_S;
        if (snap.journal.some((e) => (e.kind === 'info' || e.kind === 'error' || e.kind === 'warning') && e.sourceId === sourceId && /succeeded|failed|stopped/.test(e.text))) seen = s;
      }
      if (seen === undefined) throw new Error(`no result notification within ${LIMIT_S} s of Sync Now`);
      delays.push(seen - jobSeconds);
    }
  } finally {
    await jobs({ op: 'realClock' });
  }
  const counters = (await control(em, 'GET', 'counters')) as Record<string, number>;
  const jobsRequests = Object.entries(counters).filter(([k]) => /extractions|loads|\{logs\}/.test(k)).reduce((a, [, v]) => a + v, 0);
  add({ area: 'Sync result latency', name: `median delay from a ${jobSeconds} s job's end to its notification (real VS Code, ${syncs} syncs)`, value: median(delays), unit: 's', target: 10, comparison: '<=', detail: `each: ${delays.join(', ')} s; steps of ${STEP_S} s on both clocks` });
  add({ area: 'Sync result latency', name: `jobs-endpoint requests during those syncs (${Math.round(simulated / 60)} simulated min)`, value: jobsRequests, unit: 'requests', target: STITCH_LIMIT * Math.max(1, Math.ceil((simulated * 1000) / WINDOW_MS)), comparison: '<=', detail: `Stitch allows ${STITCH_LIMIT} per 10 minutes; the poller's share is ${POLLER_SHARE}` });
}

/** The policy alone over 200 seeded jobs (10 s - 15 min, 70 % with history): median and worst delay, now and at a plain 30 s. */
export function latencyOfPolicy(add: (f: Figure) => void): void {
  const jobs = randomJobs(200);
  const now = jobs.map((j) => followJobs([j]));
  const old = jobs.map((j) => followJobs([j], false));
  const delays = now.map((r) => r.delays[0]! / 1000);
  const before = old.map((r) => r.delays[0]! / 1000);
  const maxWindow = Math.max(...now.map((r) => maxInAnyWindow(r.polls)));
  add({ area: 'Sync result latency', name: 'median delay, poll policy over 200 jobs of 10 s - 15 min', value: median(delays), unit: 's', target: 10, comparison: '<=', detail: `a plain 30 s cadence: median ${median(before).toFixed(1)} s; worst now ${Math.max(...delays).toFixed(1)} s (then ${Math.max(...before).toFixed(1)} s)` });
  add({ area: 'Sync result latency', name: 'most polls in any 10 minutes, same jobs', value: maxWindow, unit: 'requests', target: POLLER_SHARE, comparison: '<=', detail: `the poller's share of Stitch's ${STITCH_LIMIT}` });
}

