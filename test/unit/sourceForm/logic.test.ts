import * as assert from 'node:assert/strict';
import { sourceIdOf } from '../../../src/core/sourceId';
import type { ConnectionCheck } from '../../../src/api/types';
import { buildFormModel, type ReportCard } from '../../../src/core/reportCard';
import {
  buildPayload, checkForm, checkView, defaultStartDate, editableFields, formStepTypes, initialValues, isFormValues, isPanelKey,
  isSubmitParams, isValidateParams, mapBadProperties, normaliseValues, panelKeyFromState, sourceTypeFromArg, stageFor, stitchWebUrl,
} from '../../../src/panels/sourceForm/logic';
import { sourceTypes } from '../core/fixtures';

const recurlyCard = (): ReportCard => sourceTypes!.find((c) => c.type === 'platform.recurly')!;

describe('sourceForm logic: message guards', () => {
  it('accepts well-formed validate and submit params', () => {
    assert.equal(isValidateParams({ seq: 1, displayName: 'Recurly', values: { subdomain: 'acme', quota_limit: '50', list: ['a'], rows: [{ id: '1', name: 'x' }], ssl: true } }), true);
    assert.equal(isSubmitParams({ displayName: '', values: {} }), true);
  });

  it('refuses hostile shapes: prototype keys, nested objects, huge strings, wrong types', () => {
    const bad: unknown[] = [
      undefined, null, 42, 'x', [], { displayName: 'a' }, { values: {} }, { displayName: 1, values: {} },
      { displayName: 'a', values: JSON.parse('{"__proto__": {"polluted": true}}') as unknown },
      { displayName: 'a', values: { a: { nested: 'object' } } },
      { displayName: 'a', values: { a: 'x'.repeat(200_000) } },
      { displayName: 'x'.repeat(5_000), values: {} },
      { displayName: 'a', values: { a: [[1]] } },
      { displayName: 'a', values: { a: [{ deep: { deeper: 1 } }] } },
      { displayName: 'a', values: { a: Number.NaN } },
      { displayName: 'a', values: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, 'v'])) },
    ];
    for (const v of bad) assert.equal(isSubmitParams(v), false, JSON.stringify(v)?.slice(0, 80));
    assert.equal(isValidateParams({ seq: 1.5, displayName: 'a', values: {} }), false);
    assert.equal(isValidateParams({ seq: '1', displayName: 'a', values: {} }), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads panel keys and command arguments strictly', () => {
    assert.equal(isPanelKey({ kind: 'new', sourceType: 'platform.recurly' }), true);
    assert.equal(isPanelKey({ kind: 'source', sourceId: 12 }), true);
    assert.equal(isPanelKey({ kind: 'source', sourceId: -1 }), false);
    // Any type id a card carries is a key (issue 23); it only travels URL-encoded, dot segments included.
    assert.equal(isPanelKey({ kind: 'new', sourceType: '../../etc' }), true);
    assert.equal(isPanelKey({ kind: 'new', sourceType: '' }), false);
    assert.equal(isPanelKey({ kind: 'new', sourceType: 'x'.repeat(100_001) }), false);
    assert.equal(isPanelKey({ kind: 'new', sourceType: 7 }), false);
    assert.deepEqual(panelKeyFromState({ key: { kind: 'source', sourceId: 7 }, values: { a: 'b' } }), { kind: 'source', sourceId: 7 });
    assert.equal(panelKeyFromState({ key: { kind: 'nope' } }), undefined);
    assert.equal(panelKeyFromState('garbage'), undefined);
    assert.equal(sourceTypeFromArg('platform.recurly'), 'platform.recurly');
    assert.equal(sourceTypeFromArg({ sourceType: 'platform.hubspot' }), 'platform.hubspot');
    assert.equal(sourceTypeFromArg({ sourceType: 'a b' }), 'a b');
    assert.equal(sourceTypeFromArg({ sourceType: '' }), undefined);
    assert.equal(sourceTypeFromArg({ sourceType: ['platform.hubspot'] }), undefined);
    assert.equal(sourceIdOf(5), 5);
    assert.equal(sourceIdOf({ sourceId: 9, label: 'x' }), 9);
    assert.equal(sourceIdOf({ sourceId: '9' }), undefined);
    assert.equal(sourceIdOf(0), undefined);
  });

  it('isFormValues bounds list sizes', () => {
    assert.equal(isFormValues({ a: Array.from({ length: 1001 }, () => 'x') }), false);
    assert.equal(isFormValues({ a: Array.from({ length: 10 }, () => 'x') }), true);
  });
});

