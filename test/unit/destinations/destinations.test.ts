/** The destination form's pure half (on the source form's machinery) and the DestinationStore against the emulator. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportCard } from '../../../src/api/types';
import { buildFormModel } from '../../../src/core/reportCard';
import {
  destinationCheckView, destinationFormState, destinationIdFromArg, destinationKeyFromState, destinationInitialValues, formKey, validateDestinationForm,
} from '../../../src/panels/destinationForm/logic';
import { buildPayload } from '../../../src/panels/sourceForm/logic';
import { DestinationStore, readiness } from '../../../src/state/destinationStore';
import { FIXTURES_DIR } from '../core/fixtures';
import { startHarness, type Harness } from '../api/emulator-harness';

/** The documented Postgres destination card (list-destination-types example), when ../shared is present. */
function docsPostgresCard(): ReportCard | undefined {
  const file = path.join(FIXTURES_DIR, 'connect-api-examples.json');
  if (!existsSync(file)) return undefined;
  const examples = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { examples: { type?: string; code?: string }[] }>;
  const code = examples['destination-types/list-destination-types.md']?.examples.find((e) => e.type === 'Response')?.code;
  return (JSON.parse(code ?? '[]') as ReportCard[]).find((c) => c.type === 'postgres');
}

describe('destination form logic (the documented Postgres card)', function () {
  const card = docsPostgresCard();
  before(function () { if (!card) { console.warn('    (skipped: fixtures absent)'); this.skip(); } });

  it('a new destination starts without an SSH tunnel, and its name is free text (no schema name derived)', () => {
    const model = buildFormModel(card!, { mode: 'create' });
    assert.deepEqual(destinationInitialValues(model, undefined), { encryption_type: 'none' });
    const result = validateDestinationForm(model, { seq: 3, displayName: 'My Warehouse (prod)', values: { host: 'db.example.com', port: '5432', username: 'u', database: 'd', password: 'p', ssl: true, encryption_type: 'none' } });
    assert.deepEqual(result, { seq: 3, errors: {} });
    const bad = validateDestinationForm(model, { seq: 4, displayName: '', values: { port: 'abc' } });
    assert.ok(bad.errors.port && bad.errors.host && bad.errors.password, JSON.stringify(bad.errors));
    assert.ok(bad.displayNameError);
  });

  it('on edit a password left blank is omitted; saved values are shown, never a credential', () => {
    const model = buildFormModel({ ...card!, steps: card!.steps!.map((s) => ({ ...s, properties: s.properties.map((p) => ({ ...p, provided: true })) })) }, { mode: 'edit' });
    const saved = { database: 'd', encryption_type: 'none', host: 'db.example.com', port: '5432', ssl: 'true', status: '1', username: 'stitch' };
    const values = destinationInitialValues(model, { properties: saved } as never);
    assert.equal('password' in values, false);
    assert.deepEqual(buildPayload(model, { ...values, password: '' }, saved), {});
    assert.deepEqual(buildPayload(model, { ...values, username: 'admin', password: '' }, saved), { username: 'admin' });
    assert.deepEqual(buildPayload(model, { ...values, password: 'new-pw' }, saved), { password: 'new-pw' });
  });

  it('the state for the shared webview: destination texts, no streams, a key the serializer reads back', () => {
    const model = buildFormModel(card!, { mode: 'create' });
    const state = destinationFormState({ key: { kind: 'new', destinationType: 'postgres' }, type: 'postgres', model, destination: undefined, title: 'New', stage: 'form', busy: false, check: undefined, banner: undefined, fieldErrors: undefined, resetDraft: false });
    assert.equal(state.subject, 'destination', 'the webview words the shared form for a destination');
    assert.equal(state.typeLabel, 'PostgreSQL');
    assert.equal(state.displayName, 'PostgreSQL');
    assert.equal(state.canSelectStreams, false);
    assert.equal(JSON.stringify(state).includes('password":"'), false);
    assert.deepEqual(destinationKeyFromState({ key: formKey({ kind: 'destination', destinationId: 12 }) }), { kind: 'destination', destinationId: 12 });
    assert.equal(destinationKeyFromState({ key: { kind: 'source', sourceId: -1 } }), undefined);
    assert.equal(destinationIdFromArg({ destinationId: 5 }), 5);
    assert.equal(destinationIdFromArg({ destinationId: '5' }), undefined);
  });

  it('a check view has one phase and carries Stitch\'s message', () => {
    const v = destinationCheckView({ name: 'n', mode: 'check', status: 'failed', discovery_error_message: 'FATAL:  password authentication failed for user "stitch"' } as never, 'Connection check');
    assert.deepEqual(v.phases, [{ name: 'check', title: 'Connection check', status: 'failed' }]);
    assert.match(v.message ?? '', /password authentication failed/);
  });
});

describe('DestinationStore (emulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.emu.close(); });

  it('reads destinations with their checks once for concurrent callers; readiness follows the check; accept and remove', async () => {
    await h.reset();
    const { client } = h.client();
    const store = new DestinationStore(() => client);
    let changes = 0;
    store.onDidChange(() => changes++);
    assert.equal(readiness(await store.get()), 'none');
    const d = await client.createDestination({ type: 'postgres', name: 'W', properties: { host: 'db.example.com', port: '5432', database: 'd', username: 'u', password: 'invalid-pw', ssl: false } });
    store.accept(d);
    assert.equal(readiness(store.peek()!), 'checking');
    await h.advance(5);
    await h.clearRequests();
    store.invalidate();
    const [a, b] = await Promise.all([store.get(), store.get()]);
    assert.equal(a, b);
    assert.equal((await h.requestsTo('GET', '/v4/destinations')).length, 1, 'one shared read');
    assert.equal(a[0]!.checkState, 'failed');
    assert.equal(readiness(a), 'failed');
    store.remove(d.id);
    assert.equal(readiness(store.peek()!), 'none');
    assert.ok(changes >= 4);
  });
});
