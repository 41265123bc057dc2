/**
 * What a job is doing, derived from an Extraction record alone (reference §4.10, §5.11). Pure:
 * no vscode import, unit-tested.
 *
 * Rules: `completion_time` null means running; the phase is the first of discovery → tap →
 * target without an exit status (Stitch may leave all three null until the end, then we can only
 * say "discovery or later"). A non-zero exit is a failure in that phase, unless it is a SIGTERM
 * (143, -15) or its description says the job was terminated. A completed job whose phases all
 * have null exits was stopped before any phase reported: terminated.
 */

import type { Extraction } from '../api/types';

export type Phase = 'discovery' | 'tap' | 'target';
export type Outcome = 'running' | 'succeeded' | 'failed' | 'terminated';

/** The fields of an Extraction (src/api/types.ts) these rules read. */
export type ExtractionRecord = Pick<Extraction,
  | 'job_name' | 'source_id' | 'start_time' | 'completion_time'
  | 'discovery_exit_status' | 'discovery_description' | 'tap_exit_status' | 'tap_description'
  | 'target_exit_status' | 'target_description'>;

export interface JobView {
  jobName: string;
  sourceId: number;
  outcome: Outcome;
  /** Running: the current phase. Failed or terminated: the phase it stopped in (when known). */
  phase?: Phase;
  /** True while running and no phase has reported yet (discovery, or later if Stitch reports only at the end). */
  phaseUncertain?: boolean;
  description?: string;
  startedAt: string | null;
  completedAt: string | null;
}

export const PHASES: readonly Phase[] = ['discovery', 'tap', 'target'];

const TERMINATED = /terminat|stopped by|cancel/i;

function exitOf(e: ExtractionRecord, phase: Phase): number | null {
  return e[`${phase}_exit_status`];
}
function descriptionOf(e: ExtractionRecord, phase: Phase): string | null {
  return e[`${phase}_description`];
}

export function deriveJob(e: ExtractionRecord): JobView {
  const base = { jobName: e.job_name, sourceId: e.source_id, startedAt: e.start_time, completedAt: e.completion_time };
  if (!e.completion_time) {
    const phase = PHASES.find((p) => exitOf(e, p) === null) ?? 'target';
    return { ...base, outcome: 'running', phase, phaseUncertain: phase === 'discovery' };
  }
  for (const phase of PHASES) {
    const status = exitOf(e, phase);
    const description = descriptionOf(e, phase) ?? undefined;
    if (status !== null && status !== 0) {
      const terminated = status === 143 || status === -15 || TERMINATED.test(description ?? '');
      return { ...base, outcome: terminated ? 'terminated' : 'failed', phase, description };
    }
  }
  const described = PHASES.find((p) => TERMINATED.test(descriptionOf(e, p) ?? ''));
  if (described) return { ...base, outcome: 'terminated', description: descriptionOf(e, described) ?? undefined };
  if (PHASES.every((p) => exitOf(e, p) === null)) return { ...base, outcome: 'terminated' };
  // A phase with a null exit after a success (e.g. discovery 0, tap null) ended without reporting.
  const missing = PHASES.find((p) => exitOf(e, p) === null);
  if (missing && PHASES.slice(PHASES.indexOf(missing)).every((p) => exitOf(e, p) === null) && missing !== 'discovery') {
    return { ...base, outcome: 'failed', phase: missing, description: descriptionOf(e, missing) ?? 'the phase ended without an exit status' };
  }
  return { ...base, outcome: 'succeeded' };
}

const PHASE_TEXT: Record<Phase, string> = {
  discovery: 'discovery (finding streams and checking the connection)',
  tap: 'tap (extracting data from the source)',
  target: 'target (loading into the destination)',
};

/** The progress line for a running job: its phase as Stitch reports it. */
export function progressText(view: JobView): string {
  if (view.outcome !== 'running') return endText(view, '');
  if (!view.phase) return 'Running';
  return view.phaseUncertain ? 'Running: discovery or later (Stitch reports phases when the job ends)' : `Running: ${PHASE_TEXT[view.phase]}`;
}

