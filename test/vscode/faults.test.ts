// Fault matrix (issue 12, point 2): every user action × every emulator fault, with six properties
// checked per cell. Actions are driven through their commands and panel handlers in this host;
// notifications, progress and input boxes are recorded by thin wrappers (the real ones still run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { openSchedulePanel, type SchedulePanel } from '../../src/panels/schedule';
import type { SelectionPanel } from '../../src/panels/selection';
import type { SourceFormPanel } from '../../src/panels/sourceForm';
import type { ResponseMessage } from '../../src/protocol';
import type { RunningEmulator } from '../emulator';
import { activateExtension, control, emulator, signIn, signOutAll } from './support';
import { writeSecurityFigures as writeFigures } from '../support/securityReport';


interface Fault { name: string; spec: Record<string, unknown>; cause: RegExp }
const FAULTS: Fault[] = [
  // The cause in words (feedback.describeFailure) or, where a panel passes the API's own text, that text.
  { name: '500', spec: { kind: 'status', status: 500 }, cause: /server error \(500\)|HTTP 500/ },
  { name: '502 HTML', spec: { kind: 'html' }, cause: /server error \(502\)|HTML error page: 502/ },
  { name: 'malformed JSON', spec: { kind: 'malformed' }, cause: /could not be read|not valid JSON/ },
  { name: 'truncated body', spec: { kind: 'truncated' }, cause: /could not be read|cut off|could not be reached/i },
  { name: 'timeout', spec: { kind: 'timeout' }, cause: /did not answer in time|No complete answer .* within 2 s/ },
  { name: 'connection reset', spec: { kind: 'reset' }, cause: /could not be reached|Could not reach/ },
  { name: '401', spec: { kind: 'status', status: 401 }, cause: /refused the API token \(401\)|HTTP 401/ },
  { name: '429 Retry-After', spec: { kind: 'rate_limit', retryAfter: 30 }, cause: /rate limiting|HTTP 429/ },
];

/** What one attempt of an action showed the user. */
interface Outcome { messages: string[]; ok: boolean }

interface Action {
  name: string;
  /** The request the fault hits. */
  fault: (fault: Fault) => { method: string; path: string };
  /** Which words name the action in the message. */
  action: RegExp;
  /** One attempt; `expectFailure` tells it the fault is armed. */
  attempt: (expectFailure: boolean) => Promise<Outcome>;
  /** What the user typed or staged survived the failure (actions with no input return true). */
  keptInput?: () => Promise<boolean>;
  /** Undo what a successful retry changed, so the next cell starts alike. */
  after?: () => Promise<void>;
}

