/**
 * Property test over real HTTP: for many generated source files, apply the plan to the emulator,
 * plan again (empty), apply again (0 requests); rotating one secret is one PUT carrying only it.
 */
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import type { SourceFile } from '../../../src/core/sourceFile/model';
import { startHarness, type Harness } from '../api/emulator-harness';
import { apiRequests, testEngine } from './support';

const STREAMS = ['accounts', 'adjustments', 'coupons', 'invoices', 'plans', 'subscriptions', 'transactions'];
const FREQUENCIES = [1, 30, 60, 360, 720, 1440];
const CRONS = ['0 0 6 ? * MON-FRI', '0 30 2 * * ?', '0 0 0/4 * * ?'];

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(seed: number): SourceFile {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const streams = STREAMS.filter(() => r() < 0.5);
  const schedule = r() < 0.5 ? { cron: pick(CRONS) } : r() < 0.5 ? { everyMinutes: pick(FREQUENCIES) } : { everyMinutes: pick(FREQUENCIES), anchor: '2024-03-01T06:00:00.000Z' };
  return {
    type: 'platform.recurly',
    displayName: `Gen ${seed} ${pick(['Prod', 'Staging', 'EU'])}`,
    properties: {
      subdomain: `acme${seed}`,
      // The card takes an integer or a digit string: both must plan clean after the round trip.
      quota_limit: r() < 0.5 ? String(10 + Math.floor(r() * 90)) : 10 + Math.floor(r() * 90),
      start_date: `202${Math.floor(r() * 5)}-0${1 + Math.floor(r() * 9)}-01T00:00:00Z`,
      api_key: { $secret: `gen-${seed}/api_key` },
    },
    schedule,
    ...(r() < 0.8 ? { streams: Object.fromEntries(streams.map((s) => [s, {}])) } : {}),
  };
}

describe('files: plan/apply property (emulator)', function () {
  this.timeout(120_000);
  let h: Harness;
  let client: StitchClient;

  before(async () => {
    h = await startHarness();
    client = h.client({ retry: { limit: 0 } }).client;
    await h.reset();
    await h.control('POST', '/__emulator/clock', { speed: 0 });
  });
  after(async () => { await h?.emu.close(); });

  const CASES = 24;
  it(`${CASES} generated sources: apply, plan again is empty, a second apply makes 0 requests; one rotated secret is one PUT of only it`, async () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const { engine, secrets, store } = testEngine(h, client);
      let file = generate(seed);
      secrets.set(`gen-${seed}/api_key`, `key-${seed}-one`);
      const first = await engine.plan(file);
      assert.equal(first.plan.status, 'not-created', `seed ${seed}: ${JSON.stringify(first.plan.problems)}`);
      assert.equal(first.plan.calls[0]?.summary.startsWith('POST /v4/sources {'), true);
      const applied = await engine.apply(file, first);
      assert.ok(applied.ok, `seed ${seed}: ${String(applied.steps.find((s) => !s.ok)?.error)}`);
      assert.ok(applied.createdId, 'the new id comes back');
      file = { ...file, id: applied.createdId, account: h.clientId };
      const live = await client.getSource(file.id!);
      if (file.schedule && 'cron' in file.schedule) assert.equal(live.properties.cron_expression, file.schedule.cron);
      else if (file.schedule) assert.equal(String(live.properties.frequency_in_minutes), String(file.schedule.everyMinutes));
      if (file.streams) {
        const selected = (await client.listStreams(file.id!)).filter((s) => s.selected).map((s) => s.tap_stream_id).sort();
        assert.deepEqual(selected, Object.keys(file.streams).sort(), `seed ${seed}: the selection is the file's`);
      }

      const second = await engine.plan(file);
      assert.deepEqual(second.plan.calls.map((c) => c.summary), [], `seed ${seed}: plan after apply is empty\n${second.plan.fileView}\n${second.plan.liveView}`);
      assert.equal(second.plan.status, 'in-sync');
      assert.equal(second.plan.fileView, second.plan.liveView, 'the two normalised views are identical');
      await h.clearRequests();
      const again = await engine.apply(file, second);
      assert.deepEqual(again.steps, []);
      assert.equal((await apiRequests(h)).length, 0, `seed ${seed}: a second apply makes 0 requests`);

      secrets.set(`gen-${seed}/api_key`, `key-${seed}-two`);
      const rotated = await engine.plan(file);
      assert.equal(rotated.plan.calls.length, 1, `seed ${seed}: one call`);
      const call = rotated.plan.calls[0]!;
      assert.equal(call.method, 'PUT');
      assert.equal(call.path, `/v4/sources/${file.id}`);
      assert.deepEqual(Object.keys(call.body), ['properties']);
      assert.deepEqual(Object.keys(call.body.properties as object), ['api_key'], 'only the rotated secret');
      assert.match(call.summary, /api_key \(secret, changed\)/);
      assert.doesNotMatch(JSON.stringify(rotated.plan), /key-\d+-two/, 'the value is never in the plan');
      await h.clearRequests();
      const rotatedApply = await engine.apply(file, rotated);
      assert.ok(rotatedApply.ok);
      const writes = (await apiRequests(h)).filter((q) => q.method !== 'GET');
      assert.deepEqual(writes.map((q) => `${q.method} ${q.path}`), [`PUT /v4/sources/${file.id}`], 'exactly one write');
      assert.equal((await engine.plan(file)).plan.calls.length, 0, 'in sync again');
      store.dispose();
    }
  });
});
