import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import type { JournalEntry } from '../../src/jobs/jobsService';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';

interface Snapshot {
  followed: { sourceId: number; jobName?: string; showsProgress: boolean; progressOpen: boolean; text?: string }[];
  running: number[];
  statusBar: { text: string; tooltip: string; visible: boolean; command?: unknown };
  journal: JournalEntry[];
  polls: number;
  failures: number;
}

const JOB_SECONDS = 30;

/** Measured figures, written beside the test output for the report (the host's console isn't forwarded). */
function figure(name: string, value: unknown): void {
  fs.appendFileSync(path.join(os.tmpdir(), 'stitch-jobs-figures.jsonl'), `${JSON.stringify({ name, value, at: new Date().toISOString() })}\n`);
}

describe('jobs: run and monitor against the emulator', function () {
  this.timeout(120_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let recurly: number;
  let shopify: number;
  let token: string;
  let clientId: number;
  const extra: number[] = [];
  const useAccount = async (index: number) => {
    await signOutAll(api);
    await signIn(em, index);
    await jobs('clearJournal');
    await control(em, 'DELETE', 'requests');
    return { sourceId: index === 0 ? recurly : extra[index - 1], clientId: em.accounts[index].clientId };
  };

  const jobs = async (op = 'snapshot', extra: Record<string, unknown> = {}) =>
    (await vscode.commands.executeCommand('stitch.internal.jobs', { op, ...extra })) as Snapshot;
  /** Moves the emulator's clock and the poller's clock together. */
  const advance = async (seconds: number, step = 5) => {
    for (let done = 0; done < seconds; done += step) {
      const s = Math.min(step, seconds - done);
      await control(em, 'POST', 'clock', { advanceSeconds: s });
      await jobs('advance', { ms: s * 1000 });
    }
  };
  const journal = async (sourceId?: number) => (await jobs()).journal.filter((e) => sourceId === undefined || e.sourceId === sourceId);
  const startElsewhere = async (sourceId: number) => {
    const res = await fetch(`${em.url}/v4/sources/${sourceId}/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    return (await res.json()) as { job_name?: string };
  };

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    // Three accounts: the client's jobs budget is one per window and per account, and counts real time,
    // while this suite compresses an hour of simulated polling into a minute. So the measurements that
    // poll a lot get accounts of their own (116079, 116080, 116081), each with one configured source.
    em = await emulator({ demo: true, jobSeconds: JOB_SECONDS, tokens: ['emu-jobs-a', 'emu-jobs-b', 'emu-jobs-c', 'emu-jobs-d'] });
    for (const account of em.accounts.slice(1)) {
      const seeded = (await control(em, 'POST', 'seed/sources', { count: 1, clientId: account.clientId })) as { ids: number[] };
      extra.push(seeded.ids[0]);
    }
    await control(em, 'POST', 'clock', { speed: 0 });
    token = em.accounts[0].token;
    clientId = em.accounts[0].clientId;
    await signIn(em);
    assert.ok((await vscode.commands.getCommands(true)).includes('stitch.internal.jobs'), 'the test seam is registered in Test mode');
    const sources = await api.services.accounts.requireClient().listSources();
    const configured = sources.filter((s) => s.report_card?.current_step_type === 'fully_configured' && !s.deleted_at);
    recurly = configured.find((s) => !s.paused_at)!.id;
    shopify = configured.find((s) => s.paused_at)!.id;
    assert.ok(recurly && shopify, 'the demo has a configured active source and a configured paused one');
    await jobs('manualClock');
    await advance(60); // let any start-up poll settle
  });
  beforeEach(async () => {
    await control(em, 'DELETE', 'faults');
    await useAccount(0);
  });
  after(async () => {
    // Later suites rely on the extension's poller running on real time again.
    await jobs('realClock');
    await signOutAll(api);
    await em.close();
  });

  it('Sync Now attaches to a job started elsewhere (already_running) and says so; more clicks start nothing and show no second progress', async () => {
    const started = await startElsewhere(recurly);
    assert.ok(started.job_name);
    await control(em, 'DELETE', 'requests');
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    let snap = await jobs();
    assert.deepEqual(snap.followed.map((f) => f.sourceId), [recurly]);
    assert.ok(snap.journal.some((e) => e.kind === 'info' && /already running: following it/.test(e.text)), JSON.stringify(snap.journal));
    // A double click and a third click: no POST, no second progress.
    await Promise.all([
      vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly }),
      vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly }),
    ]);
    const posts = (await requests(em)).filter((r) => r.method === 'POST' && r.path === `/v4/sources/${recurly}/sync`);
    assert.equal(posts.length, 1, 'one POST (answered already_running)');
    assert.equal(posts[0].status, 200);
    await advance(10);
    snap = await jobs();
    assert.equal(snap.journal.filter((e) => e.kind === 'progress-start').length, 1, 'one progress notification');
    assert.equal(snap.followed[0].jobName, started.job_name, 'the poll revealed the job it attached to');
    assert.match(snap.followed[0].text ?? '', /^Running/);
    await advance(JOB_SECONDS + 10);
    snap = await jobs();
    assert.equal(snap.followed.length, 0);
    const end = snap.journal.find((e) => e.kind === 'info' && /succeeded/.test(e.text));
    assert.ok(end, JSON.stringify(snap.journal));
    assert.deepEqual(end.items, ['View Logs', 'Show Source']);
    assert.equal(end.jobName, started.job_name);
  });

  it('Sync Now starts a job with one POST, follows its phases to the end, and the log opens as a scrubbed read-only document fetched without the token', async () => {
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    let reqs = await requests(em);
    assert.equal(reqs.filter((r) => r.method === 'POST' && r.path === `/v4/sources/${recurly}/sync`).length, 1);
    let snap = await jobs();
    assert.equal(snap.followed.length, 1);
    assert.ok(snap.followed[0].jobName, 'the POST returned the job name');
    assert.equal(snap.followed[0].showsProgress, true);
    assert.ok(snap.statusBar.visible);
    assert.match(snap.statusBar.text, /Stitch: 1 running/);
    assert.equal(snap.statusBar.command, 'stitch.showRunningJobs');
    const jobName = snap.followed[0].jobName!;
    await advance(JOB_SECONDS + 10);
    snap = await jobs();
    assert.equal(snap.followed.length, 0, 'no spinner left');
    assert.equal(snap.statusBar.visible, false);
    const kinds = snap.journal.filter((e) => e.sourceId === recurly).map((e) => e.kind);
    assert.deepEqual(kinds.filter((k) => k.startsWith('progress-start') || k === 'progress-end'), ['progress-start', 'progress-end']);
    assert.ok(snap.journal.some((e) => e.kind === 'progress-update' && /^Running/.test(e.text)));
    const end = snap.journal.find((e) => e.kind === 'info' && e.jobName === jobName);
    assert.match(end?.text ?? '', /succeeded after/);
    await control(em, 'DELETE', 'requests');
    const uri = await vscode.commands.executeCommand<string>('stitch.viewExtractionLogs', { sourceId: recurly, jobName });
    assert.ok(uri?.startsWith('stitch-logs:'), String(uri));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(doc);
    const text = doc.getText();
    assert.match(text, /^# Stitch extraction log: /);
    assert.match(text, new RegExp(`Stitch job ${jobName.replace(/\./g, '\\.')} starting`));
    assert.match(text, /# Result: The sync succeeded/);
    assert.ok(!text.includes(token), 'no token in the log document');
    reqs = await requests(em);
    const logHost = reqs.filter((r) => r.host === 'logs');
    assert.equal(logHost.length, 1);
    assert.equal(logHost[0].authorization, false, 'the log host got no Authorization header');
    assert.equal(logHost[0].status, 200);
    assert.ok(reqs.some((r) => r.host === 'api' && r.status === 302 && r.authorization));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('the progress says what is known, "Running for 10 s (the last sync took 30 s)", and moves between polls', async () => {
    // A fresh account (two followed syncs poll often: the client's budget counts real time). Stitch
    // lists only each source's latest job: the first sync has no predecessor to compare with, the second one has.
    const { sourceId } = await useAccount(3);
    const follow = async () => {
      await jobs('clearJournal');
      const before = (await jobs()).polls;
      await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
      await advance(JOB_SECONDS - 5);
      const polls = (await jobs()).polls - before;
      const lines = (await journal(sourceId)).filter((e) => e.kind === 'progress-update').map((e) => e.text);
      await advance(15);
      assert.equal((await jobs()).followed.length, 0, 'the job ended and nothing is followed');
      const parsed = lines.map((t) => /^Running for (\d+) s(?:: [^(]+)?(?: \(the last sync took (\d+) s\))?$/.exec(t));
      assert.ok(parsed.length > 0 && parsed.every(Boolean), `every line says how long it has run: ${JSON.stringify(lines)}`);
      const seconds = parsed.map((m) => Number(m![1]));
      assert.deepEqual(seconds, [...seconds].sort((a, b) => a - b), 'the time only moves on');
      assert.ok(new Set(seconds).size > polls, `the line moved between the ${polls} polls: ${JSON.stringify(lines)}`);
      assert.ok(!lines.some((t) => /discovery or later|Stitch reports phases/.test(t)), 'no apology');
      return parsed.map((m) => m![2]);
    };
    const first = await follow();
    assert.ok(first.every((last) => last === undefined), 'no earlier sync known: nothing is claimed about it');
    const second = await follow();
    assert.ok(second.every((last) => Math.abs(Number(last) - JOB_SECONDS) <= 1), `the last sync took ${JOB_SECONDS} s: ${JSON.stringify(second)}`);
  });

  it('a job failing in the tap ends with the phase and description, and its log flags the error lines', async () => {
    await control(em, 'POST', 'jobs/fail', { sourceId: recurly, phase: 'tap', exitStatus: 1, description: 'HTTP-error-code: 401, Error: Bad credentials' });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    await advance(JOB_SECONDS + 10);
    const snap = await jobs();
    const end = snap.journal.find((e) => e.kind === 'error' && e.sourceId === recurly);
    assert.ok(end, JSON.stringify(snap.journal));
    assert.match(end.text, /failed in the tap phase after .*: HTTP-error-code: 401, Error: Bad credentials/);
    assert.deepEqual(end.items, ['View Logs', 'Show Source']);
    const uri = await vscode.commands.executeCommand<string>('stitch.viewExtractionLogs', { sourceId: recurly, jobName: end.jobName });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)!;
    assert.match(doc.getText(), /# \d+ error line\(s\)/);
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.parse(uri!));
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error && /Bad credentials/.test(d.message)), JSON.stringify(diagnostics));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Stop Sync ends the followed job as terminated, and the spinner ends', async () => {
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    await advance(5);
    await vscode.commands.executeCommand('stitch.stopSync', { sourceId: recurly, skipConfirmation: true });
    assert.equal((await requests(em)).filter((r) => r.method === 'DELETE' && r.path === `/v4/sources/${recurly}/sync`).length, 1);
    assert.ok((await journal(recurly)).some((e) => e.kind === 'progress-update' && /Stopping/.test(e.text)));
    await advance(15);
    const snap = await jobs();
    assert.equal(snap.followed.length, 0);
    const end = snap.journal.find((e) => e.kind === 'warning' && e.sourceId === recurly);
    assert.match(end?.text ?? '', /was stopped \(terminated\)/);
    assert.ok(snap.journal.some((e) => e.kind === 'progress-end' && e.sourceId === recurly));
  });

  it('the status bar counts the running jobs of the account, including ones started elsewhere, and a paused source can still be synced', async () => {
    await startElsewhere(shopify);
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    await advance(10);
    const snap = await jobs();
    assert.deepEqual(new Set(snap.running), new Set([recurly, shopify]));
    assert.match(snap.statusBar.text, /Stitch: 2 running/);
    await eventually(async () => /Recurly/.test((await jobs()).statusBar.tooltip) && /Shopify/i.test((await jobs()).statusBar.tooltip), 'both names in the tooltip');
    await advance(JOB_SECONDS + 10);
    assert.equal((await jobs()).statusBar.visible, false);
  });

  it('failures give clear messages and no spinner: 500 on sync, connection reset, deleted source', async () => {
    await control(em, 'POST', 'faults', { method: 'POST', path: `^/v4/sources/${recurly}/sync$`, kind: 'status', status: 500, times: 1 });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    await control(em, 'POST', 'faults', { method: 'POST', path: `^/v4/sources/${recurly}/sync$`, kind: 'reset', times: 1 });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    const client = api.services.accounts.requireClient();
    const doomed = await client.createSource({ type: 'platform.recurly', display_name: `Gone ${Date.now()}` });
    await client.deleteSource(doomed.id);
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: doomed.id });
    const snap = await jobs();
    const failures = snap.journal.filter((e) => e.kind === 'failure').map((e) => e.text);
    assert.equal(failures.length, 3, JSON.stringify(snap.journal));
    assert.match(failures[0], /^Couldn't start a sync of ".+": .*500/);
    assert.match(failures[1], /^Couldn't start a sync of ".+": .*(reach|network|socket|reset|ECONNRESET|closed)/i);
    assert.match(failures[2], /^Couldn't start a sync of "Gone \d+": .*Integration is deleted/);
    assert.equal(snap.journal.filter((e) => e.kind === 'progress-start').length, 0);
    assert.equal(snap.followed.length, 0);
    assert.equal(snap.statusBar.visible, false);
  });

  it('a poll failure while following says so in the progress, backs off, and recovers to the end message', async () => {
    const account = await useAccount(2);
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: account.sourceId });
    const fault = (await control(em, 'POST', 'faults', { method: 'GET', path: `^/v4/${account.clientId}/extractions$`, kind: 'status', status: 503 })) as { id: string };
    await advance(20);
    let snap = await jobs();
    assert.ok(snap.failures >= 1);
    assert.match(snap.followed[0]?.text ?? '', /Can't read the job status/);
    await control(em, 'DELETE', `faults/${fault.id}`);
    await advance(JOB_SECONDS + 240);
    snap = await jobs();
    assert.equal(snap.followed.length, 0);
    assert.ok(snap.journal.some((e) => e.kind === 'info' && /succeeded/.test(e.text)));
  });

  it('over 10 simulated minutes of repeated Sync Now clicks, the jobs endpoints get at most 30 requests (emulator counters)', async () => {
    const account = await useAccount(1);
    await control(em, 'DELETE', 'counters');
    const before = (await jobs()).polls;
    for (let t = 0; t < 600; t += 10) {
      if (t % 40 === 0) await vscode.commands.executeCommand('stitch.syncNow', { sourceId: account.sourceId });
      await advance(10, 10);
    }
    const counters = (await control(em, 'GET', 'counters')) as Record<string, number>;
    const jobsRequests = Object.entries(counters).filter(([k]) => /extractions|loads|\{logs\}/.test(k)).reduce((n, [, v]) => n + v, 0);
    const polls = (await jobs()).polls - before;
    figure('budget', { jobsRequests, polls, counters });
    assert.ok(jobsRequests <= 30, `${jobsRequests} requests`);
    assert.ok(polls >= 10, `the poller kept polling while following (${polls})`);
  });

  it('with nothing followed or visible, the poller slows to one request per 10 minutes', async () => {
    await useAccount(1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Earlier suites may have focused the Stitch views; "nothing visible" means another view shows.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await advance(JOB_SECONDS + 60);
    await control(em, 'DELETE', 'counters');
    await advance(20 * 60, 30);
    const counters = (await control(em, 'GET', 'counters')) as Record<string, number>;
    const extractions = Object.entries(counters).filter(([k]) => /extractions/.test(k)).reduce((n, [, v]) => n + v, 0);
    figure('idle', { extractions, polls: (await jobs()).polls, lastError: (await jobs() as unknown as { lastError?: string }).lastError });
    assert.ok(extractions >= 1, 'it still polls now and then');
    assert.ok(extractions <= 3, `${extractions} requests in 20 idle minutes`);
  });

  it('shows a source\'s history: extractions with phase results and loads per stream with readable errors', async () => {
    await control(em, 'POST', 'jobs/fail', { sourceId: recurly, phase: 'target', exitStatus: 1, description: 'password authentication failed for user "stitch"' });
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId: recurly });
    await advance(JOB_SECONDS + 10);
    const budget = api.services.accounts.getClient()?.jobsBudgetStatus(clientId);
    const uri = await vscode.commands.executeCommand<string>('stitch.showHistory', { sourceId: recurly });
    const seen = (await requests(em)).map((r) => `${r.method} ${r.path} ${r.status}`);
    figure('history', { budget, seen });
    assert.ok(uri?.startsWith('stitch-history:'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri!));
    const text = doc.getText();
    assert.match(text, /^# Sync history: /);
    assert.match(text, /\| Started \| Completed \| Took \| Result \| Discovery \| Tap \| Target \| Job \|/);
    assert.match(text, /failed in target \| ok \| ok \| exit 1: password authentication failed/);
    assert.match(text, /## Loads per stream/);
    assert.match(text, /\| Stream \| Last batch loaded \| Error \|/);
    assert.match(text, /\| — \(not loading\) \| LOADER_WAREHOUSE_ERROR: establish a connection to your data warehouse \(password authentication failed/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  it('a source name from the network is isolated in the sync notices and the status bar (a right-to-left override reverses nothing)', async () => {
    const { sourceId } = await useAccount(1);
    const accountToken = em.accounts[1].token;
    const renamed = await fetch(`${em.url}/v4/sources/${sourceId}`, {
      method: 'PUT', headers: { authorization: `Bearer ${accountToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ display_name: 'Invoices \u202Eexe.ppa' }),
    });
    assert.ok(renamed.ok, await renamed.text());
    api.services.state.sources.invalidate(sourceId);
    const started = await fetch(`${em.url}/v4/sources/${sourceId}/sync`, { method: 'POST', headers: { authorization: `Bearer ${accountToken}`, 'content-type': 'application/json' }, body: '{}' });
    assert.ok(((await started.json()) as { job_name?: string }).job_name);
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    const said = (await journal(sourceId)).find((e) => e.kind === 'info' && /already running: following it/.test(e.text));
    assert.ok(said, JSON.stringify(await journal(sourceId)));
    assert.equal(said.text, 'A sync of "\u2068Invoices exe.ppa\u2069" is already running: following it.');
    const snap = await eventually(async () => { const s = await jobs(); return s.statusBar.tooltip.includes('Invoices') ? s : undefined; }, 'the status bar names the running source');
    assert.ok(snap.statusBar.tooltip.includes('\u2068Invoices exe.ppa\u2069') && !snap.statusBar.tooltip.includes('\u202E'), snap.statusBar.tooltip);
    await vscode.commands.executeCommand('stitch.stopSync', { sourceId, skipConfirmation: true });
  });
});
