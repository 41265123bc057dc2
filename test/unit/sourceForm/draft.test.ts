import * as assert from 'node:assert/strict';
import type { FieldView, SourceFormState } from '../../../src/protocol/sourceForm';
import {
  dateInputToIso, dateTimeInputToIso, draftToPersist, isoToDateInput, isoToDateTimeInput, mergeDraft, withoutCredentials,
} from '../../../webview/sourceForm/draft';

const field = (name: string, extra: Partial<FieldView> = {}): FieldView => ({
  name, label: name, control: { kind: 'text', valueType: 'string', inputType: 'text' }, propertyType: 'user_provided', section: 'main',
  required: false, credential: false, provided: false, locked: false, scheduleField: false, ...extra,
});

function state(extra: Partial<SourceFormState> = {}): SourceFormState {
  return {
    key: { kind: 'source', sourceId: 1 }, mode: 'edit', sourceType: 'platform.x', typeLabel: 'X', title: 'X', stage: 'form',
    steps: [{ type: 'form', title: 'Form', state: 'current', properties: [
      field('host'), field('api_key', { credential: true, control: { kind: 'password', valueType: 'string' } }), field('immutable', { locked: true }),
    ] }],
    currentStepIndex: 0, configurable: true, formStepTypes: ['form'], values: { host: 'saved', immutable: 'fixed' }, displayName: 'X',
    canSelectStreams: false, subject: 'source', ...extra,
  };
}

describe('sourceForm draft (webview state)', () => {
  it('overlays typed values on the saved ones, but never credentials or locked fields', () => {
    const merged = mergeDraft(state(), { key: { kind: 'source', sourceId: 1 }, displayName: 'Y', values: { host: 'typed', api_key: 'secret', immutable: 'changed', other: 'x' } });
    assert.deepEqual(merged, { values: { host: 'typed', immutable: 'fixed' }, displayName: 'Y' });
  });

  it('drops the draft after a successful save, or when it belongs to another panel', () => {
    assert.equal(mergeDraft(state({ resetDraft: true }), { values: { host: 'typed' } }).values.host, 'saved');
    assert.equal(mergeDraft(state(), { key: { kind: 'source', sourceId: 2 }, values: { host: 'typed' } }).values.host, 'saved');
    assert.equal(mergeDraft(state(), { key: { kind: 'new', sourceType: 'platform.x' }, values: { host: 'typed' } }).values.host, 'saved');
  });

  it('keeps a cleared field cleared', () => {
    assert.equal(mergeDraft(state(), { values: { host: '' } }).values.host, '');
  });

  it('the persisted draft never holds a credential', () => {
    const fields = state().steps[0]!.properties;
    const persisted = draftToPersist({ kind: 'source', sourceId: 1 }, 'X', { host: 'h', api_key: 'secret' }, fields, true);
    assert.equal(JSON.stringify(persisted).includes('secret'), false);
    assert.deepEqual(withoutCredentials({ api_key: 'a', host: 'b' }, fields), { host: 'b' });
  });

  it('date inputs store ISO UTC', () => {
    assert.equal(dateInputToIso('2024-02-29'), '2024-02-29T00:00:00Z');
    assert.equal(isoToDateInput('2024-02-29T00:00:00Z'), '2024-02-29');
    assert.equal(dateTimeInputToIso('2024-02-29T06:30'), '2024-02-29T06:30:00Z');
    assert.equal(dateTimeInputToIso('2024-02-29T06:30:15'), '2024-02-29T06:30:15Z');
    assert.equal(isoToDateTimeInput('2024-02-29T06:30:15.205Z'), '2024-02-29T06:30:15');
    assert.equal(isoToDateTimeInput('garbage'), '');
  });
});
