// `npm run bench` driver: measures the extension in a real VS Code (code-server 1.100.3) driven by
// headless Chromium, against the emulator, and writes artifacts/bench.json and artifacts/bench.md.
// Every figure sits beside its baseline or target from the same run. Never part of `npm test`.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../emulator';
import { closeBrowser, delay, launchChromium, makeTempDir, startCodeServer, waitFor, workbenchUrl } from '../support/codeServer';
import { artifactsDir, repoRoot, sharedFixturesDir } from '../support/paths';
import { latencyInVsCode, latencyOfPolicy } from './jobsLatency';
import { renderMarkdown, type Figure } from './report';
import { rulePreviewCost } from './rules';
import { planInVsCode, sourceFilesBench } from './sourceFiles';
import { rulesPanelCost } from './rulesPanel';
import { rulesApplyBench } from './rulesApply';
import { BACKTRACKING_PATTERNS, hostileCatalogue, LONG_BAD_VALUE, LONG_GOOD_VALUE } from '../support/hostileCatalogue';
import { AgentChannel, CountingProxy, HELLO_ID, median, packageVsix, STITCH_ID, writeProbeExtension, zipEntrySizes, quantile, round, writeHelloExtension } from './support';

const WINDOWS = Math.max(5, Number(process.env.STITCH_BENCH_WINDOWS ?? 5));
const TREE_SOURCES = 2000;
const TREE_REPS = 5;
const TTI_REPS = 3;
const SMALL = { streams: 100, fields: 20 };
const LARGE = { streams: 10_000, fields: 20 };
const JOB_SECONDS = 900;

const figures: Figure[] = [];
const notes: string[] = [];
function add(f: Figure): void {
  figures.push(f);
  const v = typeof f.value === 'number' ? round(f.value, 2) : f.value;
  process.stdout.write(`  ${f.area} · ${f.name}: ${v}${f.unit ? ` ${f.unit}` : ''}${f.detail ? `  (${f.detail})` : ''}\n`);
}
const phase = (title: string) => process.stdout.write(`\n── ${title}\n`);

async function control(em: RunningEmulator, method: string, p: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${em.url}/__emulator/${p}`, {
    method, headers: body ? { 'content-type': 'application/json' } : undefined, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The account's warehouse, its check passed: Sync Now starts a job only once a destination works (issue 21). */
async function withCheckedDestination(em: RunningEmulator): Promise<void> {
  const res = await fetch(`${em.url}/v4/destinations`, {
    method: 'POST', headers: { authorization: `Bearer ${em.accounts[0]!.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'postgres', name: 'Warehouse', properties: { host: 'warehouse.example.com', port: '5432', username: 'stitch', database: 'analytics', password: 'bench-pw', ssl: true } }),
  });
  if (res.status !== 200) throw new Error(`creating the bench's destination answered ${res.status}: ${await res.text()}`);
  const { id } = await res.json() as { id: number };
  // The check takes as long as the emulator's jobs: move its clock on until the check has passed.
  for (let tries = 0; ; tries++) {
    await control(em, 'POST', 'clock', { advanceSeconds: 5 });
    const check = await fetch(`${em.url}/v4/destinations/${id}/last-connection-check`, { headers: { authorization: `Bearer ${em.accounts[0]!.token}` } });
    const { status } = await check.json() as { status?: string };
    if (status === 'succeeded') return;
    if (status !== 'running' || tries > 400) throw new Error(`the bench's destination check ended ${status ?? 'unread'}`);
  }
}
const counters = async (em: RunningEmulator) => (await control(em, 'GET', 'counters')) as Record<string, number>;
const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
const describeCounts = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, loadAverage: os.loadavg().map((n) => round(n, 2)),
  };
}

// ---- sizes ------------------------------------------------------------------------------------------

function sizes(): void {
  phase('bundle and package sizes');
  const kb = (file: string) => fs.statSync(file).size / 1024;
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = process.env.STITCH_BENCH_VSIX ?? path.join(artifactsDir, `${pkg.name}-${pkg.version}.vsix`);
  // Read from the .vsix when there is one: dist/ is shared with whoever builds next in this tree.
  const inVsix = !process.env.STITCH_BENCH_PACKAGE_FAILED && fs.existsSync(vsix) ? zipEntrySizes(vsix) : undefined;
  const size = (rel: string) => (inVsix?.get(`extension/${rel}`) ?? fs.statSync(path.join(repoRoot, rel)).size) / 1024;
  const from = inVsix ? 'inside the .vsix' : 'dist/ in the working tree';
  add({ area: 'Activation', name: 'dist/extension.js (minified)', value: size('dist/extension.js'), unit: 'KB', target: 250, comparison: '<', detail: from });
  add({ area: 'Activation', name: 'dist/webview.js (minified)', value: size('dist/webview.js'), unit: 'KB', detail: from });
  webviewShares();
  if (process.env.STITCH_BENCH_PACKAGE_FAILED) notes.push('`npm run package` failed in this run, so no .vsix size (see its output above).');
  else if (fs.existsSync(vsix)) add({ area: 'Activation', name: '.vsix', value: kb(vsix), unit: 'KB', detail: path.basename(vsix) });
  else notes.push(`No .vsix at ${vsix}: run \`npm run package\` first (scripts/bench.mjs does).`);
}

/** What dist/webview.js is made of: the toolkit with FAST, the component layer, the panels (a minified rebuild's metafile). */
function webviewShares(): void {
  const result = esbuild.buildSync({
    entryPoints: ['webview/main.ts'], bundle: true, write: false, metafile: true, minify: true, legalComments: 'none',
    format: 'iife', platform: 'browser', target: 'chrome120', absWorkingDir: repoRoot, outfile: 'webview.js', logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs));
  const kb = (test: (file: string) => boolean) => inputs.filter(([file]) => test(file)).reduce((n, [, i]) => n + i.bytesInOutput, 0) / 1024;
  const toolkit = kb((f) => /^node_modules\/(@vscode\/webview-ui-toolkit|@microsoft\/fast-|tslib|exenv-es6)/.test(f));
  const layer = kb((f) => f.startsWith('webview/ui/'));
  const panels = kb((f) => f.startsWith('webview/') && !f.startsWith('webview/ui/'));
  add({ area: 'Activation', name: 'dist/webview.js: the toolkit (with FAST)', value: toolkit, unit: 'KB', detail: `the component layer webview/ui ${round(layer, 1)} KB; the panels ${round(panels, 1)} KB; other libraries ${round(kb((f) => f.startsWith('node_modules/')) - toolkit, 1)} KB` });
}

// ---- validator compile and host-side validation cost -------------------------------------------------

interface Card { type: string; steps?: Array<{ type: string; properties?: Array<Record<string, unknown>> }> }

