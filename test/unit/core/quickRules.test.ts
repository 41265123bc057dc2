import * as assert from 'node:assert/strict';
import { controlForSchema } from '../../../src/core/controls';
import { compiles, enumMessage, portMessage, quickRulesFor, requiredMessage, typeMessage } from '../../../src/core/quickRules';
import { buildFormModel } from '../../../src/core/reportCard';
import { validateProperty } from '../../../src/core/validation';
import { quickCheck } from '../../../webview/sourceForm/quickRules';
import { requireFixtures, sourceTypes } from './fixtures';

const prop = (name: string, schema: unknown, extra: { label?: string; credential?: boolean } = {}) => ({
  name, label: extra.label ?? 'Field', schema, control: controlForSchema(schema, extra.credential === true), credential: extra.credential === true,
});

describe('core/quickRules: the builder', () => {
  it('builds required, type, pattern, enum, range and port rules with the host’s messages', () => {
    const port = quickRulesFor(prop('port', { type: 'string', pattern: '^\\d+$' }, { label: 'Port' }), true)!;
    assert.equal(port.required, requiredMessage('Port'));
    assert.deepEqual(port.type, { types: ['string'], message: typeMessage('Port', 'string') });
    assert.deepEqual(port.pattern, { source: '^\\d+$', message: 'Port must be a whole number.' });
    assert.deepEqual(port.port, { message: portMessage('Port') });
    const n = quickRulesFor(prop('count', { type: 'integer', minimum: 1, maximum: 10 }, { label: 'Count' }), false)!;
    assert.equal(n.required, undefined);
    assert.deepEqual(n.range, { min: 1, max: 10, message: 'Count must be from 1 to 10.' });
    assert.equal(n.type?.message, 'Count must be a whole number.');
    const e = quickRulesFor(prop('api', { type: 'string', enum: ['A', 'B'] }, { label: 'API' }), true)!;
    assert.deepEqual(e.enum, { values: ['A', 'B'], message: enumMessage('API', ['A', 'B']) });
    const union = quickRulesFor(prop('quota_limit', { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }] }, { label: 'Quota' }), true)!;
    assert.deepEqual(union.alternatives, { branches: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }], message: 'Quota must be a whole number.' });
  });

  it('skips an invalid pattern (the host reports it) and leaves formats, lists and JSON to the host', () => {
    const bad = quickRulesFor(prop('x', { type: 'string', pattern: '(' }), true)!;
    assert.equal(bad.pattern, undefined);
    assert.equal(bad.required, 'Field is required.');
    assert.equal(quickRulesFor(prop('x', { type: 'string', pattern: '(' }), false)?.pattern, undefined);
    assert.equal(quickRulesFor(prop('x', { type: 'array', items: { type: 'string' } }), true), undefined);
    assert.equal(quickRulesFor(prop('x', { type: 'object' }), true), undefined);
    assert.equal(quickRulesFor(prop('host', { type: 'string', anyOf: [{ format: 'hostname' }, { format: 'ipv4' }] }), false), undefined);
    assert.equal(compiles('^\\d+$'), true);
    assert.equal(compiles('(?<'), false);
  });

  it('credentials are checked as typed (not trimmed), and a blank one is only required when the form requires it', () => {
    const r = quickRulesFor(prop('password', { type: 'string' }, { credential: true, label: 'Password' }), true)!;
    assert.equal(r.untrimmed, true);
    assert.equal(quickCheck(r, '   '), 'Password is required.');
    assert.equal(quickCheck(r, ' secret '), undefined);
  });

  it('quick messages equal the host’s for the same values', () => {
    const cases: Array<[unknown, string[]]> = [
      [{ type: 'string', pattern: '^\\d+$' }, ['x', '5', '0', '70000', ' 42 ', '']],
      [{ type: 'integer', minimum: 1, maximum: 10 }, ['x', '5', '0', '11', '5.5', '']],
      [{ type: 'number', minimum: 0 }, ['-1', '0.5', 'abc']],
      [{ type: 'string', enum: ['A', 'B'] }, ['A', 'C', '']],
      [{ anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+$' }] }, ['x', '5', '-5', '0', '99999', '5.5']],
      [{ type: 'string', pattern: '^(1|30|60)$' }, ['1', '2', '60']],
      [undefined, ['x', '0', '8080']],
    ];
    let errorsSeen = 0;
    for (const [schema, values] of cases) {
      for (const required of [true, false]) {
        const p = prop('ssh_port', schema, { label: 'SSH port' });
        const rules = quickRulesFor(p, required);
        for (const raw of values) {
          const host = validateProperty({ name: 'ssh_port', json_schema: schema as never, is_required: required, is_credential: false, provided: false, property_type: 'user_provided', label: 'SSH port' }, raw.trim());
          const quick = quickCheck(rules, raw);
          assert.equal(quick, host, `${JSON.stringify(schema)} ${JSON.stringify(raw)} required=${required}`);
          if (quick) errorsSeen++;
        }
      }
    }
    assert.ok(errorsSeen > 20, `${errorsSeen} errors compared`);
  });
});

describe('core/quickRules: every real report card', function () {
  before(function () { requireFixtures(this, sourceTypes); });

  it('builds rules for all 228 cards, and every pattern in them compiles', () => {
    assert.equal(sourceTypes!.length, 228);
    let withRules = 0;
    let patterns = 0;
    for (const card of sourceTypes!) {
      const model = buildFormModel(card, { mode: 'create' });
      for (const p of model.steps.flatMap((s) => s.properties)) {
        const rules = quickRulesFor(p, p.required);
        if (!rules) continue;
        withRules++;
        for (const source of [rules.pattern?.source, ...(rules.alternatives?.branches.map((b) => b.pattern) ?? [])]) {
          if (source === undefined) continue;
          patterns++;
          assert.doesNotThrow(() => new RegExp(source, 'u'), `${card.type}: ${source}`);
        }
        for (const m of [rules.required, rules.type?.message, rules.enum?.message, rules.pattern?.message, rules.range?.message, rules.alternatives?.message, rules.port?.message]) {
          if (m !== undefined) assert.match(m, /^\S.*\.$/, `${card.type} ${p.name}: ${m}`);
        }
        // Declarative data only: it crosses to the webview as JSON unchanged.
        assert.deepEqual(JSON.parse(JSON.stringify(rules)), rules);
      }
    }
    assert.ok(withRules > 1000, `${withRules} properties with quick rules`);
    assert.ok(patterns > 400, `${patterns} patterns`);
  });
});