describe('sourceForm logic: values, validation and payloads', () => {
  before(function () { if (!sourceTypes) this.skip(); });

  it('starts a new form from the type defaults (start date at midnight UTC, default frequency)', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'create' });
    const values = initialValues(model, undefined, new Date('2025-06-15T13:45:00Z'));
    assert.equal(values.start_date, '2024-06-15T00:00:00Z');
    assert.equal(values.frequency_in_minutes, '60');
    assert.equal('api_key' in values, false);
    assert.equal(defaultStartDate('-30 days', new Date('2025-03-10T05:00:00Z')), '2025-02-08T00:00:00Z');
    assert.equal(defaultStartDate('whenever', new Date()), undefined);
  });

  it('an edit form starts from the saved properties, never a credential', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'edit' });
    const values = initialValues(model, { properties: { subdomain: 'acme', quota_limit: 50, api_key: 'leaked?', image_version: '1.latest' } });
    assert.equal(values.subdomain, 'acme');
    assert.equal(values.quota_limit, '50');
    assert.equal('api_key' in values, false);
  });

  it('validates required fields, patterns and anyOf unions, and previews the schema name', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'create' });
    const empty = checkForm(model, {}, '', []);
    assert.ok(empty.errors.api_key && empty.errors.subdomain && empty.errors.quota_limit && empty.errors.start_date);
    assert.ok(empty.displayNameError);
    const bad = checkForm(model, { start_date: '2024-01-01T05:00:00Z', quota_limit: 'lots', api_key: 'k', subdomain: 'acme' }, 'Recurly', []);
    assert.match(bad.errors.start_date!, /midnight UTC/);
    assert.match(bad.errors.quota_limit!, /whole number/);
    assert.deepEqual(bad.namePreview, { name: 'recurly', ok: true });
    const ok = checkForm(model, { start_date: '2024-01-01T00:00:00Z', quota_limit: '50', api_key: 'k', subdomain: 'acme', frequency_in_minutes: '60' }, 'Recurly', []);
    assert.deepEqual(ok.errors, {});
  });

  it('catches a duplicate schema name before submit and suggests a free one', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'create' });
    const result = checkForm(model, {}, 'Recurly', ['recurly']);
    assert.equal(result.namePreview?.ok, false);
    assert.equal(result.namePreview?.suggestion, 'Recurly 2');
    assert.match(result.displayNameError!, /already uses/);
  });

  it('omits a blank credential from the PUT, and unchanged values too', () => {
    const model = buildFormModel({ ...recurlyCard(), current_step: 3, current_step_type: 'field_selection', steps: recurlyCard().steps!.map((s) => ({ ...s, properties: (s.properties ?? []).map((p) => ({ ...p, provided: true })) })) }, { mode: 'edit' });
    const initial = { subdomain: 'acme', quota_limit: '50', start_date: '2024-01-01T00:00:00Z', frequency_in_minutes: '60' };
    const payload = buildPayload(model, { ...initial, api_key: '', subdomain: 'acme2' }, initial);
    assert.deepEqual(payload, { subdomain: 'acme2' });
    const withKey = buildPayload(model, { ...initial, api_key: 'new-key' }, initial);
    assert.deepEqual(withKey, { api_key: 'new-key' });
    // A blank provided credential is not "missing" on edit.
    assert.equal(checkForm(model, { ...initial, api_key: '' }, 'Recurly', undefined).errors.api_key, undefined);
  });

  it('a POST carries every typed value, coerced to what the schema takes, and never read-only ones', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'create' });
    const payload = buildPayload(model, { start_date: '2024-01-01T00:00:00Z', quota_limit: '50', api_key: 'k', subdomain: ' acme ', image_version: '9' });
    assert.deepEqual(payload, { start_date: '2024-01-01T00:00:00Z', quota_limit: '50', api_key: 'k', subdomain: ' acme ' });
  });

  it('normalises list, boolean, JSON and union inputs', () => {
    const model = buildFormModel({
      type: 'x', steps: [{ type: 'form', properties: [
        { name: 'ssl', property_type: 'user_provided', json_schema: { type: 'string', pattern: '^(true|false)$' } },
        { name: 'on', property_type: 'user_provided', json_schema: { type: 'boolean' } },
        { name: 'dbs', property_type: 'user_provided', json_schema: { type: 'array', items: { type: 'string' } } },
        { name: 'reports', property_type: 'user_provided', json_schema: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } } },
        { name: 'cfg', property_type: 'user_provided', json_schema: { type: 'object' } },
      ] }],
    });
    const { values, errors } = normaliseValues(editableFields(model), {
      ssl: true, on: 'false', dbs: ['a', ' ', ' b '], reports: [{ id: '1', name: 'R' }, { id: '', name: '' }], cfg: '{"a":1', unknown: 'x',
    });
    assert.deepEqual(values, { ssl: 'true', on: false, dbs: ['a', 'b'], reports: [{ id: '1', name: 'R' }] });
    assert.match(errors.cfg!, /valid JSON/);
  });

  it('maps Stitch bad_properties onto fields', () => {
    const model = buildFormModel(recurlyCard(), { mode: 'create' });
    const mapped = mapBadProperties(model, ['subdomain', 'image_version', 'nope']);
    assert.match(mapped.errors.subdomain!, /Subdomain/);
    assert.deepEqual(mapped.unknown, ['image_version', 'nope']);
  });

  it('OAuth fields are shown on edit but never required (the user may authorize in Stitch instead)', () => {
    const card = sourceTypes!.find((c) => c.steps?.some((s) => s.type === 'oauth' && (s.properties ?? []).some((p) => p.is_required)))!;
    const model = buildFormModel({ ...card, current_step_type: 'oauth', current_step: 2 }, { mode: 'edit' });
    assert.ok(formStepTypes(model).includes('oauth') || model.steps.find((s) => s.type === 'oauth')!.properties.every((p) => p.section === 'hidden'));
    const oauthNames = new Set(model.steps.find((s) => s.type === 'oauth')!.properties.map((p) => p.name));
    for (const f of editableFields(model)) if (oauthNames.has(f.name) && !model.steps[0]!.properties.some((p) => p.name === f.name)) assert.equal(f.required, false, f.name);
    assert.deepEqual(formStepTypes(buildFormModel(card, { mode: 'create' })), ['form']);
  });

  it('builds a form for every real card with steps, with a label and control per property', () => {
    let count = 0;
    for (const card of sourceTypes!.filter((c) => c.steps && c.steps.length > 0)) {
      const model = buildFormModel(card, { mode: 'create' });
      for (const f of editableFields(model)) assert.ok(f.label && f.control.kind, `${card.type}.${f.name}`);
      checkForm(model, initialValues(model, undefined), 'Name', []);
      count++;
    }
    assert.equal(count, 184);
  });
});

