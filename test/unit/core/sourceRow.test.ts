import * as assert from 'node:assert/strict';
import type { ConnectionCheck, Extraction, Source } from '../../../src/api';
import { latestBySource, summariseExtraction } from '../../../src/core/sourceItems';
import { clock, lastCheckFrom, sourceRow, type LastCheck, type LastExtraction, type RowSource } from '../../../src/core/sourceRow';
import { startEmulator, type RunningEmulator } from '../../emulator';

const NOW = new Date('2026-11-26T12:00:00Z');
const FIVE_H_AGO = '2026-11-26T07:00:00Z';
const NEXT = '2026-11-26T12:48:00Z';
const PG_MESSAGE = 'FATAL:  password authentication failed for user "stitch"';

const STEPS = ['form', 'oauth', 'discover_schema', 'field_selection', 'fully_configured'] as const;
const CHECKS: Record<string, LastCheck> = {
  none: { status: 'none' },
  running: { status: 'running', startedAt: '2026-11-26T11:59:50Z' },
  succeeded: { status: 'succeeded', at: FIVE_H_AGO },
  failed: { status: 'failed', at: FIVE_H_AGO, message: PG_MESSAGE },
};
const PAUSES = ['active', 'user', 'system'] as const;
const LASTS: Record<string, LastExtraction | undefined> = {
  never: undefined,
  running: { outcome: 'running', at: '2026-11-26T11:59:00Z' },
  succeeded: { outcome: 'succeeded', at: '2026-11-26T11:00:00Z' },
  failed: { outcome: 'failed', failedPhase: 'tap', description: '401 Unauthorized', at: '2026-11-26T11:00:00Z' },
  terminated: { outcome: 'terminated', description: 'Terminated', at: '2026-11-26T11:00:00Z' },
};

function source(step: string, pause: typeof PAUSES[number]): RowSource {
  const index = STEPS.indexOf(step as typeof STEPS[number]) + 1;
  return {
    id: 7, type: 'platform.hubspot', name: 'hubspot', display_name: 'HubSpot', deleted_at: null,
    paused_at: pause === 'user' ? '2026-11-25T00:00:00Z' : null,
    system_paused_at: pause === 'system' ? '2026-11-25T00:00:00Z' : null,
    report_card: { current_step: index, current_step_type: step, steps: STEPS.map((type) => ({ type })) },
    schedule: step === 'fully_configured' && pause === 'active' ? { type: 'interval', unit: 'minute', interval: 60, next_fire_time: NEXT } : null,
  };
}

