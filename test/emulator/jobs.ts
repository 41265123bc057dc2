/**
 * Connection checks and sync jobs over simulated time. Nothing runs in the background: `tick()`
 * is called before every request and replays, in time order, whatever should have happened since
 * (checks finishing, jobs finishing, scheduled runs firing), so results never depend on timers.
 */
import { canLoad } from './destinationHealth';
import { isoSeconds } from './clock';
import { MESSAGES } from './errors';
import {
  checkFailureFor,
  isPushOnly,
  isSchedulable,
  isFullyConfigured,
  selectedStreams,
  sourceCatalogue,
  typeCard,
} from './lifecycle';
import { hashString, prng, uuidV1Like } from './rng';
import { nextFireAfter } from './schedule';
import type { AccountState, CheckRecord, JobRecord, Phase, SourceRecord } from './state';
import { random, type World } from './world';

const DAY_MS = 86_400_000;
const HISTORY_PER_SOURCE = 25;

function jobMs(world: World): number {
  return Math.max(0.001, world.options.jobSeconds) * 1000;
}

// ---- connection checks -----------------------------------------------------------------------

export function startCheck(world: World, acc: AccountState, source: SourceRecord, nowMs: number): CheckRecord {
  const name = `${acc.clientId}.${source.id}.check.${uuidV1Like(random(world))}`;
  const check: CheckRecord = { name, sourceId: source.id, startMs: nowMs, endMs: nowMs + jobMs(world), failure: checkFailureFor(source), applied: false };
  acc.checks[name] = check;
  // Keep only the latest check per source: older ones are never readable again.
  if (source.checkJobName) delete acc.checks[source.checkJobName];
  source.checkJobName = name;
  world.dirty();
  return check;
}

export function checkView(check: CheckRecord, nowMs: number): Record<string, unknown> {
  const running = nowMs < check.endMs;
  const failed = !running && check.failure !== null;
  return {
    name: check.name,
    mode: 'check',
    status: running ? 'running' : failed ? 'failed' : 'succeeded',
    start_time: isoSeconds(check.startMs),
    completion_time: running ? null : isoSeconds(check.endMs),
    error: failed,
    check_exit_status: running || failed ? null : 0,
    discovery_exit_status: running ? null : failed ? 1 : 0,
    discovery_error_message: failed ? check.failure : null,
    tap_exit_status: null,
    tap_error_message: null,
    target_exit_status: null,
    target_error_message: null,
  };
}

function finishCheck(world: World, source: SourceRecord, check: CheckRecord): void {
  check.applied = true;
  const wasConfigured = isFullyConfigured(world, source);
  source.discovered = check.failure === null;
  if (source.discovered && source.streamIdBase === null) {
    source.streamIdBase = world.state.counters.stream + 1;
    world.state.counters.stream += sourceCatalogue(world, source).count;
  }
  if (!wasConfigured && isFullyConfigured(world, source)) markConfigured(source, check.endMs);
  world.dirty();
}

/** A source just became schedulable: runs start from here, with no backlog. */
export function markConfigured(source: SourceRecord, atMs: number): void {
  source.scheduleBaseMs = atMs;
  source.scheduledThroughMs = atMs;
}

// ---- sync jobs -------------------------------------------------------------------------------

export type StartResult = { ok: true; job: JobRecord } | { ok: false; status: number; type: string; message: string };

export function runningJob(acc: AccountState, sourceId: number): JobRecord | undefined {
  for (let i = acc.jobs.length - 1; i >= 0; i--) {
    const job = acc.jobs[i]!;
    if (job.sourceId === sourceId && !job.done) return job;
  }
  return undefined;
}

export function tapName(type: string): string {
  return `tap-${type.replace(/^platform\./, '')}`;
}

