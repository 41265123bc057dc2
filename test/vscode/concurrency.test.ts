// Issue 12, point 5: concurrency and state, in the real extension host against the emulator.
//
// "Two windows on one account" is simulated as follows, and only this: a second JobsService and a
// second AccountService, built in this host against the SAME ExtensionContext (so the same
// globalState, SecretStorage and global-storage folder, where the cross-window claim files, poll
// ledger and snapshots live), with a different window identity (the `owner` of its claims, which a
// real second window gets from its own session id and process id). What a real second window
// shares with the first is exactly that: the secret store, the global state and the global storage
// folder. What is not simulated: a second extension host process (both services run on one event
// loop, so "simultaneous" means interleaved at each await), and a second UI (window B's Sources
// tree is a stub that records what the poller tells it).
//
// A rapid double Sync Now in ONE window (one POST, one progress) is covered by test/vscode/jobs.test.ts
// ("Sync Now attaches to a job started elsewhere … more clicks start nothing and show no second
// progress", and "Sync Now starts a job with one POST"); here the double click spans two windows.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Extraction } from '../../src/api';
import { AccountService } from '../../src/auth/accountService';
import type { StitchExtensionApi } from '../../src/extension';
import { JobsService, type JournalEntry } from '../../src/jobs/jobsService';
import type { SourceFormPanel } from '../../src/panels/sourceForm';
import { SourceEvents } from '../../src/sourceEvents';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, eventually, requests, signIn, signOutAll } from './support';
import { writeSecurityFigures as writeFigures } from '../support/securityReport';

interface Snapshot { followed: { sourceId: number; jobName?: string; showsProgress: boolean }[]; running: number[]; journal: JournalEntry[]; polls: number; failures: number }


