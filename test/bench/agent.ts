// The bench's agent inside the VS Code extension host (loaded as extensionTestsPath). It does
// nothing on its own: it asks the driver (test/bench/run.ts) for the next operation over loopback
// HTTP, performs it with the real extension API, and posts the result back, until told `done`.
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { STITCH_ID } from './support';


interface Op { id: number; op: string; args?: Record<string, unknown> }

const control = process.env.STITCH_BENCH_CONTROL ?? '';
/** Kept between operations: objects that can't cross the wire (panels). */
const held = new Map<string, unknown>();
/** The extension host's event-loop delay while a stall watch runs (this agent shares the host with Stitch). */
let stalls: IntervalHistogram | undefined;
let gapTimer: NodeJS.Timeout | undefined;
const gaps: string[] = [];
/** The host's CPU time and event-loop utilisation at the watch's start: load-independent measures of its own work. */
let watchStart: { cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization>; at: number } | undefined;

async function stitchApi(): Promise<StitchExtensionApi> {
  const ext = vscode.extensions.getExtension<StitchExtensionApi>(STITCH_ID);
  if (!ext) throw new Error(`${STITCH_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

function plain(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  } catch {
    return String(value);
  }
}

async function perform(op: Op): Promise<unknown> {
  const args = op.args ?? {};
  switch (op.op) {
    case 'activate': {
      // Activation as VS Code counts it: loading the main module, activate() and its returned promise.
      const times: Record<string, number> = {};
      const wasActive: Record<string, boolean> = {};
      for (const id of args.ids as string[]) {
        const ext = vscode.extensions.getExtension(id);
        if (!ext) throw new Error(`${id} is not loaded; loaded: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => `${e.id} (${e.extensionUri.toString()})`).join(', ')}`);
        wasActive[id] = ext.isActive;
        const started = performance.now();
        await ext.activate();
        times[id] = performance.now() - started;
      }
      return { times, wasActive, vscodeVersion: vscode.version };
    }
    case 'account': {
      const api = await stitchApi();
      return { active: api.services.accounts.active?.name ?? null };
    }
    case 'signIn': {
      const api = await stitchApi();
      for (const profile of api.services.accounts.listProfiles()) await api.services.accounts.signOut(profile.id);
      const ok = await vscode.commands.executeCommand<boolean>('stitch.signIn', args);
      if (!ok) throw new Error('sign in failed');
      return { ok };
    }
    case 'openFile': {
      // Shown in an editor, not timed: what a user has open before running a command on it.
      await vscode.window.showTextDocument(vscode.Uri.file(String(args.path)), { preview: false });
      return { ok: true };
    }
    case 'execOnFile': {
      // A command given a file (a Uri can't cross the wire): timed as `exec`, its result left here.
      const started = performance.now();
      await vscode.commands.executeCommand(String(args.command), vscode.Uri.file(String(args.path)));
      return { ms: performance.now() - started };
    }
    case 'exec': {
      const started = performance.now();
      const result = await vscode.commands.executeCommand(String(args.command), ...((args.args as unknown[]) ?? []));
      const ms = performance.now() - started;
      if (typeof args.hold === 'string') held.set(args.hold, result);
      return { ms, result: args.hold ? null : plain(result) };
    }
    case 'channel': {
      // A request to a held panel's host channel, as its webview would send it.
      const panel = held.get(String(args.panel)) as { channel: { receive(m: unknown): Promise<unknown> } } | undefined;
      if (!panel) throw new Error(`no held panel ${String(args.panel)}`);
      return plain(await panel.channel.receive({ type: 'request', id: Date.now(), method: args.method, params: args.params ?? {} }));
    }
    case 'panelState': {
      const panel = held.get(String(args.panel)) as Record<string, unknown> | undefined;
      if (!panel) throw new Error(`no held panel ${String(args.panel)}`);
      if (args.await && panel[String(args.await)] instanceof Promise) await panel[String(args.await)];
      const out: Record<string, unknown> = {};
      for (const key of (args.keys as string[]) ?? []) out[key] = plain(panel[key]);
      return out;
    }
    case 'selectionPanel': {
      // The open selection panel for a source (reached through the panel's test hook).
      const hook = await vscode.commands.executeCommand<{ panels: Map<number, unknown> }>('stitch.selection.testHook');
      const panel = hook.panels.get(Number(args.sourceId));
      if (!panel) throw new Error(`no selection panel for ${String(args.sourceId)}`);
      held.set(String(args.hold), panel);
      return { ok: true };
    }
    case 'selectionPanels': {
      // The source ids of the open selection panels (the journey opens one from the setup form).
      const hook = await vscode.commands.executeCommand<{ panels: Map<number, unknown> }>('stitch.selection.testHook');
      return { sourceIds: [...hook.panels.keys()] };
    }
    case 'stallWatch': {
      if (args.start) {
        stalls?.disable();
        stalls = monitorEventLoopDelay({ resolution: 10 });
        stalls.enable();
        // When the long stalls happened (ms since the start), to tell a one-off from a pattern.
        const begun = performance.now();
        let last = begun;
        clearInterval(gapTimer);
        gaps.length = 0;
        gapTimer = setInterval(() => {
          const now = performance.now();
          if (now - last > 50) gaps.push(`${Math.round(last - begun)}+${Math.round(now - last)}`);
          last = now;
        }, 5);
        watchStart = { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), at: performance.now() };
        return { ok: true };
      }
      if (!stalls || !watchStart) throw new Error('no stall watch running');
      stalls.disable();
      const cpu = process.cpuUsage(watchStart.cpu);
      const out = {
        maxMs: stalls.max / 1e6, p95Ms: stalls.percentile(95) / 1e6, p99Ms: stalls.percentile(99) / 1e6, gaps: gaps.splice(0),
        // The whole extension host's CPU time (ours, the agent's timers, any other extension) and the share of time its loop was busy.
        cpuMs: (cpu.user + cpu.system) / 1000, seconds: (performance.now() - watchStart.at) / 1000,
        utilisation: performance.eventLoopUtilization(watchStart.elu).utilization,
      };
      watchStart = undefined;
      stalls = undefined;
      clearInterval(gapTimer);
      return out;
    }
    default:
      throw new Error(`unknown bench op ${op.op}`);
  }
}

export async function run(): Promise<void> {
  if (!control) throw new Error('STITCH_BENCH_CONTROL is not set');
  for (;;) {
    const response = await fetch(`${control}/next`);
    const op = (await response.json()) as Op;
    if (op.op === 'done') return;
    let body: unknown;
    try {
      body = { id: op.id, ok: true, result: await perform(op) };
    } catch (error) {
      body = { id: op.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    await fetch(`${control}/result`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}
