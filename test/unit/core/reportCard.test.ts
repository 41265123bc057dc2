import assert from 'node:assert/strict';
import { controlForSchema } from '../../../src/core/controls';
import { labelFromName, propertyText, stepText } from '../../../src/core/labels';
import { describePattern, isStringBooleanPattern, patternAlternatives } from '../../../src/core/patterns';
import { buildFormModel, currentStepIndex, editableProperties, type ReportCard } from '../../../src/core/reportCard';
import { requireFixtures, sourceTypes } from './fixtures';

const recurlyLike: ReportCard = {
  type: 'platform.example',
  current_step: 1,
  current_step_type: 'form',
  steps: [
    {
      type: 'form',
      properties: [
        { name: 'image_version', is_required: false, is_credential: false, property_type: 'read_only', json_schema: null, provided: false },
        { name: 'quota_limit', is_required: false, is_credential: false, property_type: 'user_provided', json_schema: { type: 'string', pattern: '^\\d+$' }, provided: false },
        { name: 'client_id', is_required: false, is_credential: true, property_type: 'system_provided_by_default', json_schema: { type: 'string' }, provided: false },
        { name: 'api_key', is_required: true, is_credential: true, property_type: 'user_provided', json_schema: { type: 'string' }, provided: true },
        { name: 'page_size', is_required: false, is_credential: false, property_type: 'user_provided_advanced', json_schema: { type: 'string', pattern: '^\\d+$' }, provided: false },
        { name: 'account_id', is_required: true, is_credential: false, property_type: 'user_provided_immutable', json_schema: { type: 'string' }, provided: true },
        { name: 'frequency_in_minutes', is_required: false, is_credential: false, property_type: 'user_provided', json_schema: { type: 'string', pattern: '^1$|^30$|^60$|^360$|^720$|^1440$' }, provided: false },
      ],
    },
    { type: 'discover_schema', properties: [] },
    { type: 'field_selection', properties: [] },
    { type: 'fully_configured', properties: [] },
  ],
};

