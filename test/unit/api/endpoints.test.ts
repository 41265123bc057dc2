/** Every endpoint the extension uses, against the emulator over loopback HTTP. */
import assert from 'node:assert/strict';
import { parseStreamSchema, StitchApiError, type Source, type StitchClient } from '../../../src/api';
import { eventually, startHarness, type Harness } from './emulator-harness';

const START = '2024-01-01T00:00:00Z';

/** A GitHub source that has passed its connection check (so its streams are discovered). */
async function discoveredSource(h: Harness, client: StitchClient, displayName: string, token = 'ghp_secret_value'): Promise<Source> {
  const source = await client.createSource({
    type: 'platform.github',
    display_name: displayName,
    properties: { access_token: token, repository: 'stitch/docs', start_date: START, frequency_in_minutes: '60' },
  });
  await h.advance(60);
  await eventually(() => client.getLastConnectionCheck(source.id), (c) => c.status !== 'running', 'the connection check to finish');
  return source;
}

describe('api/client endpoints (emulator)', function () {
  this.timeout(20_000);
  let h: Harness;
  let client: StitchClient;

  before(async () => {
    h = await startHarness();
    client = h.client().client;
  });
  after(async () => {
    await h?.emu.close();
  });
  beforeEach(async () => {
    await h.reset();
  });

  describe('source types', () => {
    it('lists report cards, legacy entries without steps included', async () => {
      const types = await client.listSourceTypes();
      assert.ok(types.length >= 5);
      const github = types.find((t) => t.type === 'platform.github');
      assert.ok(github?.steps?.some((s) => s.type === 'form'));
      assert.ok(types.some((t) => t.steps === undefined), 'a legacy entry without steps passes the shape check');
    });

    it('gets one report card with its property descriptors', async () => {
      const recurly = await client.getSourceType('platform.recurly');
      assert.equal(recurly.type, 'platform.recurly');
      const form = recurly.steps?.find((s) => s.type === 'form');
      const apiKey = form?.properties.find((p) => p.name === 'api_key');
      assert.equal(apiKey?.is_credential, true);
      assert.equal(apiKey?.provided, false);
    });

    it('an unknown type is not_found', async () => {
      await assert.rejects(client.getSourceType('platform.nope'), (e: unknown) => StitchApiError.is(e, 'not_found'));
    });
  });

  describe('sources', () => {
    it('create, list, get: credentials are never echoed', async () => {
      const created = await client.createSource({
        type: 'platform.github',
        display_name: 'My GitHub',
        properties: { access_token: 'ghp_secret_value', repository: 'stitch/docs', start_date: START },
      });
      assert.equal(created.type, 'platform.github');
      assert.equal(created.name, 'my_github');
      assert.equal(created.stitch_client_id, h.clientId);
      assert.equal(created.properties.repository, 'stitch/docs');
      assert.ok(!('access_token' in created.properties));
      assert.ok(!JSON.stringify(created).includes('ghp_secret_value'));

      const list = await client.listSources();
      assert.deepEqual(list.map((s) => s.id), [created.id]);
      const got = await client.getSource(created.id);
      assert.equal(got.display_name, 'My GitHub');
      assert.equal(await client.findStitchClientId(), h.clientId);
    });

    it('update merges properties and renames display_name but never name', async () => {
      const s = await client.createSource({ type: 'platform.github', display_name: 'Repo', properties: { access_token: 'x_token', repository: 'a/b', start_date: START } });
      const updated = await client.updateSource(s.id, { display_name: 'Repo Renamed', properties: { frequency_in_minutes: '360' } });
      assert.equal(updated.display_name, 'Repo Renamed');
      assert.equal(updated.name, 'repo');
      assert.equal(updated.properties.frequency_in_minutes, '360');
      assert.equal(updated.properties.repository, 'a/b', 'other properties are kept');
    });

    it('pause and unpause through paused_at', async () => {
      const s = await client.createSource({ type: 'platform.github', display_name: 'Pausable', properties: { access_token: 'x_token', repository: 'a/b', start_date: START } });
      const at = new Date('2026-01-02T03:04:05.000Z');
      const paused = await client.pauseSource(s.id, at);
      assert.ok(paused.paused_at, 'paused_at is set');
      assert.equal(Date.parse(paused.paused_at), at.getTime());
      assert.equal(paused.schedule, null);
      const resumed = await client.unpauseSource(s.id);
      assert.equal(resumed.paused_at, null);
    });

    it('delete is soft: deleted_at set and still listed', async () => {
      const s = await client.createSource({ type: 'platform.github', display_name: 'Doomed', properties: { access_token: 'x_token', repository: 'a/b', start_date: START } });
      const deleted = await client.deleteSource(s.id);
      assert.ok(deleted.deleted_at);
      const list = await client.listSources();
      assert.ok(list.find((x) => x.id === s.id)?.deleted_at);
    });
  });

  describe('connection checks', () => {
    it('running, then succeeded', async () => {
      const s = await client.createSource({ type: 'platform.github', display_name: 'Checked', properties: { access_token: 'x_token', repository: 'a/b', start_date: START } });
      const first = await client.getLastConnectionCheck(s.id);
      assert.equal(first.status, 'running');
      assert.equal(first.completion_time, null);
      await h.advance(60);
      const done = await client.getLastConnectionCheck(s.id);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.error, false);
    });

    it('a failed check (HTTP 200 with "error": true) is data, not an API error', async () => {
      const s = await discoveredSource(h, client, 'Bad Creds', 'invalid-token');
      const check = await client.getLastConnectionCheck(s.id);
      assert.equal(check.status, 'failed');
      assert.equal(check.error, true);
      assert.equal(typeof check.discovery_error_message, 'string');
    });
  });

  describe('streams and field selection', () => {
    it('lists streams, gets a schema (raw string + parsed), selects a stream', async () => {
      const s = await discoveredSource(h, client, 'Streams');
      const streams = await client.listStreams(s.id);
      assert.ok(streams.length > 0);
      const stream = streams[0]!;
      assert.equal(typeof stream.tap_stream_id, 'string');

      const schema = await client.getStreamSchema(s.id, stream.stream_id);
      assert.equal(typeof schema.schema, 'string', 'schema stays the raw JSON string');
      const parsed = parseStreamSchema(schema);
      const fields = Object.keys(parsed.properties ?? {});
      assert.ok(fields.length > 0);
      assert.ok(schema.metadata.some((m) => m.breadcrumb.length === 0), 'a stream-level entry');

      const result = await client.updateStreamMetadata(s.id, {
        streams: [
          {
            tap_stream_id: stream.tap_stream_id,
            metadata: [
              { breadcrumb: [], metadata: { selected: true } },
              ...fields.map((f) => ({ breadcrumb: ['properties', f], metadata: { selected: true } })),
            ],
          },
        ],
      });
      assert.equal(result.status, 200);
      const after = await client.listStreams(s.id);
      assert.equal(after.find((x) => x.stream_id === stream.stream_id)?.selected, true);
      const source = await client.getSource(s.id);
      assert.equal(source.report_card?.current_step_type, 'fully_configured');
    });
  });

  describe('sync, extractions, logs, loads', () => {
    async function configured(name: string): Promise<Source> {
      const s = await discoveredSource(h, client, name);
      const [stream] = await client.listStreams(s.id);
      const schema = parseStreamSchema(await client.getStreamSchema(s.id, stream!.stream_id));
      await client.updateStreamMetadata(s.id, {
        streams: [
          {
            tap_stream_id: stream!.tap_stream_id,
            metadata: [
              { breadcrumb: [], metadata: { selected: true } },
              ...Object.keys(schema.properties ?? {}).map((f) => ({ breadcrumb: ['properties', f], metadata: { selected: true } })),
            ],
          },
        ],
      });
      return s;
    }

    it('start, already_running (a 200 with an error body), stop', async () => {
      const s = await configured('Syncable');
      const started = await client.startSync(s.id);
      assert.match(started.job_name, new RegExp(`^${h.clientId}\\.${s.id}\\.sync\\.`));
      await assert.rejects(client.startSync(s.id), (e: unknown) => {
        assert.ok(StitchApiError.is(e, 'already_running'));
        assert.equal(e.status, 200);
        assert.equal(e.type, 'already_running');
        assert.match(e.message, /because one already exists/);
        return true;
      });
      const stopped = await client.stopSync(s.id);
      assert.equal(stopped.status, 200);
    });

    it('extractions page, the log text and loads after a completed sync', async () => {
      const s = await configured('Runs');
      const { job_name } = await client.startSync(s.id);
      await h.advance(600);

      const page = await client.listExtractions(h.clientId);
      assert.equal(page.page, 1);
      assert.ok(page.total >= 1);
      const mine = page.data.find((x) => x.source_id === s.id);
      assert.ok(mine, 'our source has an extraction');
      assert.equal(mine.job_name, job_name);
      assert.equal(mine.tap_exit_status, 0);

      const log = await client.getExtractionLogs(h.clientId, job_name);
      assert.ok(log.length > 0);
      assert.ok(!log.trimStart().startsWith('{'), 'plain text, not a JSON error');

      const loads = await client.listLoads(h.clientId);
      assert.ok(loads.data.some((l) => l.source_name === s.name));
    });

    it('a job failure injected by the emulator shows as a non-zero exit status', async () => {
      const s = await configured('Fails');
      await h.control('POST', '/__emulator/jobs/fail', { sourceId: s.id, phase: 'tap', exitStatus: 1, description: 'boom' });
      await client.startSync(s.id);
      await h.advance(600);
      const page = await client.listExtractions(h.clientId);
      const mine = page.data.find((x) => x.source_id === s.id);
      assert.equal(mine?.tap_exit_status, 1);
      assert.equal(mine?.tap_description, 'boom');
    });

    it('logs of an unknown job are not_found', async () => {
      await assert.rejects(client.getExtractionLogs(h.clientId, `${h.clientId}.1.sync.nope`), (e: unknown) => StitchApiError.is(e, 'not_found'));
    });
  });

  describe('destinations and destination types', () => {
    it('lists and gets destination types', async () => {
      const types = await client.listDestinationTypes();
      assert.ok(types.some((t) => t.type === 'postgres'));
      const pg = await client.getDestinationType('postgres');
      assert.ok(pg.steps?.[0]?.properties.some((p) => p.name === 'password' && p.is_credential));
    });

    it('create, list, get, update, delete; a second delete is a bare-string 400', async () => {
      const created = await client.createDestination({
        type: 'postgres',
        name: 'Staging',
        properties: { host: 'db.example.com', port: '5432', database: 'dw', username: 'stitch', password: 'hunter22', ssl: false, encryption_type: 'none' },
      });
      assert.equal(created.type, 'postgres');
      assert.ok(!('password' in created.properties), 'password is never echoed');

      assert.deepEqual((await client.listDestinations()).map((d) => d.id), [created.id]);
      assert.equal((await client.getDestination(created.id)).id, created.id);

      const updated = await client.updateDestination(created.id, { properties: { port: '5433' } });
      assert.equal(updated.properties.port, '5433');

      await client.deleteDestination(created.id);
      await assert.rejects(client.deleteDestination(created.id), (e: unknown) => {
        assert.ok(StitchApiError.is(e, 'bad_request'));
        assert.equal(e.status, 400);
        assert.match(e.message, /^Unable to locate dest/);
        return true;
      });
    });
  });
});