function fixtureCards(): Card[] {
  const file = path.join(sharedFixturesDir, 'source-types.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the bench reads the real report cards from ../shared`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Card[];
}
export function largestCard(cards: Card[]): Card {
  return cards.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
}
const propertiesOf = (card: Card) => (card.steps ?? []).flatMap((s) => s.properties ?? []);

async function validatorCost(): Promise<void> {
  phase('validator compile (host side, in this Node process)');
  const cards = fixtureCards();
  const big = largestCard(cards);
  const recurly = cards.find((c) => c.type === 'platform.recurly')!;
  // Imported here, after nothing else compiled a schema in this process: the first pass is cold.
  const validation = await import('../../src/core/validation');
  const compileAll = (card: Card) => {
    for (const p of propertiesOf(card)) {
      const schema = p.json_schema;
      if (schema && typeof schema === 'object') validation.compiledValidator(schema as Record<string, unknown>);
    }
  };
  let started = performance.now();
  compileAll(big);
  const cold = performance.now() - started;
  started = performance.now();
  compileAll(big);
  const cached = performance.now() - started;
  add({ area: 'Form validation', name: `validator compile, cold (${big.type}, ${propertiesOf(big).length} properties)`, value: cold, unit: 'ms', detail: 'new Ajv with formats + every distinct schema of the card' });
  add({ area: 'Form validation', name: 'validator compile, cached (same card again)', value: cached, unit: 'ms', target: 16, comparison: '<' });
  // The host's work per keystroke: validating the whole form with one value changed.
  for (const card of [recurly, big]) {
    const props = propertiesOf(card) as unknown as Parameters<typeof validation.validateForm>[0];
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const values: Record<string, unknown> = {};
      for (const p of propertiesOf(card)) values[String(p.name)] = i % 2 ? 'x' : '1';
      const t = performance.now();
      validation.validateForm(props, values);
      times.push(performance.now() - t);
    }
    add({ area: 'Form validation', name: `host validateForm per keystroke, p95 (${card.type})`, value: quantile(times, 0.95), unit: 'ms', target: 16, comparison: '<', detail: `median ${round(median(times), 3)} ms over 200 runs` });
  }
}

// ---- Quartz cron preview cost (host side, pure) ---------------------------------------------------------

/** The schedule editor's cron preview: parse plus the next 5 runs, as Quartz 2.3.2 computes them. */
async function cronPreviewCost(): Promise<void> {
  phase('Quartz cron preview (host side, in this Node process)');
  const { parseQuartz, quartzRuns } = await import('../../src/core/quartz');
  const common = ['0 30 2 ? * MON-FRI', '0 0/15 * * * ?', '0 0 12 * * ?', '0 0 0 L * ?', '0 15 10 ? * 6#3', '0 0 8 1,15 * ?', '0 0 0 LW * ?', '0 0 6,18 ? * *'];
  const from = new Date();
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const expr = common[i % common.length]!;
    const t = performance.now();
    const parsed = parseQuartz(expr);
    if (parsed.ok) quartzRuns(parsed.cron, from, 5);
    times.push(performance.now() - t);
  }
  const warm = times.slice(common.length * 5);
  add({ area: 'Schedule', name: 'cron preview: parse + next 5 runs, p95 (common expressions)', value: quantile(warm, 0.95), unit: 'ms', target: 1, comparison: '<',
    detail: `median ${round(median(warm), 3)} ms over ${warm.length} runs of ${common.length} expressions (first ${common.length * 5} runs as warm-up)` });
}

/**
 * Patterns from the network that backtrack catastrophically (issue 23), in this Node process: the
 * host's check (ajv on the linear-time engine) and the webview's quick check, on 10,000 characters.
 * JavaScript's own engine is not run on them: it takes minutes (111 s and 141 s measured for the
 * first two with ajv alone in Node 20), so its baseline is a shorter value it still finishes.
 */
async function patternCost(): Promise<void> {
  phase('hostile patterns (host and webview checks, in this Node process)');
  const validation = await import('../../src/core/validation');
  const { quickCheck } = await import('../../webview/sourceForm/quickRules');
  const { quickRulesFor } = await import('../../src/core/quickRules');
  const { buildPropertyModel } = await import('../../src/core/reportCard');
  for (const pattern of BACKTRACKING_PATTERNS.slice(0, 2)) {
    const property = buildPropertyModel({ name: 'hostile', is_required: true, json_schema: { type: 'string', pattern } });
    const rules = quickRulesFor(property, true);
    const host: number[] = [];
    const hostCpu: number[] = [];
    const webview: number[] = [];
    // Two loops, not one: the matcher answers a text equal to its previous one from memory, and
    // the webview's check runs in another process in real use, so it must not follow the host's here.
    for (let i = 0; i < 100; i++) {
      const value = i % 2 ? LONG_BAD_VALUE : LONG_GOOD_VALUE;
      const c = process.cpuUsage();
      const t = performance.now();
      validation.validateProperty(property, value);
      host.push(performance.now() - t);
      const used = process.cpuUsage(c);
      hostCpu.push((used.user + used.system) / 1000);
    }
    for (let i = 0; i < 100; i++) {
      const value = i % 2 ? LONG_BAD_VALUE : LONG_GOOD_VALUE;
      const t = performance.now();
      quickCheck(rules, value);
      webview.push(performance.now() - t);
    }
    // CPU time beside wall time: on a shared machine the wall clock also counts other processes' turns.
    add({ area: 'Hostile patterns', name: `host check of a 10,000-character value, p95 (${pattern})`, value: quantile(host, 0.95), unit: 'ms', target: 16, comparison: '<', detail: `median ${round(median(host), 2)} ms over 100 checks, alternating a rejected and an accepted value; CPU time p95 ${round(quantile(hostCpu, 0.95), 2)} ms, median ${round(median(hostCpu), 2)} ms (1 ms resolution on some systems)` });
    add({ area: 'Hostile patterns', name: `webview quick check of a 10,000-character value, p95 (${pattern})`, value: quantile(webview, 0.95), unit: 'ms', target: 16, comparison: '<', detail: `median ${round(median(webview), 2)} ms; the same linear-time matcher` });
    // JavaScript's own engine on 24 characters and a "!": already this much; each extra "a" doubles it.
    const native = new RegExp(pattern, 'u');
    const t = performance.now();
    native.test(`${'a'.repeat(24)}!`);
    add({ area: 'Hostile patterns', name: `baseline: RegExp on 25 characters (${pattern})`, value: performance.now() - t, unit: 'ms', detail: 'JavaScript\'s backtracking engine, which the checks no longer use; doubles with each extra character' });
  }
}

// ---- the VS Code side -----------------------------------------------------------------------------------

interface Env {
  context: BrowserContext;
  server: Awaited<ReturnType<typeof startCodeServer>>;
  workspace: string;
  agent: AgentChannel;
  agentPath: string;
  helloDir: string;
  probeDir: string;
}

interface Window { page: Page; exited: Promise<unknown> }

/** installed: only the installed extensions (both VSIXes); otherwise ours from the repo in development (test) mode. */
async function openWindow(env: Env, installed = false): Promise<Window> {
  const page = await env.context.newPage();
  let exit: (code: unknown) => void = () => undefined;
  const exited = new Promise((r) => { exit = r; });
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  const remote = (p: string) => `vscode-remote://127.0.0.1:${env.server.port}${p}`;
  const connected = env.agent.waitForAgent(180_000);
  // code-server loads only one extensionDevelopmentPath, so the activation windows compare the two
  // extensions both installed from their .vsix; the UI window loads ours from the repo in test mode
  // (its test seams: the jobs poller's manual clock, the selection panel hook).
  await page.goto(workbenchUrl(env.server, env.workspace, [
    ['extensionDevelopmentPath', remote(installed ? env.probeDir : repoRoot)],
    ['extensionTestsPath', remote(env.agentPath)],
  ]));
  await connected;
  return { page, exited };
}

async function closeWindow(env: Env, w: Window): Promise<void> {
  env.agent.finish();
  await Promise.race([w.exited, delay(10_000)]);
  await w.page.close().catch(() => undefined);
}

