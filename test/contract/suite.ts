/**
 * The contract suite: run the read-only steps (and, when allowed and confirmed, the write steps)
 * against a server through the extension's own client, then build the report and the scrubbed
 * capture. No file is written here (see report.ts), so tests and the CLI share it.
 */
import { randomBytes } from 'node:crypto';
import { JobsBudget, StitchClient, type FetchLike } from '../../src/api';
import { readOnlySteps, PROBE_SOURCE_ID, PROBE_STREAM_ID } from './readonly';
import { Recorder, WRITE_METHODS, type Exchange } from './recorder';
import { FatalRun, Run, type Finding, type StepResult } from './run';
import { Scrubber, type Capture } from './scrub';
import { writeSteps, type Cleanup } from './writes';

/** Stitch allows 30 jobs requests (extractions, logs, loads) per 10 minutes; a run needs 3. */
export const JOBS_LIMIT = 6;
const JOBS_PATH = /^\/v4\/\d+\/(extractions|loads)(\/|\?|$)/;

export interface ContractOptions {
  baseUrl: string;
  token: string;
  allowWrites?: boolean;
  /** The account id typed again; writes happen only when it equals the token's account. */
  confirmAccount?: string;
  /** Replay or tests: the transport under the recorder. */
  fetch?: FetchLike;
  pollMs?: number;
  checkTimeoutMs?: number;
  /** The throw-away source's fake credential (tests pass a canary to audit the capture). */
  credential?: string;
  displayName?: string;
}

export interface ContractReport {
  tool: 'stitch-connect-contract';
  startedAt: string;
  finishedAt: string;
  server: string;
  mode: 'read-only' | 'writes';
  verdict: 'pass' | 'differences' | 'breaks' | 'aborted' | 'writes refused';
  aborted?: string;
  figures: {
    requests: number;
    byMethod: Record<string, number>;
    writeRequests: number;
    jobsRequests: number;
    jobsLimit: number;
    logHostRequests: number;
    breaks: number;
    differences: number;
  };
  steps: StepResult[];
  findings: Finding[];
  cleanup?: Cleanup;
}

export interface ContractResult {
  report: ContractReport;
  capture: Capture;
  /** The raw exchanges (never written to a file: they hold the account's data). */
  exchanges: Exchange[];
  /** 0 pass, 1 differences or breaks, 2 refused or aborted. */
  exitCode: number;
}

export async function runContract(options: ContractOptions): Promise<ContractResult> {
  const startedAt = new Date().toISOString();
  const recorder = new Recorder(options.baseUrl, options.fetch);
  const client = new StitchClient({
    baseUrl: options.baseUrl,
    getToken: async () => options.token,
    fetch: recorder.fetch,
    // The first answer is the one to judge; a retry would hide it and cost budget.
    retry: false,
    jobsBudget: new JobsBudget({ limit: JOBS_LIMIT, maxWaitMs: 0 }),
    userAgent: 'stitch-connect-contract',
  });
  const run = new Run(client, recorder);
  const credential = options.credential ?? `invalid-fake-credential-${randomBytes(6).toString('hex')}`;
  const mode = options.allowWrites ? 'writes' : 'read-only';
  let aborted: string | undefined;
  let refused = false;
  let cleanup: Cleanup | undefined;
  try {
    const facts = await readOnlySteps(run);
    if (options.allowWrites) {
      if (facts.clientId === undefined || String(facts.clientId) !== String(options.confirmAccount ?? '').trim()) {
        refused = true;
        run.add({
          severity: 'note', step: 'writes', kind: 'writes_refused',
          detail: facts.clientId === undefined
            ? 'no source in the account shows its id, so the confirmation cannot be checked: nothing was written'
            : 'the account id typed with --confirm-account is not the account of this token: nothing was written',
        });
      } else {
        cleanup = { created: [], deleted: [], leftBehind: [] };
        await writeSteps(run, facts.sourceTypes, facts.sources, {
          credential,
          displayName: options.displayName ?? `Contract test ${startedAt.slice(0, 19).replace(/[-:T]/g, '')} delete me`,
          pollMs: options.pollMs ?? 10_000,
          checkTimeoutMs: options.checkTimeoutMs ?? 5 * 60_000,
        }, cleanup);
      }
    }
  } catch (error) {
    if (!(error instanceof FatalRun)) throw error;
    aborted = error.message;
  }

  const ex = recorder.exchanges;
  const byMethod: Record<string, number> = {};
  for (const e of ex) byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
  if (cleanup && cleanup.leftBehind.length > 0) {
    run.add({ severity: 'break', step: 'cleanup', kind: 'left_behind', detail: `could not delete: ${cleanup.leftBehind.map((l) => `source ${l.id} (${l.why})`).join('; ')}` });
  }
  const breaks = run.findings.filter((f) => f.severity === 'break').length;
  const differences = run.findings.filter((f) => f.severity === 'difference').length;
  const verdict: ContractReport['verdict'] = aborted ? 'aborted' : refused ? 'writes refused' : breaks > 0 ? 'breaks' : differences > 0 ? 'differences' : 'pass';
  const report: ContractReport = {
    tool: 'stitch-connect-contract',
    startedAt,
    finishedAt: new Date().toISOString(),
    server: new URL(options.baseUrl).origin,
    mode,
    verdict,
    ...(aborted ? { aborted } : {}),
    figures: {
      requests: ex.length,
      byMethod,
      writeRequests: ex.filter((e) => WRITE_METHODS.has(e.method)).length,
      jobsRequests: ex.filter((e) => e.host === 'api' && JOBS_PATH.test(e.path)).length,
      jobsLimit: JOBS_LIMIT,
      logHostRequests: ex.filter((e) => e.host === 'logs').length,
      breaks,
      differences,
    },
    steps: run.steps,
    findings: run.findings,
    ...(cleanup ? { cleanup } : {}),
  };
  const outcome = { verdict, findings: run.findings.map(({ severity, step, kind, at }) => ({ severity, step, kind, ...(at ? { at } : {}) })) };
  const capture = new Scrubber([options.token, credential], [PROBE_SOURCE_ID, PROBE_STREAM_ID]).capture(ex, mode, outcome);
  const exitCode = verdict === 'pass' ? 0 : verdict === 'aborted' || verdict === 'writes refused' ? 2 : 1;
  return { report, capture, exchanges: ex, exitCode };
}
