import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { hasOwn, own } from '../../../src/core/dict';
import { DATA_MAP_KEYS, isSafeRecord } from '../../../src/core/guards';
import { PATTERN_LEFT_TO_STITCH } from '../../../src/core/patternEngine';
import { buildFormModel, type PropertyModel, type ReportCard } from '../../../src/core/reportCard';
import { parseStreamSchema } from '../../../src/core/selection';
import { SelectionSession } from '../../../src/panels/selection/session';
import { FakeApi } from '../selection/fixtures';
import { validateProperty } from '../../../src/core/validation';
import {
  buildPayload, checkForm, editableFields, formStepTypes, initialValues, isPanelKey, isSubmitParams, isValidateParams, panelKeyFromState, sourceTypeFromArg, stepViews,
} from '../../../src/panels/sourceForm/logic';
import type { FormValues, SourceFormState } from '../../../src/protocol/sourceForm';
import { allFields, draftToPersist, mergeDraft } from '../../../webview/sourceForm/draft';
import { quickCheck } from '../../../webview/sourceForm/quickRules';
import { BACKTRACKING_PATTERNS, hostileCatalogue, LONG_BAD_VALUE, LONG_GOOD_VALUE, UNREADABLE_PATTERNS } from '../../support/hostileCatalogue';

/** A value a user could type into the field's control (valid where that is easy, not necessarily). */
function sample(p: PropertyModel): unknown {
  switch (p.control.kind) {
    case 'number': return '1';
    case 'boolean': return true;
    case 'select': return p.control.options[0]?.value ?? 'a';
    case 'stringList': return ['a', 'b'];
    case 'objectList': return [Object.fromEntries(p.control.columns.map((c) => [c.name, `v ${c.name.slice(0, 5)}`]))];
    case 'json': return '{"a": 1}';
    case 'datetime': return '2024-01-01T00:00:00Z';
    default: return 'aaa';
  }
}

/** What the payload carries for the sample, after the host's normalising and coercion. */
function expected(p: PropertyModel, value: unknown): unknown {
  if (p.control.kind === 'boolean') return p.control.valueType === 'string' ? 'true' : true;
  if (p.control.kind === 'json') return { a: 1 };
  if (p.control.kind === 'number' || (typeof value === 'string' && /^\d+$/.test(value) && JSON.stringify(p.schema ?? '').includes('integer'))) return Number(value);
  if (p.control.kind === 'objectList') return JSON.parse(JSON.stringify(value));
  return value;
}

// A freeze guard, not a latency target (that lives in `npm run bench`): JavaScript's own engine
// takes minutes on these values, the linear one about a millisecond; a loaded machine stays far below.
const BUDGET_MS = 1_000;

