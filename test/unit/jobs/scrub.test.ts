import * as assert from 'node:assert/strict';
import { findProblems, MASK, renderLogDocument, scrubLog } from '../../../src/jobs/scrub';
import { describeLoadError, renderHistory } from '../../../src/jobs/historyDoc';

describe('jobs: log scrubbing and summary', () => {
  it('replaces known secrets by value, longest first', () => {
    const out = scrubLog('token abcd1234xyz and abcd1234 here', ['abcd1234', 'abcd1234xyz']);
    assert.equal(out, `token ${MASK} and ${MASK} here`);
  });

  it('replaces sensitive key=value, JSON pairs, bearer tokens and presigned signatures', () => {
    const log = [
      'connecting with password=hunter22 user=bob',
      '{"api_key": "sk_live_123", "host": "db.example.com", "client_secret":"s3cr3t"}',
      'GET https://logs/x?X-Amz-Expires=900&x-amz-security-token=abcdef0123',
      'Authorization: Bearer eyJhbGciOi.payload.sig',
      'refresh_token: 1//0abc-def',
    ].join('\n');
    const out = scrubLog(log);
    for (const secret of ['hunter22', 'sk_live_123', 's3cr3t', 'abcdef0123', 'eyJhbGciOi', '1//0abc-def']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
    for (const kept of ['user=bob', 'db.example.com', 'X-Amz-Expires=900']) assert.ok(out.includes(kept), `${kept} kept`);
  });

  it('leaves ordinary log lines alone', () => {
    const line = '2024-05-01 10:00:01,000Z tap-recurly - INFO METRIC: {"type": "counter", "metric": "record_count", "value": 12}';
    assert.equal(scrubLog(line), line);
  });

  it('finds error and warning lines', () => {
    const problems = findProblems('a - INFO ok\nb - CRITICAL boom\nc - INFO Tap exited with status 1\nd - WARN Job terminated by request\ne - INFO Discovery exited with status 0');
    assert.deepEqual(problems.map((p) => [p.line, p.severity]), [[1, 'error'], [2, 'error'], [3, 'warning']]);
  });

  it('puts a summary on top whose line numbers point at the problem lines of the document', () => {
    const log = 'x - INFO start\nx - CRITICAL HTTP 401 Unauthorized\nx - INFO Tap exited with status 1\n';
    const { text, problems } = renderLogDocument({ sourceName: 'Recurly', jobName: 'j1', result: 'failed in tap', fetchedAt: 'now', complete: true }, log);
    const lines = text.split('\n');
    assert.match(lines[0]!, /Recurly/);
    assert.ok(lines.some((l) => /2 error line\(s\)/.test(l)));
    for (const p of problems) assert.equal(lines[p.line], log.split('\n')[p.line - (lines.length - log.split('\n').length)]);
    const listed = lines.filter((l) => /^# {3}line (\d+)/.test(l)).map((l) => Number(/line (\d+)/.exec(l)![1]));
    assert.deepEqual(listed, problems.map((p) => p.line + 1));
    assert.match(lines[listed[0]! - 1]!, /CRITICAL HTTP 401/);
  });

  it('says when there is nothing to look at', () => {
    const { text, problems } = renderLogDocument({ sourceName: 'S', jobName: 'j', fetchedAt: 'now', complete: false }, 'all fine');
    assert.equal(problems.length, 0);
    assert.match(text, /No error or warning lines/);
    assert.match(text, /while the job was running/);
  });
});

describe('jobs: history document', () => {
  const warehouse = {
    notification_data: { message: 'establish a connection to your data warehouse', exception_message: 'password authentication failed', error: 'LOADER_WAREHOUSE_ERROR', status: 'ERROR', warehouse_message: 'password authentication failed', column: null },
    exception_chain: [{ class: 'x', message: 'establish a connection to your data warehouse' }],
  };

  it('makes load errors readable', () => {
    assert.equal(describeLoadError(null), undefined);
    assert.equal(describeLoadError(warehouse), 'LOADER_WAREHOUSE_ERROR: establish a connection to your data warehouse (password authentication failed)');
    assert.equal(describeLoadError({}), 'an error Stitch did not describe');
    assert.equal(describeLoadError('plain'), 'plain');
  });

  it('renders extractions with phase results and the source\'s loads only', () => {
    const md = renderHistory({
      sourceName: 'Recurly', sourceId: 7, schemaName: 'recurly', generatedAt: 'now',
      extractions: [
        { job_name: 'j2', source_id: 7, start_time: '2024-05-02T00:00:00Z', completion_time: '2024-05-02T00:01:00Z', discovery_exit_status: 0, discovery_description: null, tap_exit_status: 1, tap_description: 'HTTP | 401', target_exit_status: 0, target_description: null },
        { job_name: 'j1', source_id: 7, start_time: '2024-05-01T00:00:00Z', completion_time: '2024-05-01T00:01:00Z', discovery_exit_status: 0, discovery_description: null, tap_exit_status: 0, tap_description: null, target_exit_status: 0, target_description: null },
        { job_name: 'other', source_id: 8, start_time: '2024-05-03T00:00:00Z', completion_time: null, discovery_exit_status: null, discovery_description: null, tap_exit_status: null, tap_description: null, target_exit_status: null, target_description: null },
      ],
      loads: [
        { source_name: 'recurly', stream_name: 'accounts', last_batch_loaded_at: null, error_state: warehouse },
        { source_name: 'recurly', stream_name: 'invoices', last_batch_loaded_at: '2024-05-01T00:02:00Z', error_state: null },
        { source_name: 'github', stream_name: 'commits', last_batch_loaded_at: '2024-05-01T00:02:00Z', error_state: null },
      ],
    });
    const rows = md.split('\n').filter((l) => l.startsWith('| 2024') || l.startsWith('| accounts') || l.startsWith('| invoices') || l.startsWith('| commits'));
    assert.equal(rows.length, 4);
    assert.match(rows[0]!, /failed in tap \| ok \| exit 1: HTTP \\\| 401 \| ok/);
    assert.match(rows[1]!, /succeeded/);
    assert.match(md, /\| accounts \| — \(not loading\) \| LOADER_WAREHOUSE_ERROR: establish a connection/);
    assert.ok(!md.includes('commits') && !md.includes('`other`'));
  });
});
