/**
 * Secret audit of the capture, in the spirit of the extension's own (test/vscode/security.test.ts):
 * a run with a unique token and credential over an account full of identifying data (emails and
 * URLs in names, properties and job errors), then a search of the capture for every value the
 * emulator says the account holds. Nothing may be found.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { writeSecurityFigures } from '../support/securityReport';
import { Emu } from './helpers';
import type { Exchange } from './recorder';
import { FAKE_HOST, Scrubber } from './scrub';

interface SourceView {
  id: number;
  name: string;
  display_name: string;
  check_job_name: string | null;
  properties: Record<string, unknown>;
  report_card?: { current_step_type?: string };
}

const SAFE = new Set(['frequency_in_minutes', 'anchor_time', 'start_date', 'cron_expression', 'image_version', 'product']);

describe('contract suite: the scrubbed capture holds no secret', function () {
  this.timeout(30_000);
  const token = `at_canary${randomBytes(12).toString('hex')}`;
  const credential = `invalid-canary-${randomBytes(8).toString('hex')}`;
  let emu: Emu;
  before(async () => (emu = await Emu.start({ tokens: [token] })));
  after(() => emu.close());

  async function post(p: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${emu.emu.url}${p}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 200, JSON.stringify(json));
    return json;
  }

  it('no token, credential, id, name, property value, email, URL or log text of the account', async () => {
    // Identifying data the way real accounts have it.
    await post('/v4/sources', {
      type: 'platform.github', display_name: 'Payroll (jane.doe@acme-secret.com)',
      properties: { access_token: `ghp_${randomBytes(10).toString('hex')}`, repository: 'acme-secret-org/payroll-private', start_date: '2024-01-01T00:00:00Z' },
    });
    const listed = await emu.api<SourceView[]>('GET', '/v4/sources');
    const recurly = listed.find((s) => s.report_card?.current_step_type === 'fully_configured')!;
    await emu.control('POST', '/jobs/fail', { sourceId: recurly.id, phase: 'tap', description: 'GET https://acme-secret.recurly.com/v2/accounts?key=abc failed for ops@acme-secret.com' });
    await post(`/v4/sources/${recurly.id}/sync`, {});
    await emu.control('POST', '/clock', { advanceSeconds: 60 });

    const result = await emu.run({ allowWrites: true, confirmAccount: String(emu.clientId), credential });
    assert.notEqual(result.report.verdict, 'aborted');
    const text = JSON.stringify(result.capture);
    // The scrubber keeps Stitch's public catalogue (type lists, report cards): its words ("recurly",
    // "warehouse") are Stitch's, not the account's, so the value search leaves those parts out.
    const accountText = JSON.stringify(result.capture.exchanges.filter((e) => !/^\/v4\/(source|destination)-types/.test(e.path)), (k, v: unknown) => (k === 'report_card' ? undefined : v));
    const holds = (value: string) => new RegExp(`(?<![A-Za-z0-9_.-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`).test(accountText) || (value.length >= 12 && text.includes(value));

    // Ground truth, straight from the emulator.
    const sources = await emu.api<SourceView[]>('GET', '/v4/sources');
    const destinations = await emu.api<{ id: number; name: string; properties: Record<string, unknown> }[]>('GET', '/v4/destinations');
    const extractions = await emu.api<{ data: { job_name: string }[] }>('GET', `/v4/${emu.clientId}/extractions`);
    const streamIds: number[] = [];
    const streamNames: string[] = [];
    for (const s of sources.filter((x) => ['field_selection', 'fully_configured'].includes(String(x.report_card?.current_step_type)))) {
      for (const st of await emu.api<{ stream_id: number; tap_stream_id: string }[]>('GET', `/v4/sources/${s.id}/streams`)) {
        streamIds.push(st.stream_id);
        streamNames.push(st.tap_stream_id);
      }
    }
    const searched: { what: string; value: string }[] = [
      { what: 'the API token', value: token },
      { what: 'the throw-away credential', value: credential },
      { what: 'the account id', value: String(emu.clientId) },
      { what: 'the server address', value: new URL(emu.emu.url).host },
      { what: 'the log host address', value: new URL(emu.emu.logHostUrl).host },
      ...sources.flatMap((s) => [
        { what: `source id ${s.id}`, value: String(s.id) },
        { what: `source name of ${s.id}`, value: s.name },
        { what: `display name of ${s.id}`, value: s.display_name },
        ...(s.check_job_name ? [{ what: `check job of ${s.id}`, value: s.check_job_name.split('.').pop()! }] : []),
        ...Object.entries(s.properties).filter(([k, v]) => !SAFE.has(k) && typeof v === 'string' && v.length >= 6).map(([k, v]) => ({ what: `property ${k} of ${s.id}`, value: String(v) })),
      ]),
      ...destinations.flatMap((d) => [
        { what: `destination id ${d.id}`, value: String(d.id) },
        ...Object.entries(d.properties).filter(([, v]) => typeof v === 'string' && v.length >= 6).map(([k, v]) => ({ what: `destination property ${k}`, value: String(v) })),
      ]),
      ...extractions.data.map((e) => ({ what: `job ${e.job_name}`, value: e.job_name.split('.').pop()! })),
      ...streamIds.map((id) => ({ what: `stream id ${id}`, value: String(id) })),
      ...streamNames.filter((n) => n.length >= 6).map((n) => ({ what: `stream ${n}`, value: n })),
      { what: 'an email', value: 'acme-secret' },
    ];
    assert.ok(searched.length > 40, `searched for ${searched.length} values`);
    const found = searched.filter((s) => holds(s.value)).map((s) => s.what);
    const emails = [...text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) => m[0]).filter((e) => !e.endsWith(`@${FAKE_HOST}`));
    const urls = [...text.matchAll(/https?:\/\/[^\s"'<>\\)]+/g)].map((m) => m[0]).filter((u) => !new URL(u).host.endsWith(FAKE_HOST));
    writeSecurityFigures(path.resolve(__dirname, '..', '..'), 'contractCapture', {
      exchanges: result.capture.exchanges.length, valuesSearched: searched.length, found, foreignEmails: emails.length, foreignUrls: urls.length,
    });
    // The search is not blind: over the raw answers it finds the account's ids, names and emails.
    const raw = result.exchanges.map((e) => `${e.path} ${e.location ?? ''} ${e.bodyText}`).join('\n');
    const rawFound = searched.filter((s) => raw.includes(s.value)).map((s) => s.what);
    for (const what of ['the account id', 'the log host address', 'an email', ...sources.map((s) => `source id ${s.id}`)]) {
      assert.ok(rawFound.includes(what), `the raw answers hold ${what}`);
    }
    assert.ok(rawFound.some((w) => w.startsWith('stream id ')) && rawFound.some((w) => w.startsWith('display name of ')));
    assert.deepEqual(found, []);
    assert.deepEqual(emails, []);
    assert.deepEqual(urls, []);
    // And the capture still says what happened: the log was fetched, the check failed, the job failed.
    assert.ok(result.capture.exchanges.some((e) => e.bodyFormat === 'log' && /^\[extraction log text: \d+ lines, not kept\]$/.test(String(e.body))));
    assert.match(text, /"status":"failed"/);
    assert.match(text, /failed for user@example\.invalid/);
  });

  it('quoted property values, undocumented *_id fields, field exclusions and job names in free text are replaced', () => {
    const ex = (seq: number, path: string, body: unknown): Exchange => ({ seq, step: 's', method: 'GET', host: 'api', path, status: 200, contentType: 'application/json', location: null, bodyText: JSON.stringify(body) });
    const capture = new Scrubber(['tok_secret_value']).capture([
      ex(1, '/v4/sources/123456', { id: 123456, stitch_client_id: 654321, type: 'platform.postgres', name: 'payroll_db', display_name: 'Payroll DB', owner_id: 777777, properties: { user: 'jane_doe_admin', host: 'db.acme-secret.internal', frequency_in_minutes: '60' } }),
      ex(2, '/v4/sources/123456/last-connection-check', { name: '654321.123456.check.3e20af99-b4b3-11ea-a947-0e6d53ce325f', mode: 'check', discovery_error_message: 'FATAL: password authentication failed for user "jane_doe_admin" on db.acme-secret.internal (token tok_secret_value, source 123456)' }),
      ex(3, '/v4/sources/123456/streams/99999', { schema: '{"type":"object","properties":{"salary":{"type":"number"}}}', metadata: [{ breadcrumb: ['properties', 'salary'], metadata: { fieldExclusions: [['properties', 'salary']] } }] }),
    ], 'read-only', { verdict: 'pass', findings: [] });
    const text = JSON.stringify(capture);
    for (const secret of ['jane_doe_admin', 'acme-secret', 'tok_secret_value', '123456', '654321', '777777', 'payroll', 'Payroll', 'salary', '3e20af99', '99999']) {
      assert.ok(!text.includes(secret), `${secret} is gone: ${text}`);
    }
    const [source, check, schema] = capture.exchanges.map((e) => e.body as Record<string, any>);
    assert.equal(source!.properties.frequency_in_minutes, '60', 'scheduling values stay');
    assert.equal(check!.name.split('.')[0], String(source!.stitch_client_id), 'the job name uses the same fake ids');
    assert.match(check!.discovery_error_message, /for user "\[scrubbed\]" on \[scrubbed\] \(token \[secret\], source 9000001\)/);
    assert.equal(capture.exchanges[0]!.path, `/v4/sources/${source!.id}`);
    assert.deepEqual(schema!.metadata[0].breadcrumb, schema!.metadata[0].metadata.fieldExclusions[0]);
    assert.deepEqual(Object.keys(JSON.parse(schema!.schema).properties), [schema!.metadata[0].breadcrumb[1]]);
  });
});