describe('hostile report cards: every field labelled, kept, sent, and checked in time', () => {
  const cards = hostileCatalogue() as unknown as ReportCard[];

  it('gives every property a readable label, never an Object.prototype member', () => {
    let count = 0;
    for (const card of cards) {
      for (const p of buildFormModel(card).steps.flatMap((s) => s.properties)) {
        assert.equal(typeof p.label, 'string', p.name);
        assert.ok(p.label.trim().length > 0, `label of ${JSON.stringify(p.name.slice(0, 40))}`);
        assert.doesNotMatch(p.label, /native code|\[object|function /, p.name.slice(0, 40));
        if (p.help !== undefined) assert.equal(typeof p.help, 'string');
        count++;
      }
    }
    assert.ok(count >= 40, `${count} properties`);
    const byName = new Map(buildFormModel(cards[1]!).steps[0]!.properties.map((p) => [p.name, p.label]));
    assert.equal(byName.get('format_constructor'), 'Format constructor');
    assert.equal(byName.get('constructor'), 'Constructor');
    assert.equal(byName.get(''), '(unnamed setting)');
  });

  it('round-trips a typed value of every editable field through the webview draft and the POST payload', () => {
    let fields = 0;
    for (const card of cards) {
      const model = buildFormModel(card);
      const key = { kind: 'new' as const, sourceType: card.type };
      assert.ok(isPanelKey(key), `panel key for ${card.type.slice(0, 40)}`);
      assert.deepEqual(panelKeyFromState(JSON.parse(JSON.stringify({ key }))), key, 'a reload restores the panel');
      assert.equal(sourceTypeFromArg({ sourceType: card.type }), card.type, 'the Source Types tree argument opens the form');
      const editable = editableFields(model);
      const typed: FormValues = {};
      for (const p of editable) Object.defineProperty(typed, p.name, { value: sample(p), enumerable: true, writable: true, configurable: true });
      // The webview's state survives a reload as JSON.
      const state = {
        key, mode: 'create', sourceType: card.type, typeLabel: card.type, title: card.type, stage: 'form', steps: stepViews(model),
        currentStepIndex: 0, configurable: true, formStepTypes: formStepTypes(model), values: initialValues(model, undefined), displayName: 'Hostile',
        canSelectStreams: false, text: {},
      } as unknown as SourceFormState;
      const persisted = JSON.parse(JSON.stringify(draftToPersist(key, 'Hostile', typed, allFields(state), false))) as Parameters<typeof mergeDraft>[1];
      const restored = mergeDraft(state, persisted).values;
      // What the webview sends, as it arrives on the host (JSON-shaped, own keys).
      const message = JSON.parse(JSON.stringify({ seq: 1, displayName: 'Hostile', values: restored })) as unknown;
      assert.ok(isSafeRecord(message, 0, DATA_MAP_KEYS), `the channel accepts the ${card.type.slice(0, 40)} form`);
      assert.ok(isValidateParams(message) && isSubmitParams(message), `the panel's guard accepts the ${card.type.slice(0, 40)} form`);
      const checked = checkForm(model, message.values, 'Hostile', []);
      const wire = JSON.parse(JSON.stringify(buildPayload(model, checked.values))) as Record<string, unknown>;
      for (const p of editable) {
        const value = sample(p);
        if (p.credential) {
          assert.ok(!hasOwn(persisted?.values ?? {}, p.name), `credential ${p.name} never persisted`);
          continue;
        }
        assert.deepEqual(own(restored, p.name), value, `draft keeps ${JSON.stringify(p.name.slice(0, 40))} of ${card.type.slice(0, 30)}`);
        assert.ok(hasOwn(wire, p.name), `payload carries ${JSON.stringify(p.name.slice(0, 40))} of ${card.type.slice(0, 30)}`);
        assert.deepEqual(wire[p.name], expected(p, value), `payload value of ${JSON.stringify(p.name.slice(0, 40))}`);
        fields++;
      }
      assert.equal(Object.keys(wire).length, editable.filter((p) => !p.credential).length, 'nothing else in the payload');
    }
    assert.ok(fields >= 35, `${fields} fields`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);
  });

  it('checks every field on 10,000-character values within its budget, on the host and in the webview', () => {
    let checks = 0;
    for (const card of cards) {
      const model = buildFormModel(card);
      const views = new Map(stepViews(model).flatMap((s) => s.properties).map((f) => [f.name, f]));
      for (const p of editableFields(model)) {
        validateProperty(p, 'warm'); // compiles the schema once, as the panel does before the first keystroke
        for (const value of [LONG_BAD_VALUE, LONG_GOOD_VALUE, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!']) {
          let started = performance.now();
          const error = validateProperty(p, value);
          const hostMs = performance.now() - started;
          assert.ok(hostMs < BUDGET_MS, `host check of ${p.name.slice(0, 30)} took ${hostMs.toFixed(1)} ms`);
          if (error !== undefined) assert.equal(typeof error, 'string');
          started = performance.now();
          quickCheck(views.get(p.name)?.quick, value);
          const quickMs = performance.now() - started;
          assert.ok(quickMs < BUDGET_MS, `webview check of ${p.name.slice(0, 30)} took ${quickMs.toFixed(1)} ms`);
          checks += 2;
        }
      }
    }
    assert.ok(checks > 200, `${checks} checks`);
  });

  it('still rejects a value a backtracking pattern rejects, and accepts the ones it accepts', () => {
    const model = buildFormModel(cards[0]!);
    const field = (name: string) => model.steps[0]!.properties.find((p) => p.name === name)!;
    assert.match(validateProperty(field('nested_plus'), LONG_BAD_VALUE) ?? '', /Nested plus must be/);
    assert.equal(validateProperty(field('nested_plus'), LONG_GOOD_VALUE), undefined);
    assert.match(validateProperty(field('words'), 'aaa bbb !') ?? '', /Words must be/);
    assert.equal(validateProperty(field('words'), 'aaa bbb ccc'), undefined);
    const quick = stepViews(model)[0]!.properties.find((f) => f.name === 'nested_plus')!.quick;
    assert.match(quickCheck(quick, LONG_BAD_VALUE) ?? '', /Nested plus must be/);
    assert.equal(quickCheck(quick, LONG_GOOD_VALUE), undefined);
    assert.ok(BACKTRACKING_PATTERNS.length >= 2);
  });

  it('leaves a pattern it cannot read to Stitch, with a note, and never blocks Create on it', () => {
    const card = cards[2]!;
    const model = buildFormModel(card);
    const props = model.steps[0]!.properties.filter((p) => p.name.startsWith('pattern_'));
    assert.equal(props.length, UNREADABLE_PATTERNS.length);
    for (const p of props) {
      assert.equal(p.patternHint, PATTERN_LEFT_TO_STITCH, p.name);
      assert.equal(validateProperty(p, 'anything at all'), undefined, `${p.name} passes here`);
    }
    const values: FormValues = Object.fromEntries(editableFields(model).map((p) => [p.name, 'x']));
    const checked = checkForm(model, values, 'Unreadable', []);
    assert.deepEqual(checked.errors, {}, 'nothing blocks Create');
    assert.equal(Object.keys(buildPayload(model, checked.values)).length, editableFields(model).length);
  });
});

describe('hostile field names in stream selection', () => {
  it('keeps a field named like an Object.prototype member that only the metadata lists', () => {
    const stream = parseStreamSchema('orders', {
      schema: JSON.stringify({ type: 'object', properties: JSON.parse('{"__proto__":{"type":"string"},"id":{"type":"integer"}}') as unknown }),
      metadata: [
        { breadcrumb: [], metadata: { selected: true } },
        { breadcrumb: ['properties', 'constructor'], metadata: { inclusion: 'available' } },
        { breadcrumb: ['properties', 'toString'], metadata: { inclusion: 'automatic' } },
      ],
    } as never);
    assert.deepEqual((stream.fields ?? []).map((f) => f.name).sort(), ['__proto__', 'constructor', 'id', 'toString']);
  });
});

describe('hostile stream ids in the selection session', () => {
  it('keeps the fields of streams named __proto__ and constructor through load, edit and state', async () => {
    const stream = (id: number, tap: string) => ({
      list: { stream_id: id, tap_stream_id: tap, stream_name: tap, selected: null, metadata: { 'table-key-properties': [] } },
      schema: {
        schema: '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"},"id":{"type":"integer"}}}',
        metadata: [
          { breadcrumb: [], metadata: { 'table-key-properties': [] } },
          { breadcrumb: ['properties', '__proto__'], metadata: { inclusion: 'available' } },
          { breadcrumb: ['properties', 'constructor'], metadata: { inclusion: 'available' } },
          { breadcrumb: ['properties', 'id'], metadata: { inclusion: 'available' } },
        ],
      },
    });
    const api = new FakeApi([stream(1, '__proto__'), stream(2, 'constructor'), stream(3, 'plain')] as never);
    const session = new SelectionSession(() => api, 7);
    await session.load();
    for (const id of ['__proto__', 'constructor']) {
      const loaded = await session.loadFields(id);
      assert.deepEqual(loaded.fields.map((f) => f.name).sort(), ['__proto__', 'constructor', 'id']);
    }
    const edited = session.edit([{ op: 'field', stream: '__proto__', field: '__proto__', selected: true }] as never);
    const wire = JSON.parse(JSON.stringify(edited)) as { fields: Record<string, unknown[]> };
    assert.ok(hasOwn(wire.fields, '__proto__'), 'the edited stream\'s field rows are sent');
    const state = JSON.parse(JSON.stringify(session.state())) as { fields: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(state.fields).sort(), ['__proto__', 'constructor']);
  });
});
