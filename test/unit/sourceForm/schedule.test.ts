import * as assert from 'node:assert/strict';
import { buildFormModel, type ReportCard } from '../../../src/core/reportCard';
import {
  hasScheduleFields, isSubmitParams, onlyScheduleFields, scheduleChanges, withoutScheduleFields,
} from '../../../src/panels/sourceForm/logic';
import { draftToPersist, withoutScheduleValues } from '../../../webview/sourceForm/draft';
import type { FieldView } from '../../../src/protocol/sourceForm';
import { sourceTypes } from '../core/fixtures';

const draft = { mode: 'anchored', frequency: '360', anchorTime: '2024-01-01T03:30:00.000Z', cronExpression: '' } as const;

describe('sourceForm logic: the embedded schedule editor', () => {
  it('accepts a submit with or without a well-formed schedule draft, and nothing else', () => {
    assert.equal(isSubmitParams({ displayName: 'R', values: {} }), true);
    assert.equal(isSubmitParams({ displayName: 'R', values: {}, schedule: { ...draft } }), true);
    for (const schedule of [null, 'cron', { ...draft, mode: 'weekly' }, { ...draft, extra: 1 }, { ...draft, cronExpression: 'x'.repeat(257) }, [draft]]) {
      assert.equal(isSubmitParams({ displayName: 'R', values: {}, schedule }), false, JSON.stringify(schedule));
    }
  });

  it('splits the schedule fields from the rest', () => {
    const values = { subdomain: 'a', frequency_in_minutes: '60', anchor_time: '', cron_expression: null };
    assert.deepEqual(withoutScheduleFields(values), { subdomain: 'a' });
    assert.deepEqual(onlyScheduleFields(values), { frequency_in_minutes: '60', anchor_time: '', cron_expression: null });
  });

  it('a new source gets the set values only; an edit gets what changed, nulls included', () => {
    const anchored = { frequency_in_minutes: '360', anchor_time: '2024-01-01T03:30:00.000Z', cron_expression: null };
    assert.deepEqual(scheduleChanges(anchored), { frequency_in_minutes: '360', anchor_time: '2024-01-01T03:30:00.000Z' });
    const saved = { frequency_in_minutes: '360', anchor_time: '2024-01-01T03:30:00Z', cron_expression: null };
    assert.deepEqual(scheduleChanges(anchored, saved), {}, 'the same instant written differently is no change');
    assert.deepEqual(scheduleChanges({ frequency_in_minutes: '360', anchor_time: null, cron_expression: null }, saved), { anchor_time: null });
    assert.deepEqual(scheduleChanges({ cron_expression: '0 0 12 ? * MON' }, saved), { cron_expression: '0 0 12 ? * MON' });
    assert.deepEqual(scheduleChanges({ frequency_in_minutes: '60', anchor_time: null, cron_expression: null }, { frequency_in_minutes: '60', cron_expression: '0 0 1 * * ?' }), { cron_expression: null });
  });

  it('embeds the editor for a card with schedule fields', function () {
    const card = sourceTypes?.find((c) => c.type === 'platform.recurly') as ReportCard | undefined;
    if (!card) this.skip();
    assert.equal(hasScheduleFields(buildFormModel(card, { mode: 'create' })), true);
    assert.equal(hasScheduleFields(buildFormModel({ type: 'x', steps: [{ type: 'form', properties: [{ name: 'host', is_required: true, property_type: 'user_provided', json_schema: { type: 'string' } }] }] } as ReportCard, { mode: 'create' })), false);
  });

  it('the webview persists the schedule draft with the form draft, never a credential nor the schedule fields twice', () => {
    const field = (name: string, extra: Partial<FieldView> = {}): FieldView => ({
      name, label: name, control: { kind: 'text', valueType: 'string', inputType: 'text' }, propertyType: 'user_provided', section: 'main',
      required: false, credential: false, provided: false, locked: false, scheduleField: false, ...extra,
    });
    const fields = [field('subdomain'), field('api_key', { credential: true }), field('frequency_in_minutes', { scheduleField: true })];
    const values = withoutScheduleValues({ subdomain: 'a', api_key: 'secret', frequency_in_minutes: '60' }, fields);
    const saved = draftToPersist({ kind: 'new', sourceType: 'platform.recurly' }, 'R', values, fields, false, { ...draft });
    assert.deepEqual(saved, { key: { kind: 'new', sourceType: 'platform.recurly' }, displayName: 'R', values: { subdomain: 'a' }, advancedOpen: false, schedule: draft });
    assert.equal('schedule' in draftToPersist(undefined, 'R', {}, fields, false), false);
  });
});