async function activation(env: Env, em: RunningEmulator, proxy: CountingProxy, token: string): Promise<void> {
  phase(`activation: ${WINDOWS} fresh windows (+1 warm-up), both extensions installed from their .vsix`);
  const ours: number[] = [];
  const hello: number[] = [];
  const restoredRequests: number[] = [];
  let worst: Record<string, number> = {};
  let restored = 0;
  for (let i = 0; i < WINDOWS + 1; i++) {
    await control(em, 'DELETE', 'counters');
    const w = await openWindow(env, true);
    try {
      const order = i % 2 === 0 ? [STITCH_ID, HELLO_ID] : [HELLO_ID, STITCH_ID];
      const r = await env.agent.call<{ times: Record<string, number>; wasActive: Record<string, boolean> }>('activate', { ids: order });
      if (r.wasActive[STITCH_ID] || r.wasActive[HELLO_ID]) notes.push(`window ${i}: an extension was already active before the bench asked (${JSON.stringify(r.wasActive)})`);
      if (i === 0) {
        // Window 0 warms code-server's caches; it signs in so later windows restore an account.
        await env.agent.call('signIn', { name: 'Bench', baseUrl: proxy.url, token });
      } else {
        ours.push(r.times[STITCH_ID]!);
        hello.push(r.times[HELLO_ID]!);
        await delay(2000); // anything activation schedules (account restore, first polls) has time to go out
        const account = await env.agent.call<{ active: string | null }>('account');
        if (account.active) restored++;
        const c = await counters(em);
        if (total(c) >= total(worst)) worst = c;
        restoredRequests.push(total(c));
      }
      process.stdout.write(`  window ${i}: stitch ${round(r.times[STITCH_ID]!, 1)} ms, hello ${round(r.times[HELLO_ID]!, 1)} ms${i === 0 ? ' (warm-up, not counted)' : ''}\n`);
    } finally {
      await closeWindow(env, w);
    }
  }
  const ratio = median(ours) / median(hello);
  add({ area: 'Activation', name: 'activation time, Stitch Connect (median)', value: median(ours), unit: 'ms', detail: `${ours.map((n) => round(n, 1)).join(', ')}` });
  add({ area: 'Activation', name: 'activation time, minimal hello extension (median)', value: median(hello), unit: 'ms', detail: `${hello.map((n) => round(n, 1)).join(', ')}` });
  add({ area: 'Activation', name: 'activation ratio (Stitch ÷ hello, medians)', value: ratio, unit: '×', target: 2, comparison: '<=' });
  add({ area: 'API economy', name: 'requests at activation (signed in, account restored)', value: Math.max(...restoredRequests), unit: 'requests', target: 0, comparison: '<=',
    detail: `max over ${restoredRequests.length} windows; account restored in ${restored} of them; worst: ${describeCounts(worst)}` });
}

// ---- in the UI window ----------------------------------------------------------------------------------

async function sourcesPaneReady(page: Page): Promise<void> {
  await page.locator('.part.activitybar .action-item a[aria-label^="Stitch"]').first().click();
  await page.locator('.part.sidebar .pane-header[aria-label^="Sources"]').first().waitFor({ timeout: 30_000 });
}

/** In the page: click the Sources view's Refresh action, time until rows with labels are rendered. */
async function timeRefreshToRows(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const header = [...document.querySelectorAll<HTMLElement>('.part.sidebar .pane-header')].find((h) => (h.getAttribute('aria-label') ?? '').startsWith('Sources'));
    const pane = header?.closest('.pane');
    const button = pane?.querySelector<HTMLElement>('.pane-header .actions a[aria-label^="Refresh Sources"], .pane-header .actions a[aria-label^="Refresh"]');
    if (!pane || !button) throw new Error('no Refresh action on the Sources view');
    const rows = () => [...pane.querySelectorAll<HTMLElement>('.monaco-list-row')].filter((r) => (r.textContent ?? '').trim() !== '');
    const started = performance.now();
    button.click();
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      if (rows().length > 0) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('no rows within 60 s');
    }
  });
}

async function tree(env: Env, w: Window, em: RunningEmulator, proxy: CountingProxy): Promise<void> {
  phase(`Sources tree: refresh → rendered at ${TREE_SOURCES} sources (${TREE_REPS} accounts)`);
  const accounts = (await control(em, 'GET', 'accounts')) as Array<{ token: string; clientId: number }>;
  const times: number[] = [];
  const requestCounts: number[] = [];
  let last: Record<string, number> = {};
  for (let k = 0; k < TREE_REPS; k++) {
    const account = accounts[1 + k]!;
    await env.agent.call('signIn', { name: `Tree ${k}`, baseUrl: proxy.url, token: account.token });
    if (k === 0) await sourcesPaneReady(w.page);
    // Loaded and empty: the welcome, or (these accounts have no destination) the view's message, which VS Code shows instead.
    await w.page.locator('.part.sidebar .pane', { hasText: /no sources in this account|No destination: nothing replicates/ }).first().waitFor({ timeout: 30_000 });
    await control(em, 'POST', 'seed/sources', { count: TREE_SOURCES, clientId: account.clientId });
    await delay(300);
    await control(em, 'DELETE', 'counters');
    times.push(await timeRefreshToRows(w.page));
    await delay(1500);
    last = await counters(em);
    requestCounts.push(total(last));
  }
  add({ area: 'Sources tree', name: `refresh → rows rendered, ${TREE_SOURCES.toLocaleString('en')} sources (median)`, value: median(times), unit: 'ms', detail: times.map((n) => round(n, 0)).join(', ') });
  add({ area: 'Sources tree', name: 'HTTP requests per refresh (top level)', value: Math.max(...requestCounts), unit: 'requests', target: 1, comparison: '<=', detail: describeCounts(last) });

  // Level 2 and 3: expand the first source, then its groups.
  await control(em, 'DELETE', 'counters');
  const expand = async (rowIndex: number) => w.page.evaluate(async (index) => {
    const header = [...document.querySelectorAll<HTMLElement>('.part.sidebar .pane-header')].find((h) => (h.getAttribute('aria-label') ?? '').startsWith('Sources'));
    const pane = header!.closest('.pane')!;
    const row = pane.querySelector<HTMLElement>(`.monaco-list-row[data-index="${index}"]`);
    if (!row) throw new Error(`no row ${index}`);
    const before = pane.querySelectorAll('.monaco-list-row').length;
    const level = Number(row.getAttribute('aria-level'));
    const started = performance.now();
    row.querySelector<HTMLElement>('.monaco-tl-twistie')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const next = pane.querySelector<HTMLElement>(`.monaco-list-row[data-index="${index + 1}"]`);
      if (row.getAttribute('aria-expanded') === 'true' && next && Number(next.getAttribute('aria-level')) > level && (next.textContent ?? '').trim() !== '') {
        return { ms: performance.now() - started, before };
      }
      if (performance.now() - started > 30_000) throw new Error('the row did not expand');
    }
  }, rowIndex);
  const l2 = await expand(0);
  await delay(1000);
  const c2 = await counters(em);
  add({ area: 'Sources tree', name: 'expand a source → its groups rendered', value: l2.ms, unit: 'ms' });
  add({ area: 'Sources tree', name: 'HTTP requests to expand a source (level 2)', value: total(c2), unit: 'requests', target: 1, comparison: '<=', detail: describeCounts(c2) });
  await control(em, 'DELETE', 'counters');
  // Row 1 is the first group ("Setup"); row 2 "Streams"; row 3 "Recent extractions".
  const l3 = await expand(2);
  await delay(1000);
  const c3 = await counters(em);
  add({ area: 'Sources tree', name: 'expand Streams → rows rendered (level 3)', value: l3.ms, unit: 'ms' });
  add({ area: 'Sources tree', name: 'HTTP requests to expand Streams (level 3)', value: total(c3), unit: 'requests', target: 1, comparison: '<=', detail: describeCounts(c3) });
}

