import assert from 'node:assert/strict';
import { sourceIdOf } from '../../../src/core/sourceId';
import { StitchApiError, type ReportCard, type Source } from '../../../src/api';
import {
  checkAgreement, choiceFromDraft, classifySaveFailure, currentScheduleView, draftFromProperties, isScheduleDraft,
  parsePreviewParams, parseSaveParams, previewDraft, scheduleSetup, MAX_CRON_CHARS,
} from '../../../src/panels/schedule/logic';
import { isNoParams } from '../../../src/panels/noParams';
import type { ScheduleDraft } from '../../../src/protocol/schedule';

const card = (pattern: string | null, defaultInterval: number | null = 60): ReportCard => ({
  type: 'platform.test',
  steps: [{
    type: 'form',
    properties: [
      { name: 'frequency_in_minutes', is_required: false, is_credential: false, property_type: 'user_provided', provided: false, json_schema: pattern ? { type: 'string', pattern } : null },
      { name: 'cron_expression', is_required: false, is_credential: false, property_type: 'user_provided', provided: false, json_schema: null },
    ],
  }],
  details: { access: true, default_scheduling_interval: defaultInterval },
});

const draft = (patch: Partial<ScheduleDraft>): ScheduleDraft => ({ mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '', ...patch });
const NOW = new Date('2024-05-01T08:00:00Z');