describe('core/reportCard', () => {
  describe('labels', () => {
    it('derives sentence-case labels with known acronyms', () => {
      assert.equal(labelFromName('start_date'), 'Start date');
      assert.equal(labelFromName('oauth_client_id'), 'OAuth client ID');
      assert.equal(labelFromName('ssl_ca'), 'SSL CA');
      assert.equal(labelFromName('ssh_host'), 'SSH host');
      assert.equal(labelFromName('api_url'), 'API URL');
      assert.equal(labelFromName('customerId'), 'Customer ID');
      assert.equal(labelFromName('allow_non_auto_increment_pks'), 'Allow non auto increment primary keys');
      assert.equal(labelFromName('filter_dbs'), 'Filter databases');
    });

    it('prefers the bundled overlay and gives help for common names', () => {
      assert.equal(propertyText('frequency_in_minutes').label, 'Replication frequency');
      assert.match(propertyText('start_date').help ?? '', /midnight UTC/);
      assert.equal(propertyText('some_unknown_thing').label, 'Some unknown thing');
      assert.equal(propertyText('some_unknown_thing').help, undefined);
    });

    it('names steps and statuses, including unknown step types', () => {
      assert.equal(stepText('field_selection').status, 'needs field selection');
      assert.equal(stepText('oauth').title, 'Authorize');
      assert.equal(stepText('brand_new_step').title, 'Brand new step');
    });
  });

  describe('patterns', () => {
    it('finds alternatives in every spelling the real cards use', () => {
      assert.deepEqual(patternAlternatives('^(AQUA|REST)$'), ['AQUA', 'REST']);
      assert.deepEqual(patternAlternatives('^(true|false)'), ['true', 'false']);
      assert.deepEqual(patternAlternatives('^1|2$'), ['1', '2']);
      assert.equal(patternAlternatives('^(\\d|[1-9]\\d|100)$'), undefined);
      assert.equal(isStringBooleanPattern('^(true|false)$'), true);
      assert.equal(isStringBooleanPattern('^(REST|BULK)$'), false);
    });

    it('explains patterns in words, never as a bare regex', () => {
      assert.equal(describePattern('^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$'), 'a date at midnight UTC, like 2024-01-01T00:00:00Z');
      assert.equal(describePattern('^\\d+$'), 'a whole number');
      assert.equal(describePattern('^(\\d|[1-9]\\d|100)$'), 'a whole number from 0 to 100');
      assert.equal(describePattern('^(REST|BULK)$'), 'one of: REST, BULK');
      assert.equal(describePattern('^[a-z]{3}-\\w+$'), 'a value in the format this source expects');
    });
  });

  describe('controls', () => {
    it('picks a control per schema shape', () => {
      assert.deepEqual(controlForSchema(null), { kind: 'freeText', valueType: 'string' });
      assert.deepEqual(controlForSchema({ type: 'string' }, true), { kind: 'password', valueType: 'string' });
      assert.equal(controlForSchema({ type: 'integer' }).kind, 'number');
      assert.deepEqual(controlForSchema({ type: 'string', pattern: '^(true|false)$' }), { kind: 'boolean', valueType: 'string' });
      assert.deepEqual(controlForSchema({ type: 'string', format: 'date-time' }), { kind: 'datetime', valueType: 'string', midnightOnly: false });
      assert.deepEqual(controlForSchema({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$' }), { kind: 'datetime', valueType: 'string', midnightOnly: true });
      const select = controlForSchema({ type: 'string', enum: ['Advertisers', 'Agencies'] });
      assert.ok(select.kind === 'select' && select.options.map((o) => o.value).join() === 'Advertisers,Agencies');
      const api = controlForSchema({ type: 'string', pattern: '^(LOG_BASED|FULL_TABLE)$' });
      assert.ok(api.kind === 'select' && api.options[0]!.label === 'Log based' && api.options[0]!.value === 'LOG_BASED');
      const port = controlForSchema({ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }] });
      assert.ok(port.kind === 'union' && port.input === 'integer');
      const host = controlForSchema({ type: 'string', anyOf: [{ format: 'hostname' }, { format: 'ipv4' }] });
      assert.ok(host.kind === 'union' && host.input === 'host' && host.hint === 'a hostname or an IPv4 address');
      const list = controlForSchema({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, id: { type: 'string' } }, required: ['name', 'id'] } });
      assert.ok(list.kind === 'objectList' && list.columns.map((c) => `${c.label}:${c.required}`).join() === 'Name:true,ID:true');
      assert.equal(controlForSchema({ type: 'array', items: { type: 'string' } }).kind, 'stringList');
      const uri = controlForSchema({ type: 'string', format: 'uri' });
      assert.ok(uri.kind === 'text' && uri.inputType === 'url');
    });
  });

  describe('buildFormModel', () => {
    it('classifies and orders properties', () => {
      const model = buildFormModel(recurlyLike);
      const form = model.steps[0]!;
      assert.deepEqual(
        form.properties.map((p) => `${p.name}:${p.section}`),
        ['api_key:main', 'account_id:main', 'quota_limit:main', 'frequency_in_minutes:main', 'client_id:advanced', 'page_size:advanced', 'image_version:hidden'],
      );
      const byName = Object.fromEntries(form.properties.map((p) => [p.name, p]));
      assert.match(byName['client_id']!.caution ?? '', /Stitch supplies its own value/);
      assert.equal(byName['account_id']!.locked, false, 'immutable is editable while creating');
      assert.equal(byName['api_key']!.control.kind, 'password');
      assert.equal(byName['api_key']!.placeholder, undefined, 'no saved-credential placeholder on create');
      assert.equal(byName['quota_limit']!.patternHint, 'a whole number');
      assert.equal(byName['frequency_in_minutes']!.scheduleField, true);
      const freq = byName['frequency_in_minutes']!.control;
      assert.ok(freq.kind === 'select' && freq.options[5]!.label === 'Every day');
      assert.deepEqual(editableProperties(model).map((p) => p.name).includes('image_version'), false);
    });

    it('locks immutable properties and shows saved credentials on edit', () => {
      const model = buildFormModel({ ...recurlyLike, current_step: 3, current_step_type: 'field_selection' }, { mode: 'edit' });
      const byName = Object.fromEntries(model.steps[0]!.properties.map((p) => [p.name, p]));
      assert.equal(byName['account_id']!.locked, true);
      assert.match(byName['account_id']!.lockedReason ?? '', /after the source is created/);
      assert.equal(byName['api_key']!.placeholder, 'Saved; leave empty to keep');
      assert.equal(model.currentStepIndex, 2);
      assert.equal(model.status, 'needs field selection');
      assert.deepEqual(model.steps.map((s) => s.state), ['done', 'done', 'current', 'upcoming']);
    });

    it('uses current_step_type when current_step contradicts it (reference §5.2 Shopify example)', () => {
      assert.equal(currentStepIndex({ ...recurlyLike, current_step: 1, current_step_type: 'fully_configured' }), 3);
      assert.equal(currentStepIndex({ ...recurlyLike, current_step: 4, current_step_type: undefined }), 3);
      assert.equal(currentStepIndex({ ...recurlyLike, current_step: 99, current_step_type: undefined }), 3);
      assert.equal(currentStepIndex({ type: 'legacy' }), -1);
    });

    it('marks legacy cards without steps as not configurable', () => {
      const model = buildFormModel({ type: 'adroll', details: { access: false, pipeline_state: 'deprecated' } });
      assert.equal(model.configurable, false);
      assert.equal(model.steps.length, 0);
    });
  });

  describe('every real report card', function () {
    before(function () {
      requireFixtures(this, sourceTypes);
    });

    it('has 228 cards, 184 with steps', () => {
      assert.equal(sourceTypes!.length, 228);
      assert.equal(sourceTypes!.filter((c) => c.steps?.length).length, 184);
    });

    it('builds a form model in both modes, with a label and a control for every property', () => {
      let properties = 0;
      for (const card of sourceTypes!) {
        for (const mode of ['create', 'edit'] as const) {
          const model = buildFormModel(card, { mode });
          assert.equal(model.configurable, (card.steps?.length ?? 0) > 0, card.type);
          for (const step of model.steps) {
            assert.ok(step.title, `${card.type} step ${step.type}`);
            for (const p of step.properties) {
              assert.ok(p.label && !p.label.includes('_'), `${card.type}.${p.name} label "${p.label}"`);
              assert.ok(p.control.kind, `${card.type}.${p.name} control`);
              if (p.credential) assert.equal(p.control.kind, 'password', `${card.type}.${p.name}`);
              if (p.propertyType === 'read_only') assert.equal(p.section, 'hidden');
              if (mode === 'create') properties++;
            }
          }
          if (model.configurable) assert.equal(model.steps[model.currentStepIndex]!.state, 'current');
        }
      }
      assert.ok(properties > 1500, `saw ${properties} properties`);
    });

    it('never falls back to an unexplained pattern for any real property', () => {
      for (const card of sourceTypes!) {
        for (const step of buildFormModel(card).steps) {
          for (const p of step.properties) {
            if (p.patternHint) assert.notEqual(p.patternHint, 'a value in the format this source expects', `${card.type}.${p.name}`);
          }
        }
      }
    });

    it('offers frequency as readable choices on every card that has it', () => {
      let seen = 0;
      for (const card of sourceTypes!) {
        const p = buildFormModel(card).steps.flatMap((s) => s.properties).find((x) => x.name === 'frequency_in_minutes');
        if (!p) continue;
        seen++;
        assert.ok(p.control.kind === 'select');
        if (p.control.kind === 'select') assert.deepEqual(p.control.options.map((o) => o.label), ['Every minute', 'Every 30 minutes', 'Every hour', 'Every 6 hours', 'Every 12 hours', 'Every day']);
      }
      assert.equal(seen, 167);
    });
  });
});
