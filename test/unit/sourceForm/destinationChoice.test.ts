/** The source form's "Load into" choice: what the webview is offered, what is sent, and the current mapping read from the emulator. */
import * as assert from 'node:assert/strict';
import type { Destination, Source } from '../../../src/api/types';
import { currentDestination, destinationChoiceView, destinationToSend, loadDestinationChoice, withDestination, type DestinationChoice } from '../../../src/panels/sourceForm/destinationChoice';
import { updateBody } from '../../../src/panels/sourceForm/logic';
import type { CheckState, DestinationEntry } from '../../../src/state/destinationStore';
import { startHarness, type Harness } from '../api/emulator-harness';

const dest = (id: number, type: string, name: string | null, checkState: CheckState = 'succeeded'): DestinationEntry => ({
  destination: { id, stitch_client_id: 1, type, name, properties: {}, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' } as Destination,
  check: undefined, checkState,
});
const two: DestinationChoice = { entries: [dest(7, 'postgres', 'Warehouse'), dest(9, 's3', 'Lake', 'failed')], current: 7 };
const refuse = (why: string): never => { throw new Error(`refused: ${why}`); };

describe('sourceForm destination choice', () => {
  it('offers no control with one or no destination', () => {
    assert.equal(destinationChoiceView(undefined, 'check failed'), undefined);
    assert.equal(destinationChoiceView({ entries: [], current: undefined }, 'check failed'), undefined);
    assert.equal(destinationChoiceView({ entries: [dest(7, 'postgres', 'W')], current: 7 }, 'check failed'), undefined);
  });

  it('lists name and type, says when a check failed, and selects the current one', () => {
    assert.deepEqual(destinationChoiceView(two, 'connection check failed'), {
      options: [{ id: 7, label: 'Warehouse (PostgreSQL)' }, { id: 9, label: 'Lake (Amazon S3) — connection check failed' }],
      selected: 7,
    });
    const unnamed = destinationChoiceView({ entries: [dest(1, 'snowflake', null), dest(2, 'redshift', 'Amazon Redshift')], current: undefined }, 'x');
    assert.deepEqual(unnamed, { options: [{ id: 1, label: 'Snowflake' }, { id: 2, label: 'Amazon Redshift' }] }, 'no selection when Stitch does not say');
  });

  it('sends the chosen id on create, on edit only when it changed, and nothing when none was chosen', () => {
    assert.equal(destinationToSend(two, 9, 'create', refuse), 9);
    assert.equal(destinationToSend(two, 7, 'create', refuse), 7, 'on create the default choice is sent too');
    assert.equal(destinationToSend(two, 7, 'edit', refuse), undefined, 'unchanged on edit: not sent');
    assert.equal(destinationToSend(two, 9, 'edit', refuse), 9);
    assert.equal(destinationToSend(two, undefined, 'create', refuse), undefined);
    assert.equal(destinationToSend(undefined, undefined, 'edit', refuse), undefined);
    assert.deepEqual(withDestination(undefined), {});
    assert.deepEqual(withDestination(9), { destination_id: 9 });
  });

  it('refuses an id the form did not offer, or any id when it offered none', () => {
    assert.throws(() => destinationToSend(two, 8, 'create', refuse), /refused: a destination this form did not offer/);
    assert.throws(() => destinationToSend({ entries: [dest(7, 'postgres', 'W')], current: 7 }, 7, 'edit', refuse), /refused/);
    assert.throws(() => destinationToSend(undefined, 7, 'create', refuse), /refused/);
  });

  it('the edit PUT body holds only what changed', () => {
    const source = { display_name: 'Shop' } as Source;
    assert.equal(updateBody(source, 'Shop', {}, undefined), undefined);
    assert.deepEqual(updateBody(source, 'Shop', {}, 9), { destination_id: 9 });
    assert.deepEqual(updateBody(source, 'Shop 2', { a: '1' }, undefined), { display_name: 'Shop 2', properties: { a: '1' } });
  });

  it('a destination read that fails leaves the form without the control (logged)', async () => {
    const warnings: string[] = [];
    const choice = await loadDestinationChoice({ destinations: () => Promise.reject(new Error('offline')), requireClient: () => { throw new Error('unused'); }, log: { warn: (m) => warnings.push(m) } }, undefined);
    assert.equal(choice, undefined);
    assert.deepEqual(warnings, ["Source panel: couldn't read the destinations: offline"]);
  });
});

describe('sourceForm destination choice against the emulator', function () {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.emu.close(); });

  it('reads which destination a source loads into (the Source object does not say, §5.1), and follows a PUT', async () => {
    await h.reset();
    await h.control('POST', '/__emulator/settings', { maxDestinations: 3 });
    const { client } = h.client();
    const pg = await client.createDestination({ type: 'postgres', name: 'W', properties: { host: 'db.example.com', port: '5432', database: 'd', username: 'u', password: 'p', ssl: false } });
    const s3 = await client.createDestination({ type: 's3', name: 'Lake', properties: { output_file_format: 'csv', s3_bucket: 'b', s3_key_format_string: 'k' } });
    const src = await client.createSource({ type: 'platform.recurly', display_name: 'Mapped', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'a', frequency_in_minutes: '30' }, destination_id: s3.id });
    assert.equal('destination_id' in src, false, 'the documented Source object carries no destination_id');
    assert.equal(await currentDestination(client, src), s3.id);
    const moved = await client.updateSource(src.id, { destination_id: pg.id });
    assert.equal(await currentDestination(client, moved), pg.id);
    const unmapped = await client.createSource({ type: 'platform.recurly', display_name: 'Unmapped', properties: { start_date: '2024-01-01T00:00:00Z', api_key: 'k', subdomain: 'b', frequency_in_minutes: '30' } });
    assert.equal(await currentDestination(client, unmapped), undefined, 'an unmapped source loads into every destination that takes unmapped sources: no single current one');
  });
});