export function startSync(world: World, acc: AccountState, source: SourceRecord, nowMs: number): StartResult {
  if (source.deletedAt) return { ok: false, status: 400, type: 'invalid_source', message: MESSAGES.deleted };
  if (runningJob(acc, source.id)) {
    return { ok: false, status: 200, type: 'already_running', message: MESSAGES.alreadyRunning(acc.clientId, source.id) };
  }
  if (isPushOnly(source.type) || !isFullyConfigured(world, source)) {
    return { ok: false, status: 400, type: 'generic', message: MESSAGES.couldNotCreate(acc.clientId, source.id) };
  }
  // Replication is paused while no destination works; a scheduled run at that time is skipped too.
  if (world.state.settings.requireDestination && !canLoad(acc, source, nowMs)) {
    return { ok: false, status: 400, type: 'generic', message: MESSAGES.noDestination(acc.clientId, source.id) };
  }
  const rand = random(world);
  const records: Record<string, number> = {};
  for (const spec of selectedStreams(world, source)) records[spec.tap_stream_id] = Math.floor(rand() * 5000);
  const job: JobRecord = {
    jobName: `${acc.clientId}.${source.id}.sync.${uuidV1Like(rand)}`,
    sourceId: source.id,
    sourceType: tapName(source.type),
    startMs: nowMs,
    endMs: nowMs + jobMs(world),
    done: false,
    terminatedMs: null,
    failure: null,
    records,
    exit: { discovery: null, tap: null, target: null },
    descriptions: { discovery: null, tap: null, target: null },
  };
  const pending = acc.pendingFailures[String(source.id)];
  if (pending) {
    job.failure = pending;
    delete acc.pendingFailures[String(source.id)];
  } else {
    const problem = selectionProblem(world, source);
    if (problem) job.failure = { phase: 'tap', exitStatus: 1, description: problem };
  }
  source.scheduleBaseMs = nowMs;
  acc.jobs.push(job);
  pruneHistory(acc, source.id);
  world.dirty();
  return { ok: true, job };
}

/** Selections the API accepts but the tap rejects (reference §4.8, §5.8): fail at extraction. */
function selectionProblem(world: World, source: SourceRecord): string | undefined {
  for (const spec of selectedStreams(world, source)) {
    const sel = source.selection[spec.tap_stream_id]!.stream;
    if (spec.meta['is-view'] === true && !(Array.isArray(sel['view-key-properties']) && sel['view-key-properties'].length > 0)) {
      return `Unable to sync view ${spec.tap_stream_id}: selected views must set view-key-properties.`;
    }
    const forced = spec.meta['forced-replication-method'];
    const method = sel['replication-method'] ?? (typeof forced === 'string' ? forced : (forced as { 'replication-method'?: string } | undefined)?.['replication-method']);
    const validKeys = spec.meta['valid-replication-keys'];
    if (method === 'INCREMENTAL' && Array.isArray(validKeys)) {
      const key = sel['replication-key'];
      if (key !== undefined && !validKeys.includes(key)) {
        return `Stream ${spec.tap_stream_id}: replication-key "${String(key)}" is not one of ${JSON.stringify(validKeys)}.`;
      }
    }
  }
  return undefined;
}

function pruneHistory(acc: AccountState, sourceId: number): void {
  const mine = acc.jobs.filter((j) => j.sourceId === sourceId);
  if (mine.length <= HISTORY_PER_SOURCE) return;
  const drop = new Set(mine.slice(0, mine.length - HISTORY_PER_SOURCE).filter((j) => j.done));
  acc.jobs = acc.jobs.filter((j) => !drop.has(j));
}

export function stopSync(world: World, acc: AccountState, source: SourceRecord, nowMs: number): boolean {
  const job = runningJob(acc, source.id);
  if (!job) return false;
  job.done = true;
  job.terminatedMs = nowMs;
  job.endMs = nowMs;
  job.exit = { discovery: null, tap: null, target: null };
  job.descriptions = { discovery: 'Terminated', tap: 'Terminated', target: 'Terminated' };
  world.dirty();
  return true;
}

/** Apply a failure to the running sync of a source, or keep it for the next one. */
export function injectFailure(world: World, acc: AccountState, sourceId: number, phase: Phase, exitStatus: number, description: string): 'current' | 'next' {
  const job = runningJob(acc, sourceId);
  const failure = { phase, exitStatus, description };
  world.dirty();
  if (job) {
    job.failure = failure;
    return 'current';
  }
  acc.pendingFailures[String(sourceId)] = failure;
  return 'next';
}

/** Phase boundaries: discovery, tap and target each take a third of the job. */
function phaseEnds(job: JobRecord): Record<Phase, number> {
  const span = job.endMs - job.startMs;
  return { discovery: job.startMs + span / 3, tap: job.startMs + (2 * span) / 3, target: job.endMs };
}

/** When a job with a failure actually stops: at the end of the failing phase (tap failures still flush the target). */
function effectiveEnd(job: JobRecord): number {
  if (!job.failure || job.failure.phase !== 'discovery') return job.endMs;
  return Math.round(phaseEnds(job).discovery);
}

