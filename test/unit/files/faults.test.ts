/**
 * The fault matrix during apply (emulator over real HTTP): whichever call fails and however, nothing
 * is lost, the steps say what succeeded, and the next plan holds only what is left; applying it
 * reaches in-sync with no duplicate source.
 */
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import type { SourceFile } from '../../../src/core/sourceFile/model';
import { startHarness, type FaultSpec, type Harness } from '../api/emulator-harness';
import { testEngine } from './support';

const KINDS: FaultSpec['kind'][] = ['status', 'html', 'malformed', 'truncated', 'reset'];
const CALLS = [
  { name: 'the create', method: 'POST', path: '^/v4/sources$', kind: 'create' },
  { name: 'the selection after a create', method: 'PUT', path: '/streams/metadata$', kind: 'selection' },
  { name: 'a properties update', method: 'PUT', path: '^/v4/sources/\\d+$', kind: 'properties' },
] as const;

describe('files: apply under faults (emulator)', function () {
  this.timeout(120_000);
  let h: Harness;
  let client: StitchClient;

  before(async () => {
    h = await startHarness();
    client = h.client({ retry: { limit: 0 }, timeoutMs: 2_000 }).client;
  });
  after(async () => { await h?.emu.close(); });

  for (const call of CALLS) {
    it(`${call.name} failing (${KINDS.join(', ')}): nothing lost, the rest planned, then in sync`, async () => {
      for (const kind of KINDS) {
        await h.reset();
        await h.clearFaults();
        await h.control('POST', '/__emulator/clock', { speed: 0 });
        const t = testEngine(h, client);
        t.secrets.set('f/api_key', 'k');
        let file: SourceFile = {
          type: 'platform.recurly', displayName: `Fault ${call.kind} ${kind}`,
          properties: { subdomain: 'acme', quota_limit: '30', start_date: '2024-01-01T00:00:00Z', api_key: { $secret: 'f/api_key' } },
          schedule: { everyMinutes: 60 }, streams: { accounts: {} },
        };
        if (call.kind === 'properties') {
          const created = await t.engine.apply(file, await t.engine.plan(file));
          assert.ok(created.ok);
          file = { ...file, id: created.createdId, properties: { ...file.properties, quota_limit: '45' }, streams: { accounts: {}, plans: {} } };
        }
        const planned = await t.engine.plan(file);
        await h.fault({ method: call.method, path: call.path, kind, times: 1 });
        const result = await t.engine.apply(file, planned);
        const label = `${call.kind} × ${kind}`;
        assert.equal(result.ok, false, label);
        const failed = result.steps.find((s) => !s.ok)!;
        assert.equal(failed.call.kind, call.kind, label);
        assert.ok(result.steps.slice(0, -1).every((s) => s.ok), `${label}: the steps before the failure are reported done`);
        await h.clearFaults();
        const id = file.id ?? result.createdId;
        // A create that happened although its answer was lost is found and its id reported.
        const made = (await client.listSources()).find((s) => s.display_name === file.displayName && !s.deleted_at);
        if (made) assert.equal(id, made.id, `${label}: the id of the source that exists is known`);
        else assert.equal(id, undefined, label);
        const next = await t.engine.plan({ ...file, id });
        const finish = await t.engine.apply({ ...file, id }, next);
        assert.ok(finish.ok, `${label}: ${String(finish.steps.find((s) => !s.ok)?.error)}`);
        const finalId = id ?? finish.createdId;
        assert.equal((await t.engine.plan({ ...file, id: finalId })).plan.status, 'in-sync', label);
        const same = (await client.listSources()).filter((s) => s.display_name === file.displayName && !s.deleted_at);
        assert.equal(same.length, 1, `${label}: one source, no duplicate`);
        t.store.dispose();
      }
    });
  }
});