async function frameWith(page: Page, test: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      const ok = await frame.evaluate(test).catch(() => false);
      if (ok) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame satisfied ${test} within ${timeoutMs} ms`);
    await delay(15);
  }
}

const SELECTION_INTERACTIVE = `(() => {
  const filter = document.querySelector('.sel-filter');
  const row = document.querySelector('.sel-spacer [data-index="0"]');
  const empty = document.querySelector('.sel-empty');
  return !!filter && !filter.disabled && !!row && (!empty || empty.hidden);
})()`;

async function selection(env: Env, w: Window, em: RunningEmulator, proxy: CountingProxy, token: string): Promise<number> {
  phase('selection panel at 100 streams and at 10,000 streams × 20 fields');
  const accounts = (await control(em, 'GET', 'accounts')) as Array<{ token: string; clientId: number }>;
  const clientId = accounts.find((a) => a.token === token)!.clientId;
  const seeded = (await control(em, 'POST', 'seed/sources', { count: 2, clientId })) as { ids: number[] };
  const [small, large] = seeded.ids as [number, number];
  await control(em, 'POST', `sources/${small}/catalogue`, SMALL);
  await control(em, 'POST', `sources/${large}/catalogue`, LARGE);
  await env.agent.call('signIn', { name: 'Bench', baseUrl: proxy.url, token });
  const tti: Record<string, number[]> = { small: [], large: [] };
  let frame: Frame | undefined;
  for (const [label, sourceId] of [['small', small], ['large', large]] as const) {
    for (let r = 0; r < TTI_REPS; r++) {
      await env.agent.call('exec', { command: 'workbench.action.closeAllEditors' });
      await delay(500);
      const started = performance.now();
      await env.agent.call('exec', { command: 'stitch.selectStreams', args: [{ sourceId }] });
      frame = await frameWith(w.page, SELECTION_INTERACTIVE, 120_000);
      tti[label]!.push(performance.now() - started);
    }
  }
  const ratio = median(tti.large!) / median(tti.small!);
  add({ area: 'Selection panel', name: 'time to interactive, 100 streams (median)', value: median(tti.small!), unit: 'ms', detail: tti.small!.map((n) => round(n, 0)).join(', ') });
  add({ area: 'Selection panel', name: 'time to interactive, 10,000 streams × 20 fields (median)', value: median(tti.large!), unit: 'ms', detail: tti.large!.map((n) => round(n, 0)).join(', ') });
  add({ area: 'Selection panel', name: 'time to interactive ratio (10,000 ÷ 100)', value: ratio, unit: '×', target: 3, comparison: '<=' });
  const f = frame!;

  // Filter keystrokes: each one is an edit of the input plus its `input` event, as typing gives; the
  // time runs from just before the event to the frame after the list is redrawn.
  const name = await f.evaluate(() => {
    const rows = document.querySelectorAll<HTMLElement>('.sel-spacer [data-index]');
    return rows[Math.min(5, rows.length - 1)]?.querySelector('.sel-name')?.textContent ?? 'stream';
  });
  const typed = name.slice(0, 12);
  const lat = await f.evaluate(async (text) => {
    // The filter field (the layer's text field): its value and its input event, as typing gives.
    const input = document.querySelector<HTMLElement & { value: string }>('.sel-filter')!;
    input.focus();
    const out: number[] = [];
    const values = [...text].map((_, i) => text.slice(0, i + 1));
    for (let i = text.length - 1; i >= 0; i--) values.push(text.slice(0, i));
    for (const value of values) {
      const started = performance.now();
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  }, typed);
  add({ area: 'Selection panel', name: 'filter keystroke latency at 10,000 streams, median', value: median(lat), unit: 'ms', detail: `${lat.length} keystrokes typing and erasing "${typed}"; input event → next frame` });
  add({ area: 'Selection panel', name: 'filter keystroke latency at 10,000 streams, p95', value: quantile(lat, 0.95), unit: 'ms', target: 50, comparison: '<' });

  // Scrolling the whole list, one step per frame.
  const frames = await f.evaluate(async () => {
    const vp = document.querySelector<HTMLElement>('.sel-viewport')!;
    vp.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(r));
    const out: number[] = [];
    let last = performance.now();
    const step = Math.max(200, Math.floor((vp.scrollHeight - vp.clientHeight) / 300));
    for (let i = 0; i < 300; i++) {
      vp.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
    }
    return out;
  });
  add({ area: 'Selection panel', name: 'scroll frame time at 10,000 streams, worst frame', value: Math.max(...frames), unit: 'ms', target: 100, comparison: '<', detail: `p95 ${round(quantile(frames, 0.95), 1)} ms, median ${round(median(frames), 1)} ms over ${frames.length} frames across the whole list` });

  // Select all, then Apply.
  const selectStarted = performance.now();
  await f.evaluate(() => document.querySelector<HTMLButtonElement>('[data-action="select-all"]')!.click());
  await waitFor(async () => f.evaluate(() => {
    const apply = document.querySelector<HTMLButtonElement>('[data-action="apply"]');
    const problems = document.querySelector('.sel-footer, footer')?.textContent ?? '';
    return (!!apply && !apply.disabled) || /problem/.test(problems);
  }), 120_000, 'select all to stage');
  add({ area: 'Selection panel', name: '"select all" (10,000 streams) → staged', value: performance.now() - selectStarted, unit: 'ms' });
  const canApply = await f.evaluate(() => !document.querySelector<HTMLButtonElement>('[data-action="apply"]')!.disabled);
  if (!canApply) {
    notes.push('Select all left problems to fix, so Apply was not possible; no Apply figures.');
    return large;
  }
  proxy.log = [];
  await control(em, 'DELETE', 'counters');
  const applyStarted = performance.now();
  // Clicked in the frame: a notification toast over the editor must not swallow the click.
  await f.evaluate(() => document.querySelector<HTMLButtonElement>('[data-action="apply"]')!.click());
  await waitFor(async () => f.evaluate(() => {
    const apply = document.querySelector<HTMLButtonElement>('[data-action="apply"]')!;
    return !/…|\.\.\./.test(apply.textContent ?? '') && apply.disabled;
  }), 180_000, 'Apply to finish');
  const applyMs = performance.now() - applyStarted;
  await delay(1000);
  const puts = proxy.log.filter((r) => r.method === 'PUT' && /\/streams\/metadata$/.test(r.path));
  const applyCounts = await counters(em);
  add({ area: 'Selection panel', name: 'Apply "select all": PUT streams/metadata requests', value: puts.length, unit: 'requests', detail: `all requests: ${describeCounts(applyCounts)}` });
  add({ area: 'Selection panel', name: 'Apply "select all": payload size', value: puts.reduce((n, r) => n + r.requestBytes, 0) / 1024, unit: 'KB', detail: `largest body ${round(Math.max(0, ...puts.map((r) => r.requestBytes)) / 1024, 1)} KB; statuses ${[...new Set(puts.map((r) => r.status))].join(', ')}` });
  add({ area: 'Selection panel', name: 'Apply "select all": click → done', value: applyMs, unit: 'ms' });
  return large;
}

async function formLatency(env: Env, w: Window, open: { command: string; args: unknown[] }, field: string): Promise<number[]> {
  await env.agent.call('exec', { command: 'workbench.action.closeAllEditors' });
  await delay(500);
  await env.agent.call('exec', open);
  const f = await frameWith(w.page, `!!document.getElementById(${JSON.stringify(`f-${field}`)})`, 60_000);
  await f.evaluate((name) => {
    const input = document.getElementById(`f-${name}`) as HTMLInputElement;
    for (let d = input.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
  }, field);
  await f.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // Each keystroke is an edit plus its `input` event (as typing gives); the time runs from just before
  // the event to the inline error appearing or clearing (debounce, host validation, render).
  const lat: number[] = [];
  for (let i = 0; i < 10; i++) {
    for (const value of ['x', '5']) {
      lat.push(await f.evaluate(async ([name, v]) => {
        const input = document.getElementById(`f-${name}`) as HTMLInputElement;
        const want = v === 'x';
        const started = performance.now();
        input.value = v;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        for (;;) {
          const err = document.getElementById(`e-${name}`);
          if (((err?.textContent ?? '').trim() !== '') === want) return performance.now() - started;
          if (performance.now() - started > 10_000) throw new Error(`the inline error on ${name} did not ${want ? 'appear' : 'clear'}`);
          await new Promise((r) => setTimeout(r, 1));
        }
      }, [field, value] as const));
      await delay(50);
    }
  }
  return lat;
}

async function forms(env: Env, w: Window, fixtureEm: RunningEmulator): Promise<void> {
  phase('form validation: keystroke → inline error');
  const big = largestCard(fixtureCards());
  const debounce = 250;
  const bigField = propertiesOf(big).find((p) => p.property_type === 'user_provided' && /\\d/.test(JSON.stringify(p.json_schema ?? '')) && /\$/.test(JSON.stringify(p.json_schema ?? '')))?.name as string | undefined;
  // The largest real card (platform.cloudsql) has `details.access: false`: Stitch refuses to create
  // one on this plan and the product rightly shows "not on your plan" instead of a create form. A
  // user meets its form on a source that already exists, so the bench has the emulator allow the
  // creation (enforceAccess: false, as an account whose plan had it), creates one bare through the
  // API and times the edit form, the same renderer and validator with every property of the card.
  const existingSource = async (type: string): Promise<number> => {
    await control(fixtureEm, 'POST', 'settings', { enforceAccess: false });
    const res = await fetch(`${fixtureEm.url}/v4/sources`, {
      method: 'POST', headers: { authorization: `Bearer ${fixtureEm.accounts[0]!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type, display_name: `Bench ${type.replace(/\W+/g, ' ')} ${Date.now()}` }),
    });
    const body = (await res.json()) as { id?: number };
    if (!res.ok || typeof body.id !== 'number') throw new Error(`could not create a ${type} source in the fixture emulator: ${res.status} ${JSON.stringify(body)}`);
    return body.id;
  };
  const cases: Array<{ type: string; field: string; how: string; open: () => Promise<{ command: string; args: unknown[] }> }> = [
    { type: 'platform.recurly', field: 'quota_limit', how: 'create form', open: async () => ({ command: 'stitch.createSource', args: [{ sourceType: 'platform.recurly' }] }) },
    { type: big.type, field: bigField ?? 'port', how: 'edit form of an existing source (the card has details.access false)', open: async () => {
      return { command: 'stitch.editSource', args: [{ sourceId: await existingSource(big.type) }] };
    } },
  ];
  // Both cards as the real catalogue has them (the fixture emulator serves source-types.json).
  await env.agent.call('signIn', { name: 'Fixture', baseUrl: fixtureEm.url, token: fixtureEm.accounts[0]!.token });
  for (const c of cases) {
    const lat = await formLatency(env, w, await c.open(), c.field);
    add({ area: 'Form validation', name: `keystroke → inline error, median (${c.type}, ${c.field})`, value: median(lat), unit: 'ms', detail: `${c.how}; ${lat.length} keystrokes; alternating an invalid and a valid value; the webview's quick checks answer at once, the host's ajv (after a ${debounce} ms typing debounce) confirms` });
    add({ area: 'Form validation', name: `keystroke → inline error, p95 (${c.type})`, value: quantile(lat, 0.95), unit: 'ms', target: 16, comparison: '<', detail: 'input event → inline error shown or cleared in the real webview' });
  }
}