function finishJob(world: World, acc: AccountState, source: SourceRecord, job: JobRecord): void {
  const end = effectiveEnd(job);
  job.done = true;
  job.endMs = end;
  const f = job.failure;
  if (!f) job.exit = { discovery: 0, tap: 0, target: 0 };
  else if (f.phase === 'discovery') job.exit = { discovery: f.exitStatus, tap: null, target: null };
  else if (f.phase === 'tap') job.exit = { discovery: 0, tap: f.exitStatus, target: 0 };
  else job.exit = { discovery: 0, tap: 0, target: f.exitStatus };
  if (f) job.descriptions[f.phase] = f.description;
  if (!f || f.phase === 'target') {
    const cat = sourceCatalogue(world, source);
    for (const id of Object.keys(job.records)) {
      const index = cat.indexOf(id);
      const streamName = index >= 0 ? cat.at(index).stream_name : id;
      acc.loads[`${source.name}\u0000${id}`] = {
        sourceName: source.name,
        streamName,
        lastBatchLoadedAt: f ? null : isoSeconds(end + 1000),
        errorState: f ? warehouseError(f.description) : null,
        atMs: end,
      };
    }
  }
  world.dirty();
}

function warehouseError(description: string): unknown {
  return {
    notification_data: {
      message: 'establish a connection to your data warehouse',
      exception_message: description,
      warehouse_error_code: 500151,
      error: 'LOADER_WAREHOUSE_ERROR',
      new_column: null,
      status: 'ERROR',
      warehouse_sql_state: 'HY000',
      action: 'get-connection',
      warehouse_message: description,
      column: null,
    },
    exception_chain: [{ class: 'clojure.lang.ExceptionInfo', message: 'establish a connection to your data warehouse', chain_sequence_num: 0, action: 'get-connection' }],
  };
}

// ---- the clock's consequences ------------------------------------------------------------------

const MAX_EVENTS_PER_SOURCE = 2000;

/** Replay everything due up to `nowMs`, source by source, in time order. */
export function tick(world: World, nowMs: number): void {
  for (const acc of Object.values(world.state.accounts)) {
    for (const source of acc.sources) tickSource(world, acc, source, nowMs);
  }
}

function tickSource(world: World, acc: AccountState, source: SourceRecord, nowMs: number): void {
  const card = typeCard(world, source.type);
  for (let n = 0; n < MAX_EVENTS_PER_SOURCE; n++) {
    const check = source.checkJobName ? acc.checks[source.checkJobName] : undefined;
    const checkAt = check && !check.applied ? check.endMs : Infinity;
    const job = runningJob(acc, source.id);
    const jobAt = job ? effectiveEnd(job) : Infinity;
    let fireAt = Infinity;
    if (world.state.settings.scheduler && isSchedulable(world, source)) {
      if (source.scheduledThroughMs === null) source.scheduledThroughMs = nowMs;
      fireAt = nextFireAfter(source, card, source.scheduledThroughMs) ?? Infinity;
    } else if (source.scheduledThroughMs !== null && !isSchedulable(world, source)) {
      source.scheduledThroughMs = null;
    }
    const at = Math.min(checkAt, jobAt, fireAt);
    if (at > nowMs) return;
    if (at === checkAt) finishCheck(world, source, check!);
    else if (at === jobAt) finishJob(world, acc, source, job!);
    else {
      source.scheduledThroughMs = fireAt;
      startSync(world, acc, source, fireAt); // already_running at fire time simply skips this run
    }
  }
  // Too much backlog (e.g. a year's jump with 1-minute runs): skip the rest, as a misfire would.
  if (source.scheduledThroughMs !== null) source.scheduledThroughMs = nowMs;
}

// ---- read models -------------------------------------------------------------------------------

export function extractionView(acc: AccountState, job: JobRecord): Record<string, unknown> {
  return {
    job_name: job.jobName,
    stitch_client_id: acc.clientId,
    source_id: job.sourceId,
    source_type: job.sourceType,
    start_time: isoSeconds(job.startMs),
    completion_time: job.done ? isoSeconds(job.endMs) : null,
    discovery_exit_status: job.exit.discovery,
    discovery_description: job.descriptions.discovery,
    tap_exit_status: job.exit.tap,
    tap_description: job.descriptions.tap,
    target_exit_status: job.exit.target,
    target_description: job.descriptions.target,
  };
}

/** The latest extraction per source in the last 60 days (running ones included), by source_id. */
export function latestExtractions(acc: AccountState, nowMs: number): JobRecord[] {
  const latest = new Map<number, JobRecord>();
  for (const job of acc.jobs) {
    if (nowMs - job.startMs > 60 * DAY_MS) continue;
    const seen = latest.get(job.sourceId);
    if (!seen || job.startMs >= seen.startMs) latest.set(job.sourceId, job);
  }
  return [...latest.values()].sort((a, b) => a.sourceId - b.sourceId);
}

