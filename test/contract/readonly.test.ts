/**
 * The contract suite against the emulator: it passes as the emulator stands, makes no write request
 * in read-only mode, and fails with a precise report for each deliberate deviation.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { emulatorPerSuite, tempDir, type Emu } from './helpers';
import { writeArtifacts } from './report';
import type { ContractResult } from './suite';

const READ_ONLY_STEPS = [
  'source types', 'sources', 'one source', 'last connection check', 'streams', 'stream schema',
  'error: unknown stream', 'error: unknown source', 'error: unknown source type',
  'extractions', 'loads', 'extraction logs', 'destinations', 'destination types',
];

const breaks = (r: ContractResult) => r.report.findings.filter((f) => f.severity === 'break');
const differences = (r: ContractResult) => r.report.findings.filter((f) => f.severity === 'difference');

describe('contract suite: read-only against the emulator', function () {
  this.timeout(30_000);
  const emulator = emulatorPerSuite();
  let emu: Emu;
  beforeEach(() => { emu = emulator(); });

  it('passes: every step ok, no finding, within the jobs budget', async () => {
    const result = await emu.run();
    const { report } = result;
    assert.equal(report.verdict, 'pass', JSON.stringify(report.findings, null, 1));
    assert.equal(result.exitCode, 0);
    assert.deepEqual(report.findings, []);
    for (const name of READ_ONLY_STEPS) {
      const step = report.steps.find((s) => s.name === name);
      assert.equal(step?.outcome, 'ok', `${name}: ${JSON.stringify(step)}`);
    }
    assert.ok(report.steps.filter((s) => s.name.startsWith('report card ')).length >= 1, 'at least one report card');
    assert.equal(report.figures.jobsRequests, 3, 'extractions, loads, one log');
    assert.ok(report.figures.jobsRequests <= report.figures.jobsLimit && report.figures.jobsLimit < 30);
    assert.equal(report.figures.logHostRequests, 1);
  });

  it('makes no write request: the emulator request log holds GETs only, as many as the report counts', async () => {
    await emu.control('DELETE', '/requests');
    const { report } = await emu.run();
    const log = await emu.requests();
    assert.equal(log.length, report.figures.requests);
    assert.deepEqual([...new Set(log.map((r) => r.method))], ['GET']);
    assert.equal(report.figures.writeRequests, 0);
    assert.deepEqual(Object.keys(report.figures.byMethod), ['GET']);
    assert.equal(log.filter((r) => r.host === 'api' && /^\/v4\/\d+\/(extractions|loads)/.test(r.path)).length, report.figures.jobsRequests);
  });

  it('writes the JSON report, the Markdown summary and the capture', async () => {
    const dir = tempDir();
    try {
      const files = writeArtifacts(dir, await emu.run());
      const json = JSON.parse(fs.readFileSync(files.report, 'utf8')) as { verdict: string; steps: unknown[] };
      assert.equal(json.verdict, 'pass');
      assert.ok(json.steps.length >= READ_ONLY_STEPS.length);
      const md = fs.readFileSync(files.summary, 'utf8');
      assert.match(md, /Verdict: \*\*pass\*\*/);
      assert.match(md, /\| extraction logs \| .* \| ok \| 302 \| 2 \|/);
      const capture = JSON.parse(fs.readFileSync(files.capture, 'utf8')) as { format: string; exchanges: unknown[] };
      assert.equal(capture.format, 'stitch-contract-capture/1');
      assert.equal(capture.exchanges.length, json.steps.reduce((n: number, s) => n + (s as { requests: number }).requests, 0));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rejected token or an unreachable server aborts the run at once (exit 2), saying why', async () => {
    const rejected = await emu.run({ token: 'not-a-valid-token' });
    assert.equal(rejected.report.verdict, 'aborted');
    assert.equal(rejected.exitCode, 2);
    assert.match(rejected.report.aborted!, /the token was rejected \(HTTP 401\) during "source types"/);
    assert.equal(rejected.report.figures.requests, 1);
    const unreachable = await emu.run({ baseUrl: 'http://127.0.0.1:9' });
    assert.equal(unreachable.report.verdict, 'aborted');
    assert.match(unreachable.report.aborted!, /no answer from the server during "source types"/);
  });

  describe('each deliberate deviation fails the run with a precise report', () => {
    afterEach(() => emu.control('DELETE', '/deviations'));

    it('a renamed field (streams: tap_stream_id sent as "tap-stream-id")', async () => {
      await emu.control('POST', '/deviations', { renamedField: true });
      const result = await emu.run();
      assert.equal(result.report.verdict, 'breaks');
      assert.equal(result.exitCode, 1);
      assert.deepEqual(breaks(result).map((f) => [f.step, f.kind]), [['streams', 'shape']]);
      assert.match(breaks(result)[0]!.detail, /streams\[0\]\.tap_stream_id is not a string \(GET \/v4\/sources\/\d+\/streams\)/);
      const diff = differences(result).map((d) => `${d.kind} ${d.at}`);
      assert.deepEqual(diff.sort(), ['missing_field streams[].tap_stream_id', 'unknown_field streams[].tap-stream-id']);
      assert.equal(result.report.steps.find((s) => s.name === 'stream schema')?.outcome, 'skipped');
    });

    it('a number as a string (sources: "id" sent as a string)', async () => {
      await emu.control('POST', '/deviations', { numberAsString: true });
      const result = await emu.run();
      assert.equal(result.report.verdict, 'breaks');
      assert.deepEqual(breaks(result).map((f) => [f.step, f.kind]), [['sources', 'shape']]);
      assert.match(breaks(result)[0]!.detail, /sources\[0\]\.id is not a number \(GET \/v4\/sources\)/);
      const typeDiff = differences(result).find((d) => d.kind === 'other_type');
      assert.equal(typeDiff?.at, 'sources[].id');
      assert.match(typeDiff!.detail, /expected number, got string \("\d+"\)/);
      // Read with deviations off, so the count is the demo account's real number of sources.
      await emu.control('DELETE', '/deviations');
      const sources = await emu.api<unknown[]>('GET', '/v4/sources');
      assert.ok(sources.length >= 4);
      assert.equal(typeDiff!.count, sources.length, 'every demo source');
    });

    it('another error body ({"errors":[{"detail"}]} on every 4xx)', async () => {
      await emu.control('POST', '/deviations', { errorBody: true });
      const result = await emu.run();
      assert.equal(result.report.verdict, 'breaks');
      assert.deepEqual(breaks(result).map((f) => [f.step, f.kind]), [
        ['error: unknown stream', 'error_body'], ['error: unknown source', 'error_body'], ['error: unknown source type', 'error_body'],
      ]);
      for (const b of breaks(result)) assert.match(b.detail, /HTTP 40\d error body the extension cannot read \(no known family, no message\): \{"errors":\[\{"detail":/);
    });

    it('a missing Location on the logs redirect', async () => {
      await emu.control('POST', '/deviations', { logsNoLocation: true });
      const result = await emu.run();
      assert.equal(result.report.verdict, 'breaks');
      assert.deepEqual(breaks(result).map((f) => [f.step, f.kind]), [['extraction logs', 'shape']]);
      assert.match(breaks(result)[0]!.detail, /redirect 302 without a usable Location \(GET \/v4\/\d+\/extractions\/\d+\.\d+\.sync\./);
      assert.equal(result.report.figures.logHostRequests, 0);
    });

    it('all four at once: each shows up in the Markdown summary', async () => {
      await emu.control('POST', '/deviations', { renamedField: true, numberAsString: true, errorBody: true, logsNoLocation: true });
      const result = await emu.run();
      const dir = tempDir();
      try {
        const md = fs.readFileSync(writeArtifacts(dir, result).summary, 'utf8');
        assert.match(md, /Verdict: \*\*breaks\*\*/);
        assert.match(md, /\| break \| sources \| shape \|/);
        assert.match(md, /\| difference \| sources \| other_type \| sources\[\]\.id \|/);
        assert.match(md, /\| break \| error: unknown source \| error_body \|/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