describe('sourceForm logic: connection check and stage', () => {
  const base: ConnectionCheck = {
    name: 'n', mode: 'check', status: 'running', start_time: '2024-01-01T00:00:00Z', completion_time: null, error: false,
    check_exit_status: null, discovery_exit_status: null, discovery_error_message: null, tap_exit_status: null, tap_error_message: null,
    target_exit_status: null, target_error_message: null,
  };

  it('shows phases for running, succeeded and failed checks, with Stitch’s message', () => {
    assert.deepEqual(checkView(base).phases.map((p) => p.status), ['running', 'pending']);
    assert.deepEqual(checkView({ ...base, check_exit_status: 0 }).phases.map((p) => p.status), ['succeeded', 'running']);
    const ok = checkView({ ...base, status: 'succeeded', check_exit_status: 0, discovery_exit_status: 0, completion_time: 'x' });
    assert.deepEqual(ok.phases.map((p) => p.status), ['succeeded', 'succeeded']);
    const failed = checkView({ ...base, status: 'failed', error: true, discovery_exit_status: 1, discovery_error_message: 'FATAL: password authentication failed' });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.message, 'FATAL: password authentication failed');
    assert.deepEqual(failed.phases.map((p) => p.status), ['skipped', 'failed']);
    const tap = checkView({ ...base, status: 'failed', error: true, tap_exit_status: 1, tap_error_message: 'tap says no' });
    assert.equal(tap.message, 'tap says no');
    assert.ok(checkView({ ...base, status: 'failed', error: true }).message);
  });

  it('maps report-card steps to stages', () => {
    assert.equal(stageFor('form', undefined), 'form');
    assert.equal(stageFor('oauth', undefined), 'oauth');
    assert.equal(stageFor('discover_schema', undefined), 'checking');
    assert.equal(stageFor('discover_schema', { status: 'failed', phases: [] }), 'checkFailed');
    assert.equal(stageFor('field_selection', undefined), 'fieldSelection');
    assert.equal(stageFor('fully_configured', undefined), 'configured');
    assert.equal(stageFor(undefined, undefined), 'unavailable');
  });

  it('links to the source in Stitch’s web app', () => {
    assert.equal(stitchWebUrl(116078, 42), 'https://app.stitchdata.com/client/116078/pipeline/v2/sources/42/');
    assert.equal(stitchWebUrl(undefined, 42), 'https://app.stitchdata.com/');
  });
});