export function loadViews(acc: AccountState, nowMs: number): Record<string, unknown>[] {
  return Object.values(acc.loads)
    .filter((l) => nowMs - l.atMs <= 60 * DAY_MS)
    .sort((a, b) => (a.streamName < b.streamName ? -1 : a.streamName > b.streamName ? 1 : a.sourceName < b.sourceName ? -1 : a.sourceName > b.sourceName ? 1 : 0))
    .map((l) => ({
      stitch_client_id: acc.clientId,
      source_name: l.sourceName,
      stream_name: l.streamName,
      last_batch_loaded_at: l.lastBatchLoadedAt,
      error_state: l.errorState,
    }));
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('.', ',').replace('Z', 'Z');
}

/** A plain-text log in the style of Stitch's extraction logs, cut at `nowMs` while the job runs. */
export function logText(_world: World, acc: AccountState, job: JobRecord, nowMs: number): string {
  const source = acc.sources.find((s) => s.id === job.sourceId);
  const ends = phaseEnds(job);
  const rand = prng(hashString(job.jobName));
  const lines: [number, string][] = [];
  const at = (ms: number, text: string) => lines.push([Math.round(ms), text]);
  const streams = Object.keys(job.records);
  const tap = job.sourceType;
  at(job.startMs, `main - INFO Stitch job ${job.jobName} starting (connection ${job.sourceId}, ${source?.name ?? 'unknown'})`);
  at(job.startMs + 5, `main - INFO Launching ${tap} in discovery mode`);
  const failed = job.failure;
  if (failed?.phase === 'discovery') {
    at(ends.discovery - 10, `${tap} - CRITICAL ${failed.description}`);
    at(ends.discovery, `main - INFO Discovery exited with status ${failed.exitStatus}`);
  } else {
    at(ends.discovery - 10, `main - INFO Discovery found ${streams.length} selected stream(s)`);
    at(ends.discovery, 'main - INFO Discovery exited with status 0');
    at(ends.discovery + 5, `main - INFO Launching ${tap} in sync mode | target-stitch-avro`);
    const span = ends.tap - ends.discovery;
    streams.forEach((stream, i) => {
      const t0 = ends.discovery + ((i + 0.2) / Math.max(1, streams.length)) * span * 0.9;
      at(t0, `${tap} - INFO Syncing stream: ${stream}`);
      at(t0 + 1, `${tap} - INFO METRIC: {"type": "counter", "metric": "record_count", "value": ${job.records[stream]}, "tags": {"endpoint": "${stream}"}}`);
    });
    if (failed?.phase === 'tap') {
      at(ends.tap - 5, `${tap} - CRITICAL ${failed.description}`);
      at(ends.tap, `main - INFO Tap exited with status ${failed.exitStatus}`);
    } else at(ends.tap, 'main - INFO Tap exited with status 0');
    streams.forEach((stream, i) => {
      at(ends.tap + 10 + i, `target - INFO com.stitchdata.target-stitch-avro.flush-pipeline - send-stream-record-count-impl ${stream} ${job.records[stream]}`);
    });
    if (failed?.phase === 'target') {
      at(ends.target - 5, `target - ERROR ${failed.description}`);
      at(ends.target, `main - INFO Target exited with status ${failed.exitStatus}`);
    } else at(ends.target - 1, `target - INFO Flushed ${streams.length} stream(s), ${Math.floor(rand() * 90) + 10} batch(es)`);
  }
  if (job.terminatedMs !== null) {
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i]![0] > job.terminatedMs) lines.splice(i, 1);
    at(job.terminatedMs, 'main - WARN Job terminated by request (DELETE /sync)');
  }
  if (job.done) at(job.endMs, `main - INFO Job ${job.jobName} finished: discovery=${job.exit.discovery} tap=${job.exit.tap} target=${job.exit.target}`);
  return lines
    .filter(([ms]) => ms <= Math.max(nowMs, job.done ? job.endMs : 0))
    .sort((a, b) => a[0] - b[0])
    .map(([ms, text]) => `${stamp(ms)} ${text}`)
    .join('\n') + '\n';
}

/** Seeding: complete a job immediately as if its time had passed. */
export function finishSeededJob(world: World, acc: AccountState, source: SourceRecord, job: JobRecord): void {
  finishJob(world, acc, source, job);
}