/**
 * Typing 10,000 characters into fields whose patterns backtrack catastrophically, in the real
 * webview: keystroke → inline result, and the extension host's longest event-loop stall meanwhile
 * (the host validates each value after its typing debounce).
 */
async function hostilePatterns(env: Env, w: Window, hostileEm: RunningEmulator): Promise<void> {
  phase('hostile patterns: keystroke → inline result, host stalls');
  await env.agent.call('signIn', { name: 'Hostile', baseUrl: hostileEm.url, token: hostileEm.accounts[0]!.token });
  await env.agent.call('exec', { command: 'workbench.action.closeAllEditors' });
  await delay(500);
  await env.agent.call('exec', { command: 'stitch.createSource', args: [{ sourceType: 'hostile.backtracking' }] });
  const f = await frameWith(w.page, '!!document.getElementById("f-nested_plus") && !!document.getElementById("f-words")', 60_000);
  // The noise floor: the host's stalls over the same kind of window with nothing typed, before and
  // after the typing (a shared machine's load comes and goes), reported beside each typing window.
  type Watch = { maxMs: number; p95Ms: number; p99Ms: number; gaps: string[]; cpuMs: number; seconds: number; utilisation: number };
  const idleWindow = async (): Promise<Watch> => {
    await env.agent.call('stallWatch', { start: true });
    await delay(8_000);
    return env.agent.call<Watch>('stallWatch', { start: false });
  };
  const describe = (w: Watch) => `p95 ${round(w.p95Ms, 1)} ms, max ${round(w.maxMs, 1)} ms, host CPU ${round(w.cpuMs / w.seconds, 1)} ms/s, loop busy ${round(w.utilisation * 100, 1)} %`;
  await delay(2_000); // the form's own opening work (ajv's first load, the first validation) settles first
  const idle = [await idleWindow()];
  const typed: Array<{ pattern: string; stall: Watch; values: number }> = [];
  for (const [field, pattern] of [['nested_plus', '^(a+)+$'], ['words', '^(\\w+\\s?)*$']] as const) {
    // One short value first, past the debounce: ajv's first load and this schema's compile are
    // measured apart ("validator compile, cold"); what follows is the cost of the pattern itself.
    await f.evaluate((name) => {
      const input = document.getElementById(`f-${name}`) as HTMLInputElement;
      input.value = 'a';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    }, field);
    await delay(1_000);
    await env.agent.call('stallWatch', { start: true });
    const lat: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [value, want] of [[LONG_BAD_VALUE, true], [LONG_GOOD_VALUE, false]] as const) {
        lat.push(await f.evaluate(async ([name, v, wantError]) => {
          const input = document.getElementById(`f-${name}`) as HTMLInputElement;
          const started = performance.now();
          input.value = v;
          input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
          for (;;) {
            const err = document.getElementById(`e-${name}`);
            if (((err?.textContent ?? '').trim() !== '') === wantError) return performance.now() - started;
            if (performance.now() - started > 60_000) throw new Error(`the inline error on ${name} did not ${wantError ? 'appear' : 'clear'}`);
            await new Promise((r) => setTimeout(r, 1));
          }
        }, [field, value, want] as const));
        // Past the typing debounce, so the host validates each value too.
        await delay(400);
      }
    }
    const stall = await env.agent.call<Watch>('stallWatch', { start: false });
    typed.push({ pattern, stall, values: lat.length });
    add({ area: 'Hostile patterns', name: `keystroke → inline result, p95 (${pattern}, 10,000 characters)`, value: quantile(lat, 0.95), unit: 'ms', target: 16, comparison: '<', detail: `median ${round(median(lat), 2)} ms; ${lat.length} values alternating rejected and accepted, in the real webview` });
  }
  idle.push(await idleWindow());
  const floor = `idle before: ${describe(idle[0]!)}; idle after: ${describe(idle[1]!)}`;
  add({ area: 'Hostile patterns', name: 'baseline: extension host\'s event-loop delay with nothing typed, p95 (two 8 s windows, before and after)', value: Math.max(idle[0]!.p95Ms, idle[1]!.p95Ms), unit: 'ms', detail: floor });
  add({ area: 'Hostile patterns', name: 'baseline: extension host\'s longest stall with nothing typed (two 8 s windows)', value: Math.max(idle[0]!.maxMs, idle[1]!.maxMs), unit: 'ms', detail: `gaps over 50 ms: ${[...idle[0]!.gaps, ...idle[1]!.gaps].join(', ') || 'none'}; what this machine's load alone costs` });
  for (const { pattern, stall, values } of typed) {
    add({ area: 'Hostile patterns', name: `extension host's event-loop delay while typing, p95 (${pattern})`, value: stall.p95Ms, unit: 'ms', target: 50, comparison: '<', detail: `${describe(stall)}; ${values} values of 10,000 characters, each validated after the typing debounce; beside it, ${floor}` });
    add({ area: 'Hostile patterns', name: `extension host's longest stall while typing (${pattern})`, value: stall.maxMs, unit: 'ms', target: 50, comparison: '<', detail: `event-loop delay (perf_hooks, 10 ms resolution); p99 ${round(stall.p99Ms, 1)} ms; gaps over 50 ms (at+length): ${stall.gaps.join(', ') || 'none'}; idle max before/after ${round(idle[0]!.maxMs, 1)}/${round(idle[1]!.maxMs, 1)} ms` });
  }
  await env.agent.call('exec', { command: 'workbench.action.closeAllEditors' });
}