describe('source row model: every setup step x last check x pause x last extraction', () => {
  let count = 0;
  for (const step of STEPS) for (const [checkName, check] of Object.entries(CHECKS)) for (const pause of PAUSES) for (const [lastName, last] of Object.entries(LASTS)) {
    count++;
    it(`${step} · check ${checkName} · ${pause} · last ${lastName}`, () => {
      const row = sourceRow({ source: source(step, pause), last, check, now: NOW });
      const configured = step === 'fully_configured';
      const syncRunning = last?.outcome === 'running';
      assert.equal(row.label, 'HubSpot');
      assert.ok(row.description.length > 0, 'every row has a status');
      assert.ok(row.icon.length > 0 && row.tooltip.startsWith('HubSpot (platform.hubspot)'));
      assert.match(row.contextValue, new RegExp(`\\bstep-${step}\\b`));
      assert.match(row.contextValue, new RegExp(`\\bcheck-${checkName}\\b`), 'the check state is a context token');
      // Step: the tooltip always names it; a row in setup says "step k of n" unless the check failed.
      const index = STEPS.indexOf(step) + 1;
      assert.match(row.tooltip, configured ? /Fully configured/ : new RegExp(`Step ${index} of 5`));
      // "checking" only while a check runs, and then always (in setup).
      const checking = /checking connection/.test(row.description);
      assert.equal(checking, !configured && checkName === 'running', `checking shown: ${row.description}`);
      if (checking && !syncRunning) assert.equal(row.icon, 'loading~spin');
      // A failed check: error icon, "connection check failed · 5 h ago", Stitch's message, the fix inline.
      if (!configured && checkName === 'failed') {
        assert.match(row.description, /^connection check failed · 5 h ago/);
        assert.ok(row.tooltip.includes(PG_MESSAGE), 'Stitch\'s message is in the tooltip');
        if (!syncRunning) {
          assert.equal(row.icon, 'error');
          assert.equal(row.action?.command, 'stitch.editSource');
          assert.match(row.contextValue, /\bcheck-failed\b/);
        }
      } else {
        assert.doesNotMatch(row.description, /check failed/);
        if (row.icon === 'error') assert.equal(last?.outcome, 'failed', 'an error icon has a failure behind it');
      }
      if (checkName === 'failed') assert.match(row.tooltip, /Connection check failed · 5 h ago/);
      if (checkName === 'running') assert.match(row.tooltip, /connection check is running/);
      if (checkName === 'none') assert.match(row.tooltip, /No connection check has run yet/);
      // Succeeded but Stitch has not moved on from discovery: told as discovery, not as checking.
      if (step === 'discover_schema' && checkName === 'succeeded') {
        assert.match(row.description, /connection ok, discovering streams/);
        assert.match(row.tooltip, /Stitch is discovering the streams/);
      }
      if (step === 'discover_schema' && checkName === 'none') assert.match(row.description, /waiting for a connection check/);
      // OAuth: the wait is the user's, in Stitch's web app.
      if (step === 'oauth' && checkName !== 'failed' && checkName !== 'running') {
        assert.match(row.description, /step 2 of 5: authorize in Stitch/);
        assert.match(row.tooltip, /authorize access.*Stitch web app/);
        assert.equal(row.action?.command, 'stitch.openInStitch');
        assert.match(row.contextValue, /\bneeds-oauth\b/);
      }
      // Pause.
      if (pause === 'user') { assert.match(row.description, /\bpaused\b/); assert.match(row.tooltip, /Paused since/); assert.match(row.contextValue, /\bpaused\b/); }
      if (pause === 'system') { assert.match(row.description, /paused by Stitch/); assert.match(row.tooltip, /Paused by Stitch since/); }
      if (pause === 'active') { assert.doesNotMatch(row.description, /paused/); assert.match(row.contextValue, /\bactive\b/); }
      // Last extraction.
      if (syncRunning) { assert.equal(row.icon, 'sync~spin'); assert.match(row.description, /syncing…/); }
      else if (last) {
        assert.match(row.description, new RegExp(`${last.outcome} 1 h ago`));
        assert.match(row.tooltip, new RegExp(`Last extraction: ${last.outcome}`));
      }
      // Never synced: a configured source says so, with its next run when Stitch scheduled one.
      assert.equal(row.neverSynced, configured && !last);
      if (configured && !last) {
        assert.match(row.contextValue, /\bnever-synced\b/);
        assert.match(row.tooltip, /Never synced/);
        if (pause === 'active') assert.match(row.description, /^never synced · next run 12:48 UTC$/);
        else assert.doesNotMatch(row.description, /next run/);
      }
      if (configured && !syncRunning && pause === 'active' && last?.outcome === 'succeeded') assert.equal(row.icon, 'pass');
      if (!configured && pause === 'active' && !last && checkName === 'none' && step !== 'oauth') assert.equal(row.icon, 'tools');
    });
  }
  it('covers 5 steps x 4 checks x 3 pause states x 5 last extractions', () => assert.equal(count, 300));

  it('reads Stitch\'s connection check objects: running, succeeded, failed with the discovery message, none (404)', () => {
    const base: ConnectionCheck = { name: 'c', mode: 'check', status: 'running', start_time: FIVE_H_AGO, completion_time: null, error: false,
      check_exit_status: null, discovery_exit_status: null, discovery_error_message: null, tap_exit_status: null, tap_error_message: null, target_exit_status: null, target_error_message: null };
    assert.deepEqual(lastCheckFrom(base), { status: 'running', startedAt: FIVE_H_AGO });
    const ok: ConnectionCheck = { ...base, status: 'succeeded', completion_time: '2026-11-26T07:00:02Z', check_exit_status: 0, discovery_exit_status: 0 };
    assert.deepEqual(lastCheckFrom(ok), { status: 'succeeded', at: '2026-11-26T07:00:02Z' });
    const failed: ConnectionCheck = { ...base, status: 'failed', error: true, completion_time: '2026-11-26T07:00:04Z', discovery_exit_status: 1, discovery_error_message: PG_MESSAGE };
    assert.deepEqual(lastCheckFrom(failed), { status: 'failed', at: '2026-11-26T07:00:04Z', message: PG_MESSAGE });
    assert.match((lastCheckFrom({ ...base, status: 'failed', completion_time: '2026-11-26T07:00:04Z' }) as { message: string }).message, /without a message/);
    assert.deepEqual(lastCheckFrom(null), { status: 'none' });
  });

  it('an unreadable check claims nothing: the step is named, not "checking"', () => {
    const row = sourceRow({ source: source('discover_schema', 'active'), check: { status: 'unknown', error: 'network down' }, now: NOW });
    assert.equal(row.description, 'step 3 of 5: waiting for a connection check');
    assert.match(row.tooltip, /could not be read: network down/);
    assert.doesNotMatch(row.contextValue, /check-/);
  });

  it('writes next runs in UTC: the time today, the date on another day', () => {
    assert.equal(clock('2026-11-26T10:48:00Z', NOW), '10:48 UTC');
    assert.equal(clock('2026-12-02T09:05:00Z', NOW), 'Dec 2, 09:05 UTC');
  });

  describe('the demo account, as the emulator\'s API tells it', () => {
    let em: RunningEmulator;
    before(async () => { em = await startEmulator({ port: 0, quiet: true, demo: true }); });
    after(async () => { await em.close(); });

    it('Production Postgres shows its failed check with Stitch\'s message; no row says "checking"', async () => {
      const headers = { authorization: `Bearer ${em.accounts[0].token}` };
      const sources = (await (await fetch(`${em.url}/v4/sources`, { headers })).json()) as Source[];
      const page = (await (await fetch(`${em.url}/v4/${em.accounts[0].clientId}/extractions`, { headers })).json()) as { data: Extraction[] };
      const latest = latestBySource(page.data);
      const now = new Date();
      for (const s of sources) {
        const response = await fetch(`${em.url}/v4/sources/${s.id}/last-connection-check`, { headers });
        const check = response.status === 404 ? lastCheckFrom(null) : lastCheckFrom((await response.json()) as ConnectionCheck);
        const last = latest.get(s.id);
        const row = sourceRow({ source: s, last: last ? summariseExtraction(last) : undefined, check, now });
        if (check.status === 'failed' && s.report_card?.current_step_type !== 'fully_configured') {
          assert.equal(row.icon, 'error', s.display_name);
          assert.match(row.description, /^connection check failed · \d+ h ago/);
          assert.ok(row.tooltip.includes(check.message));
        }
        assert.equal(/checking/.test(row.description), check.status === 'running', `${s.display_name}: ${row.description}`);
      }
      const pg = sources.find((s) => s.display_name === 'Production Postgres');
      assert.ok(pg);
      const pgCheck = (await (await fetch(`${em.url}/v4/sources/${pg.id}/last-connection-check`, { headers })).json()) as ConnectionCheck;
      assert.equal(pgCheck.status, 'failed');
      assert.match(sourceRow({ source: pg, check: lastCheckFrom(pgCheck), now }).description, /^connection check failed · 5 h ago$/);
    });
  });
});