export function durationText(startIso: string | null, endIso: string | null): string {
  if (!startIso || !endIso) return '';
  const ms = Date.parse(endIso) - Date.parse(startIso);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** The end message: the result, the failed phase and what it said, or that it was stopped. */
export function endText(view: JobView, sourceName: string): string {
  const who = sourceName ? `The sync of "${sourceName}"` : 'The sync';
  const took = durationText(view.startedAt, view.completedAt);
  const after = took ? ` after ${took}` : '';
  switch (view.outcome) {
    case 'succeeded': return `${who} succeeded${after}.`;
    case 'terminated': return `${who} was stopped (terminated)${after}.`;
    case 'failed': {
      const where = view.phase ? ` in the ${view.phase} phase` : '';
      return `${who} failed${where}${after}${view.description ? `: ${view.description}` : '.'}`;
    }
    default: return `${who} is running.`;
  }
}

/** One phase's result for the history: "ok", "exit 1: <description>", "not reached", "running". */
export function phaseResult(e: ExtractionRecord, phase: Phase): string {
  const status = exitOf(e, phase);
  const description = descriptionOf(e, phase);
  if (status === null) {
    if (description) return description;
    return e.completion_time ? 'not reported' : 'running or pending';
  }
  if (status === 0) return description ? `ok (${description})` : 'ok';
  return `exit ${status}${description ? `: ${description}` : ''}`;
}

// ---- following a job through the account-wide list -----------------------------------------------

/** What this window is following for one source. `jobName` is unknown after an attach until a poll shows it. */
export interface FollowTarget {
  sourceId: number;
  jobName?: string;
  /** Epoch ms when we started or attached (our clock). */
  since: number;
}

export type FollowStep =
  | { kind: 'waiting' } // the list doesn't show the job yet
  | { kind: 'running'; view: JobView }
  | { kind: 'ended'; view: JobView }
  | { kind: 'superseded'; view: JobView }; // our job is gone and a newer one is listed

/** Clock skew tolerance between us and Stitch when comparing our "since" with its timestamps. */
const SKEW_MS = 2 * 60_000;

/**
 * Matches a followed job against the list (one record per source: the latest job). Pure.
 * - Known job name: the record with that name tells running/ended; a newer record means ours ended unseen.
 * - Attached (name unknown): a running record is the one; a completed record that finished after we
 *   attached (minus skew) is the one that ended; an older one means the list hasn't caught up yet.
 */
export function followStep(target: FollowTarget, records: readonly ExtractionRecord[]): FollowStep {
  const record = records.find((r) => r.source_id === target.sourceId);
  if (!record) return { kind: 'waiting' };
  const view = deriveJob(record);
  if (target.jobName) {
    if (record.job_name === target.jobName) return view.outcome === 'running' ? { kind: 'running', view } : { kind: 'ended', view };
    const started = Date.parse(record.start_time ?? '');
    if (Number.isFinite(started) && started >= target.since - SKEW_MS) return { kind: 'superseded', view };
    return { kind: 'waiting' };
  }
  if (view.outcome === 'running') return { kind: 'running', view };
  const completed = Date.parse(record.completion_time ?? '');
  if (Number.isFinite(completed) && completed >= target.since - SKEW_MS) return { kind: 'ended', view };
  return { kind: 'waiting' };
}

// ---- starting: what the POST's answer means -----------------------------------------------------

export type StartDecision =
  | { kind: 'started'; jobName: string }
  | { kind: 'attach' }
  | { kind: 'failed'; error: unknown };

/** `already_running` (an HTTP 200 with an error body) means: follow the running job instead of failing. */
export function decideStart(result: { jobName: string } | { error: unknown }): StartDecision {
  if ('jobName' in result) return { kind: 'started', jobName: result.jobName };
  const error = result.error as { kind?: unknown; type?: unknown } | undefined;
  if (error && (error.kind === 'already_running' || error.type === 'already_running')) return { kind: 'attach' };
  return { kind: 'failed', error: result.error };
}

/** Running jobs in a list, by source id. */
export function runningSources(records: readonly ExtractionRecord[]): Set<number> {
  return new Set(records.filter((r) => !r.completion_time).map((r) => r.source_id));
}
