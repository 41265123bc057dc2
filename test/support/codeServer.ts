// Starts a real VS Code (code-server's build of 1.100.3) on loopback, and Chromium to drive it.
// Recipe and quirks: ../shared/real-vscode-testing.md.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, codeServerEntry } from './paths';

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** User settings written to the fresh user-data folder. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** VSIX files to install into the fresh extensions folder before starting. */
  installVsix?: string[];
  /** A fixed port (the demo); default a free one. */
  port?: number;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  output(): string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The user settings.json of a fresh profile: quiet test defaults, then `settings` on top. A setting
 * given as `undefined` is left out, so VS Code's (or the extension's) own default applies.
 */
export function userSettingsJson(settings: Record<string, unknown> = {}): string {
  return JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    // Tests refresh explicitly; a timer would make request counts depend on timing.
    'stitch.autoRefreshSeconds': 0,
    // Tests start from a fresh profile: our walkthrough would open over what they look at.
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    ...settings,
  }, null, 2);
}

/** Settings VS Code scopes to the machine (as `workbench.welcomePage.walkthroughs.openOnInstall` is). */
const MACHINE_SCOPED = ['workbench.welcomePage.walkthroughs.openOnInstall'];

/** The remote machine's settings.json: the machine-scoped entries of the user settings above. */
export function machineSettingsJson(settings: Record<string, unknown> = {}): string {
  const all = JSON.parse(userSettingsJson(settings)) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(MACHINE_SCOPED.filter((k) => k in all).map((k) => [k, all[k]])), null, 2);
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}. Run \`npm test\` (it provisions it) or \`node scripts/provision.mjs\`.`);
  }
  const userDataDir = makeTempDir('stitch-ud-');
  const extensionsDir = makeTempDir('stitch-ext-');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), userSettingsJson(options.settings));
  // Machine-scoped settings reach the extension host (remote in code-server) only from Machine/settings.json.
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), machineSettingsJson(options.settings));
  const env = { ...process.env, ...options.env };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of options.installVsix ?? []) {
    await runToEnd(process.execPath, [codeServerEntry, ...common, '--install-extension', vsix], env);
  }
  const port = options.port ?? await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [codeServerEntry,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', ...common, options.workspace,
  ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk) => { output += String(chunk); });
  child.stderr?.on('data', (chunk) => { output += String(chunk); });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}):\n${output}`);
    try { return (await fetch(`${url}/healthz`)).ok; } catch { return false; }
  }, 60_000, 'code-server to listen');
  return {
    url, port, userDataDir, extensionsDir,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), delay(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      for (const dir of [userDataDir, extensionsDir]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export function workbenchUrl(server: RunningCodeServer, workspace: string, payload?: [string, string][]): string {
  let url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Closes the browser without waiting forever: Chromium sometimes lingers after the workbench exits. */
export async function closeBrowser(browser: Browser): Promise<void> {
  await Promise.race([browser.close().catch(() => undefined), delay(5000)]);
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(100);
  }
}

export function delay(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += String(c); });
    child.stderr.on('data', (c) => { output += String(c); });
    child.on('exit', (code) => code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed (${code}):\n${output}`)));
  });
}

export type { Page };