describe('schedule panel logic', () => {
  describe('setup', () => {
    it('offers only the pattern\'s values, labelled, with the type\'s default preselected', () => {
      const setup = scheduleSetup(card('^1$|^30$|^60$|^360$|^720$|^1440$', 360), {});
      assert.deepEqual(setup.frequencies.map((f) => f.label), ['Every minute', 'Every 30 minutes', 'Every hour', 'Every 6 hours', 'Every 12 hours', 'Every day']);
      assert.equal(setup.defaultFrequency, '360');
      assert.deepEqual(setup.initial, { mode: 'interval', frequency: '360', anchorTime: '', cronExpression: '' });
      assert.match(setup.cronNote, /plan that allows/);
    });

    it('narrows to a type\'s own pattern and picks the allowed value closest to its default', () => {
      const setup = scheduleSetup(card('^(60|1440)$', 30), {});
      assert.deepEqual(setup.frequencies.map((f) => f.value), ['60', '1440']);
      assert.equal(setup.defaultFrequency, '60');
    });

    it('reads a saved schedule: cron wins, then anchor, then plain interval', () => {
      assert.deepEqual(draftFromProperties({ frequency_in_minutes: '720', anchor_time: '2024-01-01T03:30:00Z', cron_expression: '0 0 12 ? * MON-FRI' }, '60'),
        { mode: 'cron', frequency: '720', anchorTime: '2024-01-01T03:30:00.000Z', cronExpression: '0 0 12 ? * MON-FRI' });
      assert.deepEqual(draftFromProperties({ frequency_in_minutes: '720', anchor_time: '2024-01-01T03:30:00Z', cron_expression: null }, '60'),
        { mode: 'anchored', frequency: '720', anchorTime: '2024-01-01T03:30:00.000Z', cronExpression: '' });
      assert.deepEqual(draftFromProperties({}, '60'), { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '' });
    });

    it('falls back to the default when the saved frequency is no longer allowed', () => {
      const setup = scheduleSetup(card('^(60|1440)$', 60), { frequency_in_minutes: '30' });
      assert.equal(setup.initial.frequency, '60');
    });
  });

  describe('host handler guards', () => {
    it('accepts exactly the draft shape', () => {
      assert.ok(isScheduleDraft(draft({})));
      assert.ok(!isScheduleDraft({ ...draft({}), extra: 1 }));
      assert.ok(!isScheduleDraft({ ...draft({}), mode: 'hourly' }));
      assert.ok(!isScheduleDraft({ ...draft({}), frequency: 60 }));
      assert.ok(!isScheduleDraft({ ...draft({}), cronExpression: 'x'.repeat(MAX_CRON_CHARS + 1) }));
      assert.ok(!isScheduleDraft(JSON.parse('{"mode":"cron","frequency":"60","anchorTime":"","cronExpression":"","__proto__":{"x":1}}')));
      assert.ok(!isScheduleDraft(null));
      assert.ok(!isScheduleDraft([draft({})]));
    });

    it('refuses preview params that are not {draft}', () => {
      assert.deepEqual(parsePreviewParams({ draft: draft({}) }), { draft: draft({}) });
      assert.equal(parsePreviewParams(draft({})), undefined);
      assert.equal(parsePreviewParams({ draft: { mode: 'cron' } }), undefined);
      assert.equal(parsePreviewParams(undefined), undefined);
    });

    it('refuses a save for another source, a bad draft or bad preview runs', () => {
      const ok = { sourceId: 7, draft: draft({}), previewRuns: ['2024-05-01T09:00:00.000Z'] };
      assert.deepEqual(parseSaveParams(ok, 7), ok);
      assert.deepEqual(parseSaveParams({ sourceId: 7, draft: draft({}) }, 7), { ...ok, previewRuns: [] });
      assert.equal(parseSaveParams(ok, 8), undefined);
      assert.equal(parseSaveParams({ ...ok, sourceId: '7' }, 7), undefined);
      assert.equal(parseSaveParams({ ...ok, previewRuns: ['tomorrow-ish'] }, 7), undefined);
      assert.equal(parseSaveParams({ ...ok, previewRuns: Array(21).fill('2024-05-01T09:00:00Z') }, 7), undefined);
      assert.equal(parseSaveParams({ ...ok, draft: { ...draft({}), cronExpression: 5 } }, 7), undefined);
    });

    it('load takes no params; command arguments give a source id or nothing', () => {
      assert.ok(isNoParams(undefined) && isNoParams({}) && isNoParams(null));
      assert.ok(!isNoParams({ sourceId: 1 }));
      assert.equal(sourceIdOf(12), 12);
      assert.equal(sourceIdOf({ sourceId: 12, label: 'x' }), 12);
      assert.equal(sourceIdOf(undefined), undefined);
      assert.equal(sourceIdOf({ sourceId: -1 }), undefined);
      assert.equal(sourceIdOf('12'), undefined);
    });
  });

  describe('preview', () => {
    it('interval: 5 runs counted from now, with the counting note', () => {
      const p = previewDraft(draft({ frequency: '360' }), NOW);
      assert.ok(p.ok);
      assert.equal(p.description, 'Every 6 hours');
      assert.deepEqual(p.runs, ['2024-05-01T14:00:00.000Z', '2024-05-01T20:00:00.000Z', '2024-05-02T02:00:00.000Z', '2024-05-02T08:00:00.000Z', '2024-05-02T14:00:00.000Z']);
      assert.match(p.warnings.join(' '), /from the last run/);
    });

    it('anchored: anchor 03:30 with 360 minutes gives 09:30, 15:30, 21:30, 03:30, 09:30', () => {
      const p = previewDraft(draft({ mode: 'anchored', frequency: '360', anchorTime: '2024-04-01T03:30:00.000Z' }), NOW);
      assert.ok(p.ok);
      assert.deepEqual(p.runs.map((r) => r.slice(11, 16)), ['09:30', '15:30', '21:30', '03:30', '09:30']);
      assert.equal(p.description, 'Every 6 hours, anchored at 03:30 UTC');
      assert.deepEqual(p.warnings, []);
    });

    it('anchored: warns that an anchor barely matters under an hour, and needs an anchor', () => {
      const p = previewDraft(draft({ mode: 'anchored', frequency: '30', anchorTime: '2024-04-01T03:10:00.000Z' }), NOW);
      assert.ok(p.ok && p.warnings.some((w) => /an hour or more/.test(w)));
      const missing = previewDraft(draft({ mode: 'anchored', frequency: '60' }), NOW);
      assert.deepEqual(missing.ok ? undefined : missing.field, 'anchor_time');
    });

    it('cron: describes and lists runs; an invalid expression names its field', () => {
      const p = previewDraft(draft({ mode: 'cron', cronExpression: '0 30 2 ? * MON-FRI' }), NOW);
      assert.ok(p.ok);
      assert.equal(p.description, 'At 02:30 UTC, Monday through Friday');
      assert.deepEqual(p.runs, ['2024-05-02T02:30:00.000Z', '2024-05-03T02:30:00.000Z', '2024-05-06T02:30:00.000Z', '2024-05-07T02:30:00.000Z', '2024-05-08T02:30:00.000Z']);
      const both = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 12 1 * MON' }), NOW);
      assert.equal(both.ok, false);
      assert.ok(!both.ok && both.field === 'cron_expression' && /cannot both be specified/.test(both.message));
      const empty = previewDraft(draft({ mode: 'cron', cronExpression: '  ' }), NOW);
      assert.ok(!empty.ok && /Enter a Quartz cron expression/.test(empty.message));
    });

    it('cron: says when an expression fires fewer than 5 more times, or never', () => {
      const few = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 0 1 1 ? 2025-2026' }), NOW);
      assert.ok(few.ok && few.runs.length === 2 && few.warnings.some((w) => /only 2 more/.test(w)));
      const never = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 0 1 1 ? 2020' }), NOW);
      assert.ok(never.ok && never.runs.length === 0 && never.warnings.some((w) => /never fires/.test(w)));
    });

    it('cron: passes on how Quartz reads reinterpreted text, and its short-month W arithmetic', () => {
      const p = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 12 ? * MONDAY' }), NOW);
      assert.ok(p.ok && p.warnings.some((w) => /"MONDAY" is read as "MON"/.test(w)), JSON.stringify(p));
      assert.equal(p.runs[0], '2024-05-06T12:00:00.000Z');
      const w = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 0 30W FEB ?' }), NOW);
      assert.ok(w.ok && w.warnings.some((x) => /rolls "30W" over/.test(x)) && w.runs[0] === '2036-02-29T00:00:00.000Z', JSON.stringify(w));
      const loops = previewDraft(draft({ mode: 'cron', cronExpression: '0 0 0 L-30W * ?' }), NOW);
      assert.ok(!loops.ok && loops.field === 'cron_expression' && /never finishes/.test(loops.message));
    });

    it('refuses a frequency the type does not allow', () => {
      const p = previewDraft(draft({ frequency: '45' }), NOW, ['60', '1440']);
      assert.ok(!p.ok && p.field === 'frequency_in_minutes');
      assert.deepEqual(choiceFromDraft(draft({ frequency: 'abc' })).ok, false);
    });
  });

  describe('agreement with Stitch after saving', () => {
    const sentAt = new Date('2024-05-01T08:00:00.200Z');
    const receivedAt = new Date('2024-05-01T08:00:00.700Z');

    it('cron: agrees when next_fire_time is the first previewed run, disagrees otherwise', () => {
      const d = draft({ mode: 'cron', cronExpression: '0 30 2 ? * MON-FRI' });
      const preview = previewDraft(d, NOW);
      assert.ok(preview.ok);
      const agree = checkAgreement({ draft: d, previewRuns: preview.runs, schedule: { type: 'cron', cron_expression: d.cronExpression, next_fire_time: '2024-05-02T02:30:00Z' }, sentAt, receivedAt });
      assert.equal(agree.agreement, 'agrees');
      assert.equal(agree.expected, '2024-05-02T02:30:00Z');
      const off = checkAgreement({ draft: d, previewRuns: preview.runs, schedule: { type: 'cron', cron_expression: d.cronExpression, next_fire_time: '2024-05-02T04:30:00Z' }, sentAt, receivedAt });
      assert.equal(off.agreement, 'disagrees');
      assert.match(off.message, /2024-05-02T04:30:00Z.*2024-05-02T02:30:00Z/);
    });

    it('cron: a previewed run that passed before saving still agrees', () => {
      const d = draft({ mode: 'cron', cronExpression: '0 0/5 * * * ?' });
      const previewRuns = ['2024-05-01T07:55:00.000Z', '2024-05-01T08:00:00.000Z', '2024-05-01T08:05:00.000Z'];
      const r = checkAgreement({ draft: d, previewRuns, schedule: { type: 'cron', cron_expression: d.cronExpression, next_fire_time: '2024-05-01T08:05:00Z' }, sentAt, receivedAt });
      assert.equal(r.agreement, 'agrees');
    });

    it('interval: agrees when the next run is one interval after the save, within the request window', () => {
      const d = draft({ frequency: '60' });
      const at = (s: string) => checkAgreement({ draft: d, previewRuns: [], schedule: { type: 'interval', unit: 'minute', interval: 60, next_fire_time: s }, sentAt, receivedAt }).agreement;
      assert.equal(at('2024-05-01T09:00:00Z'), 'agrees'); // truncated to the second
      assert.equal(at('2024-05-01T09:00:01Z'), 'agrees');
      assert.equal(at('2024-05-01T09:05:00Z'), 'disagrees');
      assert.equal(at('2024-05-01T08:30:00Z'), 'disagrees');
    });

    it('anchored: compares with anchor + k * interval', () => {
      const d = draft({ mode: 'anchored', frequency: '360', anchorTime: '2024-04-01T03:30:00.000Z' });
      const base = { draft: d, previewRuns: [], sentAt, receivedAt };
      assert.equal(checkAgreement({ ...base, schedule: { type: 'interval', unit: 'minute', interval: 360, next_fire_time: '2024-05-01T09:30:00Z' } }).agreement, 'agrees');
      assert.equal(checkAgreement({ ...base, schedule: { type: 'interval', unit: 'minute', interval: 360, next_fire_time: '2024-05-01T14:00:00Z' } }).agreement, 'disagrees');
    });

    it('flags a schedule type that does not match the mode, and reports a missing next run as unknown', () => {
      const cron = draft({ mode: 'cron', cronExpression: '0 0 12 ? * *' });
      const r = checkAgreement({ draft: cron, previewRuns: [], schedule: { type: 'interval', unit: 'minute', interval: 60, next_fire_time: '2024-05-01T12:00:00Z' }, sentAt, receivedAt });
      assert.equal(r.agreement, 'disagrees');
      assert.match(r.message, /not your cron expression/);
      assert.equal(checkAgreement({ draft: cron, previewRuns: [], schedule: null, sentAt, receivedAt }).agreement, 'unknown');
      assert.equal(checkAgreement({ draft: cron, previewRuns: [], schedule: { type: 'cron', cron_expression: 'x', next_fire_time: null }, sentAt, receivedAt }).agreement, 'unknown');
    });
  });

  describe('save failures', () => {
    const describe_ = (e: unknown) => (e as Error).message;
    const cron = draft({ mode: 'cron', cronExpression: '0 0 12 ? * *' });

    it('a cron AccessDenied is a plan limitation', () => {
      const error = new StitchApiError({ kind: 'forbidden', status: 400, code: 'AccessDenied', message: 'access to cron_expression based scheduling is not permitted' });
      const f = classifySaveFailure(error, cron, describe_);
      assert.equal(f.kind, 'plan');
      assert.match(f.message, /^Cron schedules need a Stitch plan that allows them/);
      assert.equal(f.field, 'cron_expression');
      // The same error on an interval save is not about cron.
      assert.equal(classifySaveFailure(error, draft({}), describe_).kind, 'failed');
    });

    it('InvalidCronExpression and InvalidProperties point at the field; the rest is described', () => {
      const invalid = new StitchApiError({ kind: 'bad_request', status: 400, code: 'InvalidCronExpression', message: 'cron_expression is invalid' });
      assert.deepEqual(classifySaveFailure(invalid, cron, describe_), { kind: 'invalid', message: 'cron_expression is invalid', field: 'cron_expression' });
      const props = new StitchApiError({ kind: 'invalid_properties', status: 400, message: 'bad', badProperties: ['frequency_in_minutes'] });
      assert.deepEqual(classifySaveFailure(props, draft({}), describe_), { kind: 'invalid', message: 'bad', field: 'frequency_in_minutes' });
      assert.deepEqual(classifySaveFailure(new Error('offline'), draft({}), describe_), { kind: 'failed', message: 'offline' });
    });
  });

  it('summarises the source\'s current schedule', () => {
    assert.deepEqual(currentScheduleView({ schedule: { type: 'interval', unit: 'minute', interval: 360.0, next_fire_time: '2024-05-01T09:30:00Z' } }),
      { type: 'interval', nextFireTime: '2024-05-01T09:30:00Z', summary: 'Every 6 hours' });
    assert.equal(currentScheduleView({ schedule: { type: 'cron', cron_expression: '0 0 12 ? * *', next_fire_time: null } }).summary, 'Cron: 0 0 12 ? * *');
    assert.equal(currentScheduleView({ schedule: null }).type, null);
  });

  it('says why Stitch reports no schedule, and what the settings hold, so the line agrees with the editor', () => {
    const properties = { frequency_in_minutes: '60', anchor_time: '2026-12-01T15:47:59.534Z' };
    const card = (step: string) => ({ current_step: 3, current_step_type: step, steps: [] }) as unknown as NonNullable<Source['report_card']>;
    assert.equal(currentScheduleView({ schedule: null, properties, report_card: card('field_selection') }).summary,
      'No schedule yet: Stitch schedules a source once its setup is complete. Its settings: Every hour, anchored at 15:47 UTC');
    assert.equal(currentScheduleView({ schedule: null, properties, paused_at: '2026-12-01T16:00:00Z', report_card: card('fully_configured') }).summary,
      'No schedule while the source is paused. Its settings: Every hour, anchored at 15:47 UTC');
    assert.equal(currentScheduleView({ schedule: null, properties: { cron_expression: '0 0 6 ? * MON-FRI' }, deleted_at: '2026-12-01T16:00:00Z' }).summary,
      'No schedule: the source is deleted. Its settings: Cron: 0 0 6 ? * MON-FRI');
    assert.equal(currentScheduleView({ schedule: null }).summary, 'Stitch reports no schedule for this source yet.');
  });
});