// ---- API economy of the Stitch guide's journey ----------------------------------------------------------

const JOURNEY_JOB_SECONDS = 20;
const isJobsEndpoint = (k: string) => /extractions|loads|\{logs\}/.test(k);

/** Clicks an element inside a webview frame (a toast over the editor must not swallow a pointer click). */
async function clickIn(f: Frame, selector: string): Promise<void> {
  await f.waitForSelector(selector, { timeout: 30_000 });
  await f.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel);
    if (!el) throw new Error(`no ${sel}`);
    el.click();
  }, selector);
}

/** The journey's requests in order, with the step each ended in: artifacts/journey-requests.txt (to see who asked what). */
async function writeJourneyTimeline(em: RunningEmulator, marks: ReadonlyArray<{ step: string; at: number }>, file: string): Promise<void> {
  const requests = await control(em, 'GET', 'requests') as Array<{ method: string; path: string; status: number | null; at: string }>;
  const first = requests.length ? Date.parse(requests[0]!.at) : Date.now();
  const lines: string[] = [];
  let m = 0;
  for (const r of requests) {
    const at = Date.parse(r.at);
    while (m < marks.length && marks[m]!.at < at) lines.push(`-- end of step: ${marks[m++]!.step}`);
    lines.push(`${((at - first) / 1000).toFixed(1).padStart(6)} s  ${r.method} ${r.path} → ${r.status ?? '…'}`);
  }
  while (m < marks.length) lines.push(`-- end of step: ${marks[m++]!.step}`);
  fs.mkdirSync(artifactsDir, { recursive: true });
  fs.writeFileSync(path.join(artifactsDir, file), `${lines.join('\n')}\n`);
}

/**
 * create → check → select → schedule → sync → finish, through the real extension in the UI window:
 * the setup form typed and submitted, its Select Streams button, the selection panel's toggle and
 * Apply, the schedule panel, Sync Now, the finish notification's View Logs. The emulator's counters
 * are cleared after sign-in, and read after each step (per-step detail) and at the end.
 */
interface JourneyVariant {
  /** In the figures' names. */
  label: string;
  /** The Stitch view shown before sign-in (its trees load then, outside the count), or the side bar closed. */
  viewOpen: boolean;
  /** The issue's targets apply to this one; the other is reported beside it. */
  targets: boolean;
}

/** Waits until the emulator has seen no request for `quietMs` (the trees' loads after a sign-in). */
async function quiet(em: RunningEmulator, quietMs = 1500, limitMs = 15_000): Promise<void> {
  const started = Date.now();
  let last = JSON.stringify(await counters(em));
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - started < limitMs) {
    await delay(250);
    const now = JSON.stringify(await counters(em));
    if (now !== last) { last = now; since = Date.now(); }
  }
}

