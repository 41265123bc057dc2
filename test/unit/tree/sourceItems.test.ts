import * as assert from 'node:assert/strict';
import type { Extraction, Source } from '../../../src/api';
import { latestBySource, relativeTime, sourceItem, summariseExtraction } from '../../../src/core/sourceItems';
import { startEmulator, type RunningEmulator } from '../../emulator';

const NOW = new Date('2026-11-26T12:00:00Z');

function source(overrides: Partial<Source> = {}): Source {
  return {
    id: 7, stitch_client_id: 1, type: 'platform.recurly', name: 'recurly', display_name: 'Recurly', properties: {}, schedule: null,
    created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z', paused_at: null, system_paused_at: null, deleted_at: null,
    report_card: { type: 'platform.recurly', current_step: 4, current_step_type: 'fully_configured',
      steps: [{ type: 'form', properties: [] }, { type: 'discover_schema', properties: [] }, { type: 'field_selection', properties: [] }, { type: 'fully_configured', properties: [] }] },
    ...overrides,
  };
}

function extraction(overrides: Partial<Extraction> = {}): Extraction {
  return {
    job_name: 'j', stitch_client_id: 1, source_id: 7, start_time: '2026-11-26T11:00:00Z', completion_time: '2026-11-26T11:05:00Z',
    discovery_exit_status: 0, discovery_description: null, tap_exit_status: 0, tap_description: null, target_exit_status: 0, target_description: null,
    ...overrides,
  };
}

describe('source items (Sources tree model)', () => {
  it('describes the configuration step as "step k of n" with a readable status', () => {
    const item = sourceItem(source({ report_card: { type: 'x', current_step: 3, current_step_type: 'field_selection', steps: [{ type: 'form', properties: [] }, { type: 'discover_schema', properties: [] }, { type: 'field_selection', properties: [] }, { type: 'fully_configured', properties: [] }] } }), undefined, NOW);
    assert.match(item.description, /step 3 of 4: needs field selection/);
    assert.equal(item.contextValue, 'source setup step-field_selection selectable active');
    assert.equal(item.icon, 'tools');
  });

  it('shows paused by the user and by the system differently', () => {
    assert.equal(sourceItem(source({ paused_at: '2026-11-20T00:00:00Z' }), undefined, NOW).description, 'paused');
    const system = sourceItem(source({ system_paused_at: '2026-11-20T00:00:00Z' }), undefined, NOW);
    assert.match(system.description, /paused by Stitch/);
    assert.equal(system.color, 'list.warningForeground');
    assert.match(system.contextValue, /\bpaused\b/);
  });

  it('shows the last extraction: succeeded, failed with the phase, terminated, running', () => {
    const ok = sourceItem(source(), extraction(), NOW);
    assert.match(ok.description, /succeeded 55 min ago/);
    assert.equal(ok.icon, 'pass');
    assert.match(ok.contextValue, /\bconfigured\b.*\bidle\b/);
    const failed = sourceItem(source(), extraction({ tap_exit_status: 1, tap_description: 'Unauthorized' }), NOW);
    assert.equal(failed.icon, 'error');
    assert.match(failed.tooltip, /failed in tap: Unauthorized/);
    assert.equal(summariseExtraction(extraction({ tap_exit_status: 143, tap_description: 'Terminated' })).outcome, 'terminated');
    const running = sourceItem(source(), extraction({ completion_time: null, tap_exit_status: null, target_exit_status: null }), NOW);
    assert.equal(running.icon, 'sync~spin');
    assert.match(running.contextValue, /\brunning\b/);
  });

  it('keeps the newest extraction per source and writes short relative times', () => {
    const latest = latestBySource([extraction({ job_name: 'old', start_time: '2026-11-25T00:00:00Z' }), extraction({ job_name: 'new' }), extraction({ job_name: 'other', source_id: 8 })]);
    assert.equal(latest.get(7)?.job_name, 'new');
    assert.equal(latest.get(8)?.job_name, 'other');
    assert.equal(relativeTime('2026-11-26T11:59:30Z', NOW), '30 s ago');
    assert.equal(relativeTime('2026-11-24T12:00:00Z', NOW), '2 d ago');
    assert.equal(relativeTime(null, NOW), '');
  });

  describe('from the emulator\'s real responses', () => {
    let em: RunningEmulator;
    before(async () => { em = await startEmulator({ port: 0, quiet: true, demo: true }); });
    after(async () => { await em.close(); });

    it('gives each demo source a distinct, consistent state', async () => {
      const headers = { authorization: `Bearer ${em.accounts[0].token}` };
      const sources = (await (await fetch(`${em.url}/v4/sources`, { headers })).json()) as Source[];
      const page = (await (await fetch(`${em.url}/v4/${em.accounts[0].clientId}/extractions`, { headers })).json()) as { data: Extraction[] };
      const latest = latestBySource(page.data);
      const items = sources.map((s) => sourceItem(s, latest.get(s.id), new Date()));
      assert.ok(items.some((i) => i.configured && (i.last?.outcome === 'succeeded' || i.last?.outcome === 'failed')));
      assert.ok(items.some((i) => i.stepType === 'form'));
      assert.ok(items.some((i) => i.paused === 'user'));
      for (const item of items) {
        assert.ok(item.stepIndex >= 1 && item.stepIndex <= item.stepCount);
        assert.equal(item.configured, item.stepType === 'fully_configured');
      }
    });
  });
});

describe('terminated jobs without exit statuses', () => {
  it('reads the documented Terminated shape as terminated, not succeeded', () => {
    const summary = summariseExtraction({
      start_time: '2026-11-26T11:00:00Z', completion_time: '2026-11-26T11:01:00Z',
      discovery_exit_status: null, tap_exit_status: null, target_exit_status: null,
      discovery_description: null, tap_description: 'Terminated', target_description: null,
    });
    assert.equal(summary.outcome, 'terminated');
    assert.equal(summary.description, 'Terminated');
  });
});
