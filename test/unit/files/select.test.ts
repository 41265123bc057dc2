/** `select` rules in a source file against the emulator: the plan is the rule engine's, a second plan is empty. */
import assert from 'node:assert/strict';
import type { StitchClient } from '../../../src/api';
import { parseStreamSchema, type StreamSchemaResponse } from '../../../src/core/selection';
import { planRules, previewRules } from '../../../src/core/rules';
import { fileJsonSchema } from '../../../src/core/sourceFile/jsonSchema';
import { locateProblem, parseFileText, setInText } from '../../../src/core/sourceFile/text';
import { discoveryDone } from '../../../src/files/engine';
import { frozenHarnessPerSuite, type Harness } from '../api/emulator-harness';
import { apiRequests, fileOf, testEngine, type TestEngine } from './support';

const TEXT = `{
  "kind": "source",
  "type": "platform.recurly",
  "displayName": "Select Test",
  "properties": { "subdomain": "acme", "quota_limit": "30", "start_date": "2024-01-01T00:00:00Z", "api_key": { "$secret": "sel/api_key" } }
}
`;

describe('files: select rules (emulator)', function () {
  this.timeout(30_000);
  let h: Harness;
  let client: StitchClient;
  let t: TestEngine;
  let text: string;
  let id: number;

  const suite = frozenHarnessPerSuite();
  beforeEach(async () => {
    h = suite.harness();
    client = suite.client();
    t = testEngine(h, client);
    t.secrets.set('sel/api_key', 'k-1');
    const created = await t.engine.apply(fileOf(TEXT), await t.engine.plan(fileOf(TEXT)));
    assert.ok(created.ok && created.createdId);
    id = created.createdId;
    for (let i = 0; i < 20 && !discoveryDone(await t.store.get(id)); i++) await h.advance(5);
    text = setInText(TEXT, ['id'], id);
  });
  afterEach(() => t.store.dispose());

  /** What the rule engine itself makes of `select` over the whole catalogue, every field loaded. */
  async function enginePlan(select: string[]) {
    const streams = await client.listStreams(id);
    const models = await Promise.all(streams.map(async (s) => parseStreamSchema(s.tap_stream_id, (await client.getStreamSchema(id, s.stream_id)) as unknown as StreamSchemaResponse, s)));
    return planRules(models, previewRules(models, select));
  }

  it('plans the rule engine\'s metadata, summarised as counts; after apply a second plan is empty and makes 0 writes', async () => {
    const select = ['*', '!coupons', '!invoices.line_items', 'accounts.email', '!accounts.*', 'accounts.code'];
    const file = fileOf(setInText(text, ['select'], select));
    const planned = await t.engine.plan(file);
    const expected = await enginePlan(select);
    assert.equal(planned.plan.status, 'changes');
    assert.equal(planned.plan.calls.length, 1);
    const call = planned.plan.calls[0]!;
    assert.deepEqual(call.body, expected.body, 'the planned metadata is the rule engine\'s');
    assert.match(call.summary, new RegExp(`^PUT /v4/sources/${id}/streams/metadata: \\+6 streams, \\+1 field$`));
    assert.deepEqual(JSON.parse(planned.plan.fileView).select, ['accounts', 'adjustments', 'invoices', 'plans', 'subscriptions', 'transactions']);
    assert.deepEqual(JSON.parse(planned.plan.liveView).select, []);
    // `accounts.email` never wins: `!accounts.*` comes after it.
    assert.deepEqual(planned.plan.problems.map((p) => [p.path.join('.'), p.severity, p.span]), [['select.3', 'warning', { start: 0, length: 'accounts.email'.length }]]);

    const result = await t.engine.apply(file, planned);
    assert.ok(result.ok, JSON.stringify(result.steps));
    const again = await t.engine.plan(file);
    assert.equal(again.plan.status, 'in-sync', JSON.stringify(again.plan.calls));
    assert.equal(again.plan.liveView, again.plan.fileView);
    await h.control('DELETE', '/__emulator/requests');
    assert.deepEqual((await t.engine.apply(file, again)).steps, []);
    assert.equal((await apiRequests(h)).filter((r) => r.method !== 'GET').length, 0, 'a second apply writes nothing');

    // Narrowing the rules deselects what they drop, fields first; then in sync again.
    const narrower = fileOf(setInText(text, ['select'], ['accounts', '!accounts.company']));
    const third = await t.engine.plan(narrower);
    assert.deepEqual(third.plan.calls[0]!.body, (await enginePlan(['accounts', '!accounts.company'])).body);
    assert.ok((await t.engine.apply(narrower, third)).ok);
    assert.equal((await t.engine.plan(narrower)).plan.status, 'in-sync');
  });

  it('warns on a rule that matches nothing and points a syntax error at its column inside the string', async () => {
    const planned = await t.engine.plan(fileOf(setInText(text, ['select'], ['accounts', 'nosuch_*'])));
    const warning = planned.plan.problems.find((p) => p.path.join('.') === 'select.1');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning!.message, /match/i);

    const bad = setInText(text, ['select'], ['accounts', 'invoices method=SOMETIMES']);
    const parsed = parseFileText(bad);
    assert.equal(parsed.result.ok, false);
    const error = parsed.problems.find((p) => p.path.join('.') === 'select.1');
    assert.ok(error && error.severity === 'error', JSON.stringify(parsed.problems));
    assert.equal(bad.slice(error.offset, error.offset + error.length), 'SOMETIMES');
    // An escaped dot is two characters in the file: the position still lands on the mistake.
    const escaped = setInText(text, ['select'], ['a\\.b x']);
    const at = parseFileText(escaped).problems.find((p) => p.path.join('.') === 'select.0')!;
    assert.equal(escaped.slice(at.offset, at.offset + at.length), 'x');
    assert.ok(at.offset > locateProblem(escaped, { path: ['select', 0] }).offset);
  });

  it('refuses select together with streams', () => {
    const parsed = parseFileText(setInText(setInText(text, ['select'], ['accounts']), ['streams'], { accounts: {} }));
    assert.equal(parsed.result.ok, false);
    assert.ok(parsed.problems.some((p) => p.path.join('.') === 'select' && /together/.test(p.message)));
  });
});

describe('files: select in the served JSON schema', () => {
  it('describes select as a list of rule strings', () => {
    const select = (fileJsonSchema({ type: 'platform.recurly', current_step_type: 'fully_configured', steps: [] } as never).properties as Record<string, Record<string, unknown>>).select!;
    assert.equal(select.type, 'array');
    assert.deepEqual(select.items, { type: 'string', minLength: 1 });
    assert.match(String(select.description), /last matching rule wins/);
  });
});