async function journey(env: Env, w: Window, journeyEm: RunningEmulator, variant: JourneyVariant): Promise<void> {
  phase(`API economy: the Stitch guide's journey, ${variant.label} (connection check and sync take ${JOURNEY_JOB_SECONDS} s each)`);
  const { DEFAULT_DELAYS } = await import('../../src/panels/sourceForm/checkPoller');
  await env.agent.call('exec', { command: 'workbench.action.closeAllEditors' });
  await env.agent.call('exec', { command: variant.viewOpen ? 'workbench.view.extension.stitch' : 'workbench.action.closeSidebar' });
  await env.agent.call('signIn', { name: 'Journey', baseUrl: journeyEm.url, token: journeyEm.accounts[0]!.token });
  await delay(1000);
  await quiet(journeyEm); // the trees' loads after sign-in are not part of the journey
  await control(journeyEm, 'DELETE', 'counters');
  await control(journeyEm, 'DELETE', 'requests');
  const steps: Array<{ step: string; counts: Record<string, number> }> = [];
  const marks: Array<{ step: string; at: number }> = [];
  let before: Record<string, number> = {};
  const mark = async (step: string) => {
    const now = await counters(journeyEm);
    const delta = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
    steps.push({ step, counts: delta });
    marks.push({ step, at: Date.parse((await control(journeyEm, 'GET', 'clock') as { now: string }).now) });
    before = now;
    process.stdout.write(`  ${step}: ${describeCounts(delta)}\n`);
  };
  const started = performance.now();

  // create: the form for a new Recurly source, typed and submitted
  await env.agent.call('exec', { command: 'stitch.createSource', args: [{ sourceType: 'platform.recurly' }] });
  const form = await frameWith(w.page, '!!document.querySelector("form.sf-form #f-quota_limit")', 60_000);
  await form.fill('#f-display_name input', `Recurly Journey ${Date.now()}`);
  await form.fill('#f-subdomain input', 'acme');
  await form.fill('#f-api_key', 'journey-secret-key');
  await form.fill('#f-start_date', '2024-01-01');
  await form.fill('#f-quota_limit input', '50');
  await delay(600); // past the typing debounce: the form validates as a user's typing would
  await mark('create (form opened, typed)');
  const checkStarted = performance.now();
  await clickIn(form, '#sf-submit');
  await form.waitForSelector('[data-check-status="succeeded"]', { timeout: 120_000 });
  const checkSeconds = (performance.now() - checkStarted) / 1000;
  await mark('submit + connection check');

  // select: the form's Select Streams, one stream toggled, Apply
  await clickIn(form, '.sf-select-streams');
  const sel = await frameWith(w.page, '!!document.querySelector(".sel-stream [data-action=\\"toggle-stream\\"]")', 60_000);
  await sel.evaluate(() => document.querySelector<HTMLElement>('.sel-stream [data-action="toggle-stream"]')!.click());
  await sel.locator('.sel-summary', { hasText: /added/ }).waitFor({ timeout: 30_000 });
  await clickIn(sel, '[data-action="apply"]');
  await sel.waitForSelector('.sel-banner.success', { timeout: 60_000 });
  const { sourceIds } = await env.agent.call<{ sourceIds: number[] }>('selectionPanels');
  const sourceId = sourceIds[sourceIds.length - 1]!;
  await mark('select streams + apply');

  // schedule: every 30 minutes, saved, Stitch's next run compared with the preview
  await env.agent.call('exec', { command: 'stitch.editSchedule', args: [{ sourceId }] });
  const sched = await frameWith(w.page, '!!document.querySelector("[data-field=\\"frequency\\"] [role=option]") && !!document.querySelector("[data-action=\\"save\\"]")', 60_000);
  await sched.click('[data-field="frequency"]');
  await sched.click('[data-field="frequency"] [role="option"][value="30"]');
  await sched.waitForSelector('[data-utc]', { timeout: 30_000 });
  await clickIn(sched, '[data-action="save"]');
  await sched.waitForSelector('[data-part="saved"][data-agreement]', { timeout: 30_000 });
  await mark('schedule');

  // sync, followed to its end; finish: the notification's View Logs
  const syncStarted = performance.now();
  await env.agent.call('exec', { command: 'stitch.syncNow', args: [{ sourceId }] });
  const done = w.page.locator('.notifications-toasts .notification-toast', { hasText: /succeeded/i }).first();
  await done.waitFor({ timeout: 180_000 });
  const syncSeconds = (performance.now() - syncStarted) / 1000;
  await mark('sync, followed to its end');
  await done.locator('.monaco-button', { hasText: 'View Logs' }).click();
  await w.page.locator('.editor-instance .view-lines', { hasText: /tap|target/i }).first().waitFor({ timeout: 30_000 });
  await delay(1500);
  await mark('finish (logs opened)');
  const seconds = (performance.now() - started) / 1000;
  await writeJourneyTimeline(journeyEm, marks, variant.viewOpen ? 'journey-requests.txt' : 'journey-requests-palette.txt');

  const totals: Record<string, number> = {};
  for (const s of steps) for (const [k, v] of Object.entries(s.counts)) totals[k] = (totals[k] ?? 0) + v;
  const perStep = (endpoint: string) => steps.filter((s) => s.counts[endpoint]).map((s) => `${s.step.replace(/ \(.*\)$/, '')} ${s.counts[endpoint]}`).join(', ');
  const name = (what: string) => `journey, ${variant.label}: ${what}`;
  const target = (n: number) => (variant.targets ? { target: n, comparison: '<=' as const } : {});
  for (const [endpoint, n] of Object.entries(totals).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const sourceReads = endpoint === 'GET /v4/sources/{source_id}';
    if (!variant.targets && !sourceReads) continue; // per endpoint once; the other variant differs only at create
    add({ area: 'API economy', name: name(endpoint), value: n, unit: 'requests', ...(sourceReads ? target(3) : {}), detail: perStep(endpoint) });
  }
  add({ area: 'API economy', name: name('all requests (create → check → select → schedule → sync → finish)'), value: total(totals), unit: 'requests', ...target(22), detail: `${Object.keys(totals).length} endpoints (${describeCounts(steps[0]!.counts)} at create); journey took ${round(seconds, 0)} s; check ${round(checkSeconds, 1)} s, sync ${round(syncSeconds, 1)} s` });
  // The connection check: polls a back-off schedule needs to see a check of this length end (the
  // create's answer says it started, so the first look comes after the first delay), plus one for a
  // poll landing just before the end.
  const checkPollKey = Object.keys(steps[1]!.counts).find((k) => /connection-check/.test(k));
  const checkPolls = checkPollKey ? steps[1]!.counts[checkPollKey]! : 0;
  let needed = 0;
  for (let t = 0, i = 0; t < checkSeconds * 1000; i++) { t += DEFAULT_DELAYS[Math.min(i, DEFAULT_DELAYS.length - 1)]!; needed++; }
  add({ area: 'API economy', name: name('connection-check polls (back-off)'), value: checkPolls, unit: 'requests', target: needed + 1, comparison: '<=', detail: `${checkPollKey ?? 'no check endpoint polled'}; a ${round(checkSeconds, 1)} s check, delays ${DEFAULT_DELAYS.map((d) => d / 1000).join(', ')} s (the last repeats): ${needed} polls see its end` });
  const jobs = Object.fromEntries(Object.entries(totals).filter(([k]) => isJobsEndpoint(k)));
  add({ area: 'API economy', name: name('jobs-endpoint requests (the whole journey, within one 10-minute window)'), value: total(jobs), unit: 'requests', target: 30, comparison: '<=', detail: describeCounts(jobs) });
}

async function jobsFollow(env: Env, em: RunningEmulator, proxy: CountingProxy, token: string, sourceId: number): Promise<void> {
  phase('jobs endpoints while following a running job, 10 simulated minutes');
  await env.agent.call('signIn', { name: 'Bench', baseUrl: proxy.url, token });
  await control(em, 'POST', 'clock', { speed: 0 });
  await env.agent.call('exec', { command: 'stitch.internal.jobs', args: [{ op: 'manualClock' }] });
  await env.agent.call('exec', { command: 'stitch.syncNow', args: [{ sourceId }] });
  await control(em, 'DELETE', 'counters');
  for (let s = 0; s < 600; s += 5) {
    await control(em, 'POST', 'clock', { advanceSeconds: 5 });
    await env.agent.call('exec', { command: 'stitch.internal.jobs', args: [{ op: 'advance', ms: 5000 }] });
  }
  const c = await counters(em);
  const jobs = Object.fromEntries(Object.entries(c).filter(([k]) => isJobsEndpoint(k)));
  add({ area: 'API economy', name: 'jobs-endpoint requests per 10 minutes, following a running job', value: total(jobs), unit: 'requests', target: 30, comparison: '<=', detail: `${describeCounts(jobs)}; other: ${describeCounts(Object.fromEntries(Object.entries(c).filter(([k]) => !(k in jobs))))}` });
  await env.agent.call('exec', { command: 'stitch.stopSync', args: [{ sourceId }] }).catch(() => undefined);
  await env.agent.call('exec', { command: 'stitch.internal.jobs', args: [{ op: 'realClock' }] });
}

// ---- main ---------------------------------------------------------------------------------------------