describe('concurrency: two windows, a source deleted elsewhere, a token revoked in use', function () {
  this.timeout(180_000);
  const JOB_SECONDS = 30;
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  let headers: Record<string, string>;
  const warnings: { message: string; items: string[] }[] = [];
  const errors: { message: string; items: string[] }[] = [];
  const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
  const originals = { error: vscode.window.showErrorMessage, warn: vscode.window.showWarningMessage };
  const disposables: vscode.Disposable[] = [];
  const figures: Record<string, unknown> = {};

  const jobsA = async (op = 'snapshot', extra: Record<string, unknown> = {}) =>
    (await vscode.commands.executeCommand('stitch.internal.jobs', { op, ...extra })) as Snapshot;
  const createSource = async (displayName: string, password = 'secret') => {
    const res = await fetch(`${em.url}/v4/sources`, {
      method: 'POST', headers,
      body: JSON.stringify({ type: 'platform.postgres', display_name: displayName, properties: { host: 'db.example.com', port: '5432', database: 'shop', user: 'etl', password } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { id: number }).id;
  };

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    em = await emulator({ demo: true, jobSeconds: JOB_SECONDS, tokens: ['conc-token-a'] });
    headers = { authorization: `Bearer ${em.accounts[0].token}`, 'content-type': 'application/json' };
    await control(em, 'POST', 'clock', { speed: 0 });
    const record = (into: typeof warnings, original: (...a: never[]) => Thenable<unknown>) => ((message: string, ...rest: unknown[]) => {
      into.push({ message, items: rest.filter((r): r is string => typeof r === 'string') });
      void (original as (...a: unknown[]) => Thenable<unknown>)(message, ...rest);
      return Promise.resolve(undefined);
    });
    win.showErrorMessage = record(errors, originals.error) as typeof vscode.window.showErrorMessage;
    win.showWarningMessage = record(warnings, originals.warn) as typeof vscode.window.showWarningMessage;
    await signIn(em, 0, 'Concurrency');
    await jobsA('manualClock');
  });
  after(async () => {
    win.showErrorMessage = originals.error;
    win.showWarningMessage = originals.warn;
    for (const d of disposables.reverse()) d.dispose();
    await jobsA('realClock');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await control(em, 'DELETE', 'faults');
    await signOutAll(api);
    await em?.close();
    writeFigures(api.services.context.extensionUri.fsPath, 'concurrency', figures);
  });

  it('two windows click Sync Now on one source at once: one POST, one progress, both windows see it run and end', async () => {
    const sourceId = (await api.services.accounts.requireClient().listSources())
      .find((s) => s.report_card?.current_step_type === 'fully_configured' && !s.paused_at && !s.deleted_at)!.id;
    // Window B: its own account service and jobs service on the same context, with its own identity.
    const accountsB = new AccountService(api.services.context, api.services.log, api.services.redactor);
    const eventsB = new SourceEvents();
    const treeB = { running: new Map<number, boolean>(), extractions: [] as Extraction[], setRunning(id: number, on: boolean) { this.running.set(id, on); }, setExtractions(list: Extraction[]) { this.extractions = list; } };
    const jobsB = new JobsService({ ...api.services, accounts: accountsB, sourceEvents: eventsB }, treeB, { owner: 'simulated-window-B' });
    disposables.push(accountsB, eventsB, jobsB);
    assert.equal(accountsB.active?.name, 'Concurrency', 'window B sees the account window A signed in to (same globalState and secrets)');
    await jobsB.internal({ op: 'manualClock' });
    await control(em, 'DELETE', 'requests');
    await jobsA('clearJournal');

    await Promise.all([
      vscode.commands.executeCommand('stitch.syncNow', { sourceId }),
      jobsB.syncNow({ sourceId }),
      vscode.commands.executeCommand('stitch.syncNow', { sourceId }),
      jobsB.syncNow({ sourceId }),
    ]);
    const posts = (await requests(em)).filter((r) => r.method === 'POST' && r.path === `/v4/sources/${sourceId}/sync`);
    assert.equal(posts.length, 1, `one POST across both windows (${posts.length})`);
    const a = await jobsA();
    const b = (await jobsB.internal({ op: 'snapshot' })) as Snapshot;
    const progressStarts = [...a.journal, ...b.journal].filter((e) => e.kind === 'progress-start' && e.sourceId === sourceId).length;
    assert.equal(progressStarts, 1, `one progress notification across both windows: ${JSON.stringify([...a.journal, ...b.journal].map((e) => e.kind))}`);
    assert.ok(a.followed.some((f) => f.sourceId === sourceId) && b.followed.some((f) => f.sourceId === sourceId), 'both windows follow the job');
    assert.equal([...a.followed, ...b.followed].filter((f) => f.sourceId === sourceId && f.showsProgress).length, 1);
    // The job runs to its end; both windows' clocks move with the emulator's.
    for (let t = 0; t < JOB_SECONDS + 60; t += 10) {
      await control(em, 'POST', 'clock', { advanceSeconds: 10 });
      await jobsA('advance', { ms: 10_000 });
      await jobsB.internal({ op: 'advance', ms: 10_000 });
    }
    const a2 = await jobsA();
    const b2 = (await jobsB.internal({ op: 'snapshot' })) as Snapshot;
    assert.equal(a2.followed.length + b2.followed.length, 0, 'no spinner left in either window');
    const ends = [...a2.journal, ...b2.journal].filter((e) => e.sourceId === sourceId && /succeeded/.test(e.text));
    assert.equal(ends.length, 1, `one end message: ${JSON.stringify(ends)}`);
    assert.equal(treeB.running.get(sourceId), false, 'window B\'s tree saw the job stop');
    const polls = (await requests(em)).filter((r) => /\/extractions$/.test(r.path)).length;
    // Window B closes.
    for (const d of [jobsB, eventsB, accountsB]) d.dispose();
    figures.twoWindows = { syncClicks: 4, posts: posts.length, progressNotifications: progressStarts, endMessages: ends.length, extractionPollsBothWindows: polls, simulatedSeconds: JOB_SECONDS + 60 };
  });

  it('editing a source deleted elsewhere: a clear message, no crash, the typed values kept, the panel still usable', async () => {
    const sourceId = await createSource('Deleted Elsewhere');
    await control(em, 'POST', 'clock', { advanceSeconds: JOB_SECONDS + 5 });
    const form = (await vscode.commands.executeCommand<SourceFormPanel>('stitch.editSource', { sourceId }))!;
    disposables.push({ dispose: () => form.dispose() });
    await form.loading;
    assert.ok(form.lastState, 'the form loaded');
    const typed = { ...form.lastState.values, database: 'warehouse_typed_by_user' };
    // Deleted through the API, behind the panel's back (another window, the web app, a script).
    const deleted = await fetch(`${em.url}/v4/sources/${sourceId}`, { method: 'DELETE', headers });
    assert.equal(deleted.status, 200);
    errors.length = 0;
    const reply = await form.channel.receive({ type: 'request', id: 1, method: 'sourceForm/submit', params: { displayName: 'Deleted Elsewhere', values: typed } });
    assert.ok(reply?.ok, `the host answered instead of throwing: ${JSON.stringify(reply)}`);
    const result = reply.result as { ok: boolean; banner?: { kind: string; text: string } };
    assert.equal(result.ok, false);
    const text = [result.banner?.text ?? '', ...errors.map((e) => e.message)].join(' | ');
    assert.match(text, /save the source/i, 'the message names the action');
    assert.match(text, /deleted/i, `the message says the source was deleted: ${text}`);
    assert.equal(form.lastState.resetDraft === true, false, 'the draft is not wiped');
    assert.equal(form.lastState.busy, false, 'the spinner ended');
    assert.notEqual(form.currentStage, 'loading');
    // The panel is alive and answers: a refresh is handled (no crash, no unhandled rejection).
    const again = await form.channel.receive({ type: 'request', id: 2, method: 'sourceForm/submit', params: { displayName: 'Deleted Elsewhere', values: typed } });
    assert.ok(again?.ok, JSON.stringify(again));
    figures.deletedElsewhere = { message: text, valuesKept: true, crashed: false };
  });

  it('a token revoked while in use: ONE Re-enter Token prompt, and the poller and trees stop asking (no loop of 401s)', async () => {
    const sourceId = (await api.services.accounts.requireClient().listSources())
      .find((s) => s.report_card?.current_step_type === 'fully_configured' && !s.paused_at && !s.deleted_at)!.id;
    // Something is being followed, so the poller is at its busiest (every 30 s).
    await vscode.commands.executeCommand('stitch.syncNow', { sourceId });
    await jobsA('advance', { ms: 10_000 });
    // Revoked: from now on the emulator answers 401 to every API and log-host request.
    await control(em, 'POST', 'faults', { path: '.*', kind: 'status', status: 401 });
    await control(em, 'DELETE', 'requests');
    warnings.length = 0;
    errors.length = 0;
    const SIMULATED_MINUTES = 30;
    const perMinute: number[] = [];
    const rejectedByMinute: number[] = [];
    const promptsByMinute: number[] = [];
    for (let minute = 0; minute < SIMULATED_MINUTES; minute++) {
      for (let s = 0; s < 60; s += 15) {
        await control(em, 'POST', 'clock', { advanceSeconds: 15 });
        await jobsA('advance', { ms: 15_000 });
      }
      // What the Sources tree's timer does every tick (stitch.autoRefreshSeconds), and it reads its children.
      api.trees.sources.refresh({ keepHistory: true });
      await api.trees.sources.getChildren();
      perMinute.push((await requests(em)).length);
      rejectedByMinute.push(api.services.accounts.tokenRejected ? 1 : 0);
      promptsByMinute.push(warnings.length);
    }
    const log = await requests(em);
    const unauthorized = log.filter((r) => r.status === 401);
    const prompts = [...warnings, ...errors].filter((m) => m.items.includes('Re-enter Token'));
    const afterFirstFiveMinutes = log.length - perMinute[4];
    const pollerState = (await jobsA()) as Snapshot & { nextPollInMs?: number; lastError?: string };
    figures.tokenRevoked = {
      simulatedMinutes: SIMULATED_MINUTES, requestsAfterRevocation: log.length, unauthorizedAnswers: unauthorized.length,
      requestsAfterMinute5: afterFirstFiveMinutes, reauthPrompts: prompts.length, prompt: prompts[0]?.message,
      poller: { polls: pollerState.polls, failures: pollerState.failures, nextPollInMs: pollerState.nextPollInMs ?? null },
      requests: log.map((r) => `${r.method} ${r.path} → ${r.status}`), requestsByMinute: perMinute.join(','), rejectedByMinute: rejectedByMinute.join(','), promptsByMinute: promptsByMinute.join(','),
    };
    assert.equal(prompts.length, 1, `one re-auth prompt: ${JSON.stringify([...warnings, ...errors])}`);
    assert.ok(log.length <= 3, `the requests stop after the first refusals: ${log.length} in ${SIMULATED_MINUTES} simulated minutes (${JSON.stringify(log.map((r) => `${r.method} ${r.path} ${r.status}`))})`);
    assert.equal(afterFirstFiveMinutes, 0, `nothing asks again once the token is known refused: ${JSON.stringify(figures.tokenRevoked)}`);
    const snap = await jobsA();
    assert.equal(snap.followed.filter((f) => f.showsProgress).length, 0, 'the followed job\'s progress ended (no spinner left spinning on 401s)');
    // The tree is not blank: it says why.
    const roots = await api.trees.sources.getChildren();
    assert.ok(roots.length > 0, 'the Sources tree shows the failure row');

    // The token works again (re-entered): one request proves it, and background work resumes.
    await control(em, 'DELETE', 'faults');
    await vscode.commands.executeCommand('stitch.signIn', { name: 'Concurrency', baseUrl: em.url, token: em.accounts[0].token });
    assert.equal(api.services.accounts.tokenRejected, false);
    await control(em, 'DELETE', 'requests');
    for (let s = 0; s < 15 * 60; s += 30) {
      await control(em, 'POST', 'clock', { advanceSeconds: 30 });
      await jobsA('advance', { ms: 30_000 });
    }
    const resumed = (await requests(em)).filter((r) => /\/extractions$/.test(r.path) && r.status === 200).length;
    assert.ok(resumed >= 1, 'the poller resumed after the token was re-entered');
    (figures.tokenRevoked as Record<string, unknown>).pollsAfterReentry15Min = resumed;
    await eventually(() => api.services.accounts.active?.name === 'Concurrency' || undefined, 'still signed in');
  });
});