describe('faults: every action × every fault', function () {
  this.timeout(300_000);
  let api: StitchExtensionApi;
  let em: RunningEmulator;
  const disposables: vscode.Disposable[] = [];
  const errors: string[] = [];
  const progress = { started: 0, ended: 0 };
  const unhandled: string[] = [];
  const inputAnswers: string[] = [];
  let reqId = 1;
  const originals = {
    showErrorMessage: vscode.window.showErrorMessage,
    withProgress: vscode.window.withProgress,
    showInputBox: vscode.window.showInputBox,
  };
  const onUnhandled = (reason: unknown) => { unhandled.push(reason instanceof Error ? reason.stack ?? reason.message : String(reason)); };
  const onUncaught = (error: Error) => { unhandled.push(error.stack ?? error.message); };

  let recurly: number; // configured, with history (account 0)
  let logsSource: number; // configured, with a finished extraction (account 1)
  let logsJob: string;
  let formPanel: SourceFormPanel;
  let selectionPanel: SelectionPanel;
  let schedulePanel: SchedulePanel;
  let streamToggle: { id: string; selected: boolean };
  let nameCounter = 0;
  let deleteTarget = 0;
  const results: { action: string; fault: string; passed: boolean; problems: string[] }[] = [];

  const stitch = async (method: string, p: string, body?: unknown, token = em.accounts[0].token) => {
    const res = await fetch(`${em.url}${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return text ? JSON.parse(text) as any : undefined;
  };
  const request = async (panel: { channel: { receive(m: unknown): Promise<ResponseMessage | undefined> } }, method: string, params: unknown = {}) =>
    (await panel.channel.receive({ type: 'request', id: reqId++, method, params }))!;
  const jobs = async (op = 'snapshot', extra: Record<string, unknown> = {}) =>
    (await vscode.commands.executeCommand('stitch.internal.jobs', { op, ...extra })) as { followed: { sourceId: number }[]; journal: { kind: string; text: string; sourceId?: number }[] };
  const since = (n: number) => errors.slice(n);
  const useAccount = async (index: number) => {
    if (api.services.accounts.active?.name === `Faults ${index}`) return;
    const existing = api.services.accounts.listProfiles().find((p) => p.name === `Faults ${index}`);
    if (existing) await api.services.accounts.switchTo(existing.id);
    else await signIn(em, index, `Faults ${index}`);
  };
  const treeMessages = (nodes: vscode.TreeItem[]) => nodes.filter((n) => n.contextValue === 'error').map((n) => String(n.label));

  const actions: Action[] = [
    {
      name: 'refresh Source Types',
      fault: () => ({ method: 'GET', path: '^/v4/source-types$' }),
      action: /^Couldn't load source types: /,
      attempt: async () => {
        await vscode.commands.executeCommand('stitch.refreshSourceTypes');
        const nodes = await api.trees.sourceTypes.getChildren();
        assert.ok(nodes.length > 0, 'the Source Types tree is not blank');
        const messages = treeMessages(nodes);
        return { messages, ok: messages.length === 0 && nodes.length > 5 };
      },
    },
    {
      name: 'refresh Sources',
      fault: () => ({ method: 'GET', path: '^/v4/sources$' }),
      action: /^Couldn't load sources: /,
      attempt: async () => {
        await vscode.commands.executeCommand('stitch.refreshSources');
        const nodes = await api.trees.sources.getChildren();
        assert.ok(nodes.length > 0, 'the Sources tree is not blank');
        const messages = treeMessages(nodes);
        return { messages, ok: messages.length === 0 && nodes.some((n) => (n as { sourceId?: number }).sourceId === recurly) };
      },
    },
    {
      name: 'open a source',
      fault: () => ({ method: 'GET', path: `^/v4/sources/${recurly}$` }),
      action: /^Couldn't open source \d+: /,
      attempt: async () => {
        const before = errors.length;
        await vscode.commands.executeCommand('stitch.openFromTree', { sourceId: recurly });
        return { messages: since(before), ok: since(before).length === 0 };
      },
    },
    {
      name: 'submit the form',
      fault: () => ({ method: 'PUT', path: `^/v4/sources/${recurly}$` }),
      action: /^Couldn't save the source: /,
      attempt: async () => {
        const typed = { displayName: `Recurly renamed ${++nameCounter}`, values: { ...formPanel.lastState!.values } };
        const response = await request(formPanel, 'sourceForm/submit', typed);
        const result = response.result as { ok: boolean; banner?: { text: string } } | undefined;
        assert.ok(response.ok, response.error);
        return { messages: result?.banner ? [result.banner.text] : [], ok: result?.ok === true };
      },
      // The host never wipes the draft on failure: no resetDraft pushed, the form is still editable.
      keptInput: async () => formPanel.lastState?.resetDraft !== true && formPanel.lastState?.busy === false && formPanel.currentStage !== 'loading',
    },
    {
      name: 'load streams',
      fault: () => ({ method: 'GET', path: `^/v4/sources/${recurly}/streams$` }),
      action: /^Couldn't load the streams/,
      attempt: async () => {
        const before = errors.length;
        const response = await request(selectionPanel, 'selection/refresh');
        return { messages: [...(response.ok ? [] : [response.error ?? '']), ...since(before)], ok: response.ok };
      },
    },
    {
      name: 'apply a selection',
      fault: () => ({ method: 'PUT', path: `^/v4/sources/${recurly}/streams/metadata$` }),
      action: /^Couldn't apply the (stream )?selection/,
      attempt: async (expectFailure) => {
        if (expectFailure) {
          const staged = await request(selectionPanel, 'selection/edit', { ops: [{ op: 'stream', stream: streamToggle.id, selected: !streamToggle.selected }] });
          assert.ok(staged.ok, staged.error);
        }
        const before = errors.length;
        const response = await request(selectionPanel, 'selection/apply');
        if (response.ok) streamToggle.selected = !streamToggle.selected;
        return { messages: [...(response.ok ? [] : [response.error ?? '']), ...since(before)], ok: response.ok };
      },
      keptInput: async () => {
        const state = await request(selectionPanel, 'selection/init');
        const summary = (state.result as { summary: { hasChanges: boolean } }).summary;
        return state.ok && summary.hasChanges;
      },
    },
    {
      name: 'save a schedule',
      fault: () => ({ method: 'PUT', path: `^/v4/sources/${recurly}$` }),
      action: /^Couldn't save the schedule of source \d+: /,
      attempt: async () => {
        const before = errors.length;
        const response = await request(schedulePanel, 'schedule/save', {
          sourceId: recurly, draft: { mode: 'interval', frequency: '60', anchorTime: '', cronExpression: '' }, previewRuns: [],
        });
        assert.ok(response.ok, response.error);
        const result = response.result as { ok: boolean; message?: string };
        return { messages: since(before), ok: result.ok };
      },
    },
    {
      name: 'sync',
      fault: () => ({ method: 'POST', path: `^/v4/sources/${logsSource}/sync$` }),
      action: /^Couldn't start a sync of ".+": /,
      attempt: async () => {
        await useAccount(1);
        const before = errors.length;
        await vscode.commands.executeCommand('stitch.syncNow', { sourceId: logsSource });
        const snap = await jobs();
        return { messages: since(before), ok: since(before).length === 0 && snap.followed.some((f) => f.sourceId === logsSource) };
      },
      after: async () => {
        await vscode.commands.executeCommand('stitch.stopSync', { sourceId: logsSource, skipConfirmation: true });
        await control(em, 'POST', 'clock', { advanceSeconds: 10 });
        for (let i = 0; i < 20 && (await jobs()).followed.length > 0; i++) await jobs('advance', { ms: 30_000 });
        assert.equal((await jobs()).followed.length, 0, 'the followed sync ended');
      },
    },
    {
      name: 'stop',
      fault: () => ({ method: 'DELETE', path: `^/v4/sources/${logsSource}/sync$` }),
      action: /^Couldn't stop the sync of ".+": /,
      attempt: async () => {
        await useAccount(1);
        const before = errors.length;
        await vscode.commands.executeCommand('stitch.stopSync', { sourceId: logsSource, skipConfirmation: true });
        return { messages: since(before), ok: since(before).length === 0 };
      },
    },
    {
      name: 'pause',
      fault: () => ({ method: 'PUT', path: `^/v4/sources/${recurly}$` }),
      action: /^Couldn't pause source \d+: /,
      attempt: async () => {
        const before = errors.length;
        await vscode.commands.executeCommand('stitch.pauseSource', { sourceId: recurly });
        const source = await stitch('GET', `/v4/sources/${recurly}`);
        return { messages: since(before), ok: since(before).length === 0 && Boolean(source.paused_at) };
      },
      after: async () => { await stitch('PUT', `/v4/sources/${recurly}`, { paused_at: null }); },
    },
    {
      name: 'delete',
      fault: () => ({ method: 'DELETE', path: `^/v4/sources/${deleteTarget}$` }),
      action: /^Couldn't delete ".+": /,
      attempt: async () => {
        const before = errors.length;
        const source = await stitch('GET', `/v4/sources/${deleteTarget}`);
        inputAnswers.push(source.name); // the user types the name to confirm
        await vscode.commands.executeCommand('stitch.deleteSource', { sourceId: deleteTarget });
        const after = await stitch('GET', `/v4/sources/${deleteTarget}`);
        return { messages: since(before), ok: since(before).length === 0 && Boolean(after.deleted_at) };
      },
    },
    {
      name: 'open logs',
      // The API answers with a 302 and no body to cut, so a truncated body is the log host's.
      fault: (f) => ({ method: 'GET', path: f.name === 'truncated body' ? `^/${logsJob.replace(/\./g, '\\.')}$` : `^/v4/${em.accounts[1].clientId}/extractions/` }),
      action: /^Couldn't open the log of ".+": /,
      attempt: async () => {
        await useAccount(1);
        const before = errors.length;
        const uri = await vscode.commands.executeCommand<string | undefined>('stitch.viewExtractionLogs', { sourceId: logsSource, jobName: logsJob });
        if (uri) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        return { messages: since(before), ok: Boolean(uri) && since(before).length === 0 };
      },
    },
  ];

  before(async () => {
    api = await activateExtension();
    await signOutAll(api);
    const root = api.services.context.extensionUri.fsPath;
    assert.ok(fs.existsSync(path.join(root, 'package.json')));
    em = await emulator({ demo: true, jobSeconds: 1, tokens: ['faults-token-a', 'faults-token-b'] });
    await control(em, 'POST', 'clock', { speed: 0 });
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
    const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    // Records what the user is told; the real notification still shows, and the test plays a user who dismisses it.
    win.showErrorMessage = ((message: string, ...rest: unknown[]) => {
      errors.push(message);
      void (originals.showErrorMessage as (...a: unknown[]) => Thenable<unknown>)(message, ...rest);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showErrorMessage;
    win.withProgress = ((options, task) => {
      progress.started++;
      return originals.withProgress(options, task).then(
        (v) => { progress.ended++; return v; },
        (e: unknown) => { progress.ended++; throw e; },
      );
    }) as typeof vscode.window.withProgress;
    win.showInputBox = ((options?: vscode.InputBoxOptions, token?: vscode.CancellationToken) =>
      inputAnswers.length ? Promise.resolve(inputAnswers.shift()) : originals.showInputBox(options, token)) as typeof vscode.window.showInputBox;

    const seeded = (await control(em, 'POST', 'seed/sources', { count: 1, clientId: em.accounts[1].clientId })) as { ids: number[] };
    logsSource = seeded.ids[0];
    const extractions = await stitch('GET', `/v4/${em.accounts[1].clientId}/extractions`, undefined, em.accounts[1].token);
    logsJob = extractions.data.find((e: { source_id: number }) => e.source_id === logsSource).job_name;
    await signIn(em, 1, 'Faults 1');
    await jobs('manualClock');
    await signIn(em, 0, 'Faults 0');
    const sources = await stitch('GET', '/v4/sources');
    recurly = sources.find((s: { type: string; paused_at: string | null; report_card: { current_step_type: string } }) =>
      s.type === 'platform.recurly' && !s.paused_at && s.report_card.current_step_type === 'fully_configured').id;
    formPanel = (await vscode.commands.executeCommand<SourceFormPanel>('stitch.openSource', { sourceId: recurly }))!;
    await formPanel.loading;
    assert.equal(formPanel.currentStage, 'configured', JSON.stringify(formPanel.lastState?.banner));
    await vscode.commands.executeCommand('stitch.selectStreams', { sourceId: recurly });
    const hook = await vscode.commands.executeCommand<{ panels: Map<number, SelectionPanel> }>('stitch.selection.testHook');
    selectionPanel = hook.panels.get(recurly)!;
    const init = await request(selectionPanel, 'selection/init');
    assert.ok(init.ok, init.error);
    const streams = (init.result as { streams: { id: string; selected: boolean }[] }).streams;
    // A stream whose selection can be switched on and off without blocking Apply.
    for (const s of streams.filter((x) => !x.selected)) {
      const r = await request(selectionPanel, 'selection/edit', { ops: [{ op: 'stream', stream: s.id, selected: true }] });
      const canApply = (r.result as { summary: { canApply: boolean } }).summary.canApply;
      await request(selectionPanel, 'selection/edit', { ops: [{ op: 'stream', stream: s.id, selected: false }] });
      if (canApply) { streamToggle = { id: s.id, selected: false }; break; }
    }
    assert.ok(streamToggle, 'a stream to toggle');
    schedulePanel = openSchedulePanel(api.services, recurly);
    disposables.push(schedulePanel);
    const loaded = await request(schedulePanel, 'schedule/load');
    assert.ok(loaded.ok, loaded.error);
    await vscode.commands.executeCommand('notifications.clearAll');
    // Short timeouts and no retries from here on, so a timeout cell takes 2 s and each fault hits once.
    const config = vscode.workspace.getConfiguration('stitch');
    await config.update('requestTimeoutSeconds', 2, vscode.ConfigurationTarget.Global);
    await config.update('maxRetries', 0, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const win = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    win.showErrorMessage = originals.showErrorMessage;
    win.withProgress = originals.withProgress;
    win.showInputBox = originals.showInputBox;
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
    formPanel?.dispose();
    selectionPanel?.dispose();
    for (const d of disposables) d.dispose();
    const config = vscode.workspace.getConfiguration('stitch');
    await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config.update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await jobs('realClock').catch(() => undefined);
    await signOutAll(api);
    await em?.close();
  });

  for (const action of actions) {
    it(`${action.name}: each fault gives a clear message, no leak, no stuck spinner or blank tree, input kept, and a retry succeeds`, async () => {
      const started = Date.now();
      for (const fault of FAULTS) {
        const problems: string[] = [];
        const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); };
        await useAccount(['sync', 'stop', 'open logs'].includes(action.name) ? 1 : 0);
        if (action.name === 'delete') {
          const created = await stitch('POST', '/v4/sources', { type: 'platform.recurly', display_name: `Doomed ${Date.now()} ${Math.random().toString(36).slice(2, 6)}` });
          deleteTarget = created.id;
        }
        await control(em, 'DELETE', 'faults');
        const unhandledBefore = unhandled.length;
        const progressBefore = { ...progress };
        // 1. The faulty attempt.
        await control(em, 'POST', 'faults', { ...action.fault(fault), ...fault.spec, times: 1 });
        let failed: Outcome | undefined;
        try {
          failed = await action.attempt(true);
        } catch (error) {
          problems.push(`the action threw: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (failed) {
          check(!failed.ok, 'the action reported success under the fault');
          const named = failed.messages.filter((m) => action.action.test(m));
          check(named.length > 0, `a message naming the action (got ${JSON.stringify(failed.messages)})`);
          check(named.some((m) => fault.cause.test(m)), `the message names the cause ${fault.cause} (got ${JSON.stringify(named)})`);
          check(!failed.messages.some((m) => m.includes(em.accounts[0].token) || m.includes(em.accounts[1].token)), 'no token in a message');
        }
        // 2. Spinners ended; 3. trees not blank; 4. input kept.
        check(progress.started - progressBefore.started === progress.ended - progressBefore.ended, `every progress ended (${progress.started - progressBefore.started} started, ${progress.ended - progressBefore.ended} ended)`);
        check((await api.trees.sources.getChildren()).length > 0, 'the Sources tree is not blank');
        check((await api.trees.sourceTypes.getChildren()).length > 0, 'the Source Types tree is not blank');
        if (action.keptInput) check(await action.keptInput(), 'what the user typed or staged is still there');
        // 5. A retry after the fault clears succeeds.
        await control(em, 'DELETE', 'faults');
        try {
          const retried = await action.attempt(false);
          check(retried.ok, `the retry succeeded (messages: ${JSON.stringify(retried.messages)})`);
          await action.after?.();
        } catch (error) {
          problems.push(`the retry threw: ${error instanceof Error ? error.message : String(error)}`);
        }
        // 6. Nothing unhandled reached the host.
        await new Promise((r) => setTimeout(r, 20));
        check(unhandled.length === unhandledBefore, `no unhandled rejection (${unhandled.slice(unhandledBefore).join(' | ')})`);
        results.push({ action: action.name, fault: fault.name, passed: problems.length === 0, problems });
      }
      await vscode.commands.executeCommand('notifications.clearAll');
      const mine = results.filter((r) => r.action === action.name);
      const failedCells = mine.filter((r) => !r.passed);
      assert.deepEqual(failedCells.map((r) => `${r.fault}: ${r.problems.join('; ')}`), [], `${action.name} (${Date.now() - started} ms)`);
    });
  }

  it('writes the matrix figures', () => {
    const total = actions.length * FAULTS.length;
    assert.equal(results.length, total, `every cell ran: ${JSON.stringify(actions.map((a) => [a.name, results.filter((r) => r.action === a.name).length]))}`);
    writeFigures(api.services.context.extensionUri.fsPath, 'faultMatrix', {
      actions: actions.map((a) => a.name), faults: FAULTS.map((f) => f.name),
      cellsPassed: results.filter((r) => r.passed).length, cellsTotal: total,
      failures: results.filter((r) => !r.passed),
    });
    assert.equal(results.filter((r) => r.passed).length, total);
  });
});