async function buildAgent(): Promise<string> {
  const outDir = path.join(repoRoot, 'out', 'bench');
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'bench', 'agent.ts')], outfile: path.join(outDir, 'agent.js'), bundle: true,
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning', absWorkingDir: repoRoot,
  });
  return path.join(outDir, 'agent');
}

async function main(): Promise<void> {
  const started = Date.now();
  const host = machine();
  process.stdout.write(`Stitch Connect bench on ${String(host.cpu)} × ${String(host.cores)} cores, ${String(host.memoryGiB)} GiB, load ${JSON.stringify(host.loadAverage)}\n`);
  sizes();
  await validatorCost();
  await cronPreviewCost();
  // Host-side, no VS Code needed: STITCH_BENCH_ONLY=rules measures it alone (the rest still starts).
  if (!process.env.STITCH_BENCH_ONLY || process.env.STITCH_BENCH_ONLY.split(',').map((p) => p.trim()).includes('rules')) {
    phase('selection rules (host side, in this Node process)');
    rulePreviewCost(add);
    await rulesPanelCost(add);
    await rulesApplyBench(add);
  }
  await patternCost();

  const tokens = ['bench-main', ...Array.from({ length: TREE_REPS }, (_, i) => `bench-tree-${i}`)];
  const em = await startEmulator({ port: 0, quiet: true, tokens, jobSeconds: JOB_SECONDS, scheduler: false });
  const fixtureEm = await startEmulator({ port: 0, quiet: true, tokens: ['bench-fixture'], catalogFile: path.join(sharedFixturesDir, 'source-types.json'), scheduler: false });
  const hostileCatalogueFile = path.join(makeTempDir('stitch-bench-hostile-'), 'source-types.json');
  fs.writeFileSync(hostileCatalogueFile, JSON.stringify(hostileCatalogue()));
  const hostileEm = await startEmulator({ port: 0, quiet: true, tokens: ['bench-hostile'], catalogFile: hostileCatalogueFile, scheduler: false });
  const journeyEm = await startEmulator({ port: 0, quiet: true, tokens: ['bench-journey'], jobSeconds: JOURNEY_JOB_SECONDS, scheduler: false });
  await withCheckedDestination(journeyEm);
  const proxy = new CountingProxy(em.url);
  await proxy.start();
  const agent = new AgentChannel();
  await agent.start();
  const agentPath = await buildAgent();
  const helloDir = writeHelloExtension(path.join(makeTempDir('stitch-bench-hello-'), 'hello'));
  const workspace = makeTempDir('stitch-bench-ws-');
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const ourVsix = process.env.STITCH_BENCH_VSIX ?? path.join(artifactsDir, `${pkg.name}-${pkg.version}.vsix`);
  const server = await startCodeServer({ workspace, env: { STITCH_BENCH_CONTROL: agent.url }, installVsix: [ourVsix, packageVsix(helloDir, repoRoot)] });
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // tsx keeps function names with a `__name` helper, which functions sent to page.evaluate carry along.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const env: Env = { context, server, workspace, agent, agentPath, helloDir, probeDir: writeProbeExtension(path.join(path.dirname(helloDir), 'probe')) };
  const failures: string[] = [];
  // STITCH_BENCH_ONLY=activation,tree,selection,forms,journey,files,jobs,latency measures only those parts (while working on one).
  const only = process.env.STITCH_BENCH_ONLY?.split(',').map((p) => p.trim()).filter(Boolean);
  const partOf: Record<string, string> = { activation: 'activation', 'Sources tree': 'tree', 'selection panel': 'selection', 'form validation': 'forms', 'hostile patterns': 'hostile', 'API economy journey': 'journey', 'files in VS Code': 'files', 'jobs following': 'jobs', 'sync result latency': 'latency' };
  if (only) notes.push(`Only these parts were measured (STITCH_BENCH_ONLY): ${only.join(', ')}.`);
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    if (only && !only.includes(partOf[what] ?? what)) return;
    try { await fn(); } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      process.stdout.write(`  ✗ ${what} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
  };
  // Source files (issue 19): Node against its own emulator, no window needed.
  await attempt('files', () => sourceFilesBench(add));
  let vscodeVersion = '';
  try {
    await attempt('activation', () => activation(env, em, proxy, tokens[0]!));
    const w = await openWindow(env);
    try {
      vscodeVersion = (await agent.call<{ vscodeVersion: string }>('activate', { ids: [STITCH_ID] })).vscodeVersion;
      await attempt('Sources tree', () => tree(env, w, em, proxy));
      let large = 0;
      await attempt('selection panel', async () => { large = await selection(env, w, em, proxy, tokens[0]!); });
      await attempt('form validation', () => forms(env, w, fixtureEm));
      await attempt('hostile patterns', () => hostilePatterns(env, w, hostileEm));
      // The guide's journey starts in the Stitch view (its Source Types tree); the same steps from the
      // palette with the side bar closed are measured beside it.
      await attempt('API economy journey', () => journey(env, w, journeyEm, { label: 'from the Stitch view', viewOpen: true, targets: true }));
      await attempt('API economy journey', () => journey(env, w, journeyEm, { label: 'from the palette, side bar closed', viewOpen: false, targets: false }));
      await attempt('files in VS Code', () => { phase('source files: the Plan command in VS Code, 100 and 10,000 streams (issue 19)'); return planInVsCode(env.agent, env.workspace, add); });
      await attempt('jobs following', async () => {
        const accounts = (await control(em, 'GET', 'accounts')) as Array<{ token: string; clientId: number }>;
        const seeded = (await control(em, 'POST', 'seed/sources', { count: 1, clientId: accounts[0]!.clientId })) as { ids: number[] };
        // Sync Now waits for a working destination (issue 21): without one it asks the user, and the bench would wait forever.
        await withCheckedDestination(em);
        await jobsFollow(env, em, proxy, tokens[0]!, seeded.ids[0] ?? large);
      });
      await attempt('sync result latency', async () => {
        phase('sync result latency: a job\'s end to its notification (issue 17)');
        latencyOfPolicy(add);
        // 23 s, not a round 20: a job whose end falls between two polls, as real ones do.
        const latencyEm = await startEmulator({ port: 0, quiet: true, tokens: ['bench-latency'], jobSeconds: 23, scheduler: false });
        try { await withCheckedDestination(latencyEm); await latencyInVsCode(env.agent, latencyEm, 23, 5, add); } finally { await latencyEm.close(); }
      });
    } finally {
      await closeWindow(env, w);
    }
  } finally {
    await closeBrowser(browser);
    await server.close();
    await proxy.close();
    await agent.close();
    await em.close();
    await fixtureEm.close();
    await hostileEm.close();
    fs.rmSync(path.dirname(hostileCatalogueFile), { recursive: true, force: true });
    await journeyEm.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(path.dirname(helloDir), { recursive: true, force: true });
  }

  const seconds = (Date.now() - started) / 1000;
  const result = {
    generatedAt: new Date().toISOString(), machine: { ...host, loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)) },
    vscode: `${vscodeVersion || '1.100.3'} (code-server, headless Chromium)`, durationSeconds: round(seconds, 0), figures, notes, failures,
  };
  fs.mkdirSync(artifactsDir, { recursive: true });
  fs.writeFileSync(path.join(artifactsDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  const markdown = renderMarkdown(result);
  fs.writeFileSync(path.join(artifactsDir, 'bench.md'), markdown);
  process.stdout.write(`\n${markdown}\nWrote artifacts/bench.json and artifacts/bench.md in ${round(seconds, 0)} s.\n`);
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
