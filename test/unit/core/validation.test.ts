import assert from 'node:assert/strict';
import { buildFormModel, type ReportCardProperty } from '../../../src/core/reportCard';
import {
  buildPropertiesPayload,
  coerceValue,
  compiledValidator,
  compiledValidatorCount,
  validateForm,
  validateProperty,
} from '../../../src/core/validation';
import { formProperties, requireFixtures, sourceTypes } from './fixtures';

const prop = (name: string, json_schema: unknown, extra: Partial<ReportCardProperty> = {}): ReportCardProperty => ({
  name,
  json_schema,
  is_required: false,
  is_credential: false,
  property_type: 'user_provided',
  provided: false,
  ...extra,
});

const PORT = prop('port', { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }] }, { is_required: true });
const HOST = prop('host', { type: 'string', anyOf: [{ format: 'hostname' }, { format: 'ipv4' }] }, { is_required: true });
const FREQ = prop('frequency_in_minutes', { type: 'string', pattern: '^1$|^30$|^60$|^360$|^720$|^1440$' });
const START = prop('start_date', { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$' }, { is_required: true });
const REPORTS = prop('report_definitions', {
  type: 'array',
  items: { type: 'object', properties: { name: { type: 'string' }, id: { type: 'string' } }, additionalProperties: false, required: ['name', 'id'] },
});

/** A value that satisfies `schema`, generated from its shape (used on every real card). */
function validSample(name: string, schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return name === 'cron_expression' ? '0 0 12 ? * MON-FRI' : 'some text';
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s['anyOf'])) return validSample(name, { ...(s['anyOf'][0] as object), type: (s['anyOf'][0] as { type?: unknown }).type ?? s['type'] });
  if (Array.isArray(s['enum'])) return s['enum'][0];
  if (s['format'] === 'date-time') return '2024-01-01T00:00:00Z';
  if (s['format'] === 'uri') return 'https://example.com/api';
  if (s['format'] === 'email') return 'someone@example.com';
  if (s['format'] === 'hostname') return 'db.example.com';
  if (s['format'] === 'ipv4') return '10.0.0.1';
  if (s['type'] === 'integer' || s['type'] === 'number') return name.endsWith('port') ? 5432 : 7;
  if (s['type'] === 'boolean') return true;
  if (s['type'] === 'array') {
    const items = s['items'] as Record<string, unknown> | undefined;
    if (items?.['type'] === 'object') return [Object.fromEntries(Object.keys(items['properties'] as object).map((k) => [k, 'x']))];
    return ['a'];
  }
  const pattern = s['pattern'];
  if (typeof pattern === 'string') {
    const known: Record<string, string> = {
      '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$': '2024-01-01T00:00:00Z',
      '^[0-9]{12}$': '123456789012',
      '^\\d+.?\\d*$': '1.5',
      '^(\\d|[1-9]\\d|100)$': '50',
      '^([1-9]|[12][0-9]|30|60|90)$': '30',
    };
    if (known[pattern]) return known[pattern];
    if (/\\d/.test(pattern)) return name.endsWith('port') ? '5432' : '25';
    const alt = /^\^\(?([^|()$^]+)/.exec(pattern);
    if (alt) return alt[1];
  }
  return 'some text';
}

describe('core/validation', () => {
  describe('messages', () => {
    it('says what is required', () => {
      assert.equal(validateProperty(START, ''), 'Start date is required.');
      assert.equal(validateProperty(START, undefined), 'Start date is required.');
      assert.equal(validateProperty(FREQ, ''), undefined);
    });

    it('lists the allowed values for a pattern of alternatives', () => {
      assert.equal(validateProperty(FREQ, '45'), 'Replication frequency must be one of: 1, 30, 60, 360, 720, 1440.');
      assert.equal(validateProperty(FREQ, '60'), undefined);
    });

    it('explains known patterns in words', () => {
      assert.equal(validateProperty(START, '2024-01-01T10:00:00Z'), 'Start date must be a date at midnight UTC, like 2024-01-01T00:00:00Z.');
      assert.equal(validateProperty(prop('server_id', { type: 'string', pattern: '^\\d+$' }), 'abc'), 'Server ID must be a whole number.');
    });

    it('accepts an integer or a digit string for anyOf ports, and checks the port range', () => {
      assert.equal(validateProperty(PORT, '5432'), undefined);
      assert.equal(validateProperty(PORT, 5432), undefined);
      assert.equal(validateProperty(PORT, 'abc'), 'Port must be a whole number.');
      assert.equal(validateProperty(PORT, '70000'), 'Port must be a whole number from 1 to 65535.');
      assert.equal(validateProperty(PORT, 0), 'Port must be a whole number from 1 to 65535.');
    });

    it('accepts a hostname or IPv4 address for hosts', () => {
      assert.equal(validateProperty(HOST, 'db.example.com'), undefined);
      assert.equal(validateProperty(HOST, '10.1.2.3'), undefined);
      assert.equal(validateProperty(HOST, 'not a host!'), 'Host must be a hostname or an IPv4 address.');
    });

    it('checks formats, integers, enums and lists of objects', () => {
      assert.match(validateProperty(prop('anchor_time', { type: 'string', format: 'date-time' }), 'tomorrow') ?? '', /must be a date and time in ISO 8601/);
      assert.equal(validateProperty(prop('redirect_uri', { type: 'string', format: 'uri' }), 'not a url'), 'Redirect URI must be a full URL, like https://example.com.');
      assert.equal(validateProperty(prop('marketplace_app_id', { type: 'integer' }), '12.5'), 'Marketplace app ID must be a whole number.');
      assert.equal(validateProperty(prop('marketplace_app_id', { type: 'integer' }), '12'), undefined);
      assert.equal(validateProperty(prop('api_catalog', { type: 'string', enum: ['Advertisers', 'Agencies'] }), 'x'), 'API catalog must be one of: Advertisers, Agencies.');
      assert.equal(validateProperty(REPORTS, [{ name: 'Traffic', id: 'abc' }]), undefined);
      assert.equal(validateProperty(REPORTS, [{ name: 'Traffic' }]), 'Each entry in Reports needs id.');
      assert.equal(validateProperty(REPORTS, [{ name: 'a', id: 'b', extra: 1 }]), "Reports (item 0) has a field it doesn't accept: extra.");
    });

    it('validates cron expressions with the Quartz rules even though the schema is null', () => {
      const cron = prop('cron_expression', null);
      assert.equal(validateProperty(cron, '0 0 12 ? * MON-FRI'), undefined);
      assert.match(validateProperty(cron, '0 0 12 * * MON') ?? '', /cannot both be specified/);
    });
  });

  describe('coercion', () => {
    it('converts form strings only where the schema asks for numbers or booleans', () => {
      assert.equal(coerceValue({ type: 'integer' }, '42'), 42);
      assert.equal(coerceValue({ type: 'boolean' }, 'false'), false);
      assert.equal(coerceValue({ type: 'string', pattern: '^(true|false)$' }, 'true'), 'true');
      assert.equal(coerceValue(PORT.json_schema, '3306'), '3306', 'a digit string already satisfies the union');
      assert.equal(coerceValue({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^x' }] }, '12'), 12);
      assert.equal(coerceValue({ type: 'integer' }, 'abc'), 'abc');
    });
  });

  describe('validateForm and buildPropertiesPayload', () => {
    const API_KEY = prop('api_key', { type: 'string' }, { is_required: true, is_credential: true, provided: true });
    const ACCOUNT = prop('account_id', { type: 'string' }, { is_required: true, property_type: 'user_provided_immutable', provided: true });
    const LIMIT = prop('zendesk_id', { type: 'integer' });
    const IMAGE = prop('image_version', null, { property_type: 'read_only' });
    const props = [API_KEY, ACCOUNT, LIMIT, FREQ, IMAGE];

    it('requires credentials on create but keeps a saved one blank on edit', () => {
      const create = validateForm(props, { account_id: 'a1' }, { mode: 'create' });
      assert.deepEqual(create.errors, { api_key: 'API key is required.' });
      const edit = validateForm(props, { account_id: 'a1' }, { mode: 'edit' });
      assert.equal(edit.valid, true);
    });

    it('reports every bad field at once and returns coerced values', () => {
      const result = validateForm(props, { api_key: 'k', account_id: 'a', zendesk_id: 'x', frequency_in_minutes: '2' });
      assert.deepEqual(Object.keys(result.errors).sort(), ['frequency_in_minutes', 'zendesk_id']);
      assert.deepEqual(validateForm(props, { api_key: 'k', account_id: 'a', zendesk_id: '9' }).values, { api_key: 'k', account_id: 'a', zendesk_id: 9 });
    });

    it('omits blank values on create and never sends read-only properties', () => {
      assert.deepEqual(buildPropertiesPayload(props, { api_key: 'secret', account_id: 'a1', frequency_in_minutes: '', image_version: '1' }, { mode: 'create' }), {
        api_key: 'secret',
        account_id: 'a1',
      });
    });

    it('on edit sends only changes: no blank credentials, no unchanged or immutable values, null for a cleared option', () => {
      const initial = { account_id: 'a1', zendesk_id: '9', frequency_in_minutes: '60' };
      assert.deepEqual(buildPropertiesPayload(props, { api_key: '', account_id: 'changed', zendesk_id: '9', frequency_in_minutes: '60' }, { mode: 'edit', initial }), {});
      assert.deepEqual(buildPropertiesPayload(props, { api_key: 'new-secret', zendesk_id: '10', frequency_in_minutes: '' }, { mode: 'edit', initial }), {
        api_key: 'new-secret',
        zendesk_id: 10,
        frequency_in_minutes: null,
      });
    });

    it('caches one compiled validator per distinct schema', () => {
      const a = compiledValidator({ type: 'string', pattern: '^cache-test$' });
      const before = compiledValidatorCount();
      assert.equal(compiledValidator({ type: 'string', pattern: '^cache-test$' }), a);
      assert.equal(compiledValidatorCount(), before);
    });
  });

  describe('every real report card', function () {
    before(function () {
      requireFixtures(this, sourceTypes);
    });

    it('compiles every property schema and accepts a generated valid value for each, rejecting a wrong-typed one', () => {
      let checked = 0;
      for (const card of sourceTypes!) {
        const model = buildFormModel(card);
        for (const step of model.steps) {
          for (const p of step.properties) {
            if (p.schema && typeof p.schema === 'object') assert.equal(typeof compiledValidator(p.schema as Record<string, unknown>), 'function');
            if (p.section === 'hidden') continue;
            const sample = validSample(p.name, p.schema);
            assert.equal(validateProperty(p, sample), undefined, `${card.type}.${p.name} should accept ${JSON.stringify(sample)}`);
            if (p.schema && typeof p.schema === 'object' && (p.schema as { pattern?: string; format?: string; type?: string }).pattern) {
              assert.ok(validateProperty(p, '!!not valid!!'), `${card.type}.${p.name} should reject junk`);
            }
            if (p.required) assert.ok(validateProperty(p, ''), `${card.type}.${p.name} is required`);
            checked++;
          }
        }
      }
      assert.ok(checked > 1400, `checked ${checked}`);
    });

    it("accepts the documentation's concrete sample values (placeholders skipped)", function () {
      requireFixtures(this, formProperties);
      const placeholder = /[<>`]|\{\{|^X+\d*$|^X\d$|^$/;
      const failures: string[] = [];
      let checked = 0;
      for (const card of sourceTypes!) {
        const doc = formProperties![card.type];
        if (!doc || !card.steps) continue;
        const byName = new Map(buildFormModel(card).steps.flatMap((s) => s.properties).map((p) => [p.name, p]));
        for (const sample of doc.properties) {
          const p = byName.get(sample.name);
          if (!p || typeof sample.value !== 'string') continue;
          let value: unknown = sample.value.trim();
          if (placeholder.test(value as string)) continue;
          if (sample.type === 'array') value = JSON.parse(value as string);
          checked++;
          const error = validateProperty(p, value);
          if (error) failures.push(`${card.type}.${p.name}=${JSON.stringify(value)}: ${error}`);
        }
      }
      assert.ok(checked > 50, `checked ${checked}`);
      // The only two rejections are bugs in the docs' samples, and the validator is right to catch
      // them: a lower-case value outside the card's enum, and a misspelt key ("enitity") in an
      // array of objects whose schema forbids extra keys.
      assert.deepEqual(
        failures.map((f) => f.split('=')[0]),
        ['platform.impact.api_catalog', 'platform.twitter-ads.reports'],
      );
      assert.match(failures[0]!, /must be one of: Advertisers, Agencies, Partners/);
      assert.match(failures[1]!, /doesn't accept: enitity/);
    });
  });
});
