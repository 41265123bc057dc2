/**
 * The Sources tree row of one source: what it says, its icon, its tooltip, its context tokens and
 * its inline action, from Stitch's state alone. Pure (no vscode), so every combination is tested.
 *
 * The setup step says where the source is; the last connection check says what happened there.
 * "Checking" is shown only while a check runs; a failed check shows as a failure with Stitch's
 * own message; a succeeded check on a source still at discover_schema is Stitch discovering.
 */
import { stepText } from './labels';

/** The last connection check as the row needs it (reference §4.6, §5.9). */
export type LastCheck =
  | { status: 'none' }
  | { status: 'running'; startedAt: string | null }
  | { status: 'succeeded'; at: string | null }
  | { status: 'failed'; at: string | null; message: string }
  /** Not read, or reading it failed (`error` says why): the row claims nothing about it. */
  | { status: 'unknown'; error?: string };

interface CheckLike {
  status: string;
  start_time: string | null;
  completion_time: string | null;
  discovery_error_message?: string | null;
  tap_error_message?: string | null;
  target_error_message?: string | null;
}

/** A Connection Check object (or its absence: Stitch answers 404 when none has run) as a LastCheck. */
export function lastCheckFrom(check: CheckLike | null): LastCheck {
  if (!check) return { status: 'none' };
  if (check.status === 'running' || (!check.completion_time && check.status !== 'failed' && check.status !== 'succeeded')) {
    return { status: 'running', startedAt: check.start_time };
  }
  if (check.status === 'failed') {
    const message = check.discovery_error_message ?? check.tap_error_message ?? check.target_error_message
      ?? 'Stitch reported a failure without a message.';
    return { status: 'failed', at: check.completion_time ?? check.start_time, message };
  }
  return { status: 'succeeded', at: check.completion_time };
}

export type ExtractionOutcome = 'running' | 'succeeded' | 'failed' | 'terminated';

export interface LastExtraction {
  outcome: ExtractionOutcome;
  failedPhase?: 'discovery' | 'tap' | 'target';
  description?: string;
  at: string | null;
}

export interface RowSource {
  id: number;
  type: string;
  name: string;
  display_name: string;
  paused_at: string | null;
  system_paused_at: string | null;
  deleted_at: string | null;
  report_card?: { current_step?: number; current_step_type?: string; steps?: { type: string }[] } | null;
  schedule?: { type: string; interval?: number; unit?: string; cron_expression?: string; next_fire_time: string | null } | null;
}

export interface RowInput {
  source: RowSource;
  last?: LastExtraction;
  /** The jobs service's word on a running sync; overrides the extraction record. */
  running?: boolean;
  check?: LastCheck;
  now: Date;
}

/** A command the row offers inline (package.json matches it through a context token). */
export interface RowAction { command: string; title: string; token: string }

export interface SourceRow {
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  color?: string;
  contextValue: string;
  action?: RowAction;
  stepIndex: number;
  stepCount: number;
  stepType: string;
  configured: boolean;
  paused: 'user' | 'system' | false;
  running: boolean;
  deleted: boolean;
  neverSynced: boolean;
}

export const FIX_CHECK_ACTION: RowAction = { command: 'stitch.editSource', title: 'Fix Connection Settings', token: 'check-failed' };
export const AUTHORIZE_ACTION: RowAction = { command: 'stitch.openInStitch', title: 'Authorize in Stitch', token: 'needs-oauth' };

export function sourceRow(input: RowInput): SourceRow {
  const { source, last, check, now } = input;
  const steps = source.report_card?.steps ?? [];
  const stepCount = steps.length || 1;
  const stepType = source.report_card?.current_step_type ?? steps[(source.report_card?.current_step ?? 1) - 1]?.type ?? 'form';
  const stepIndex = Math.min(stepCount, Math.max(1, source.report_card?.current_step ?? 1));
  const configured = stepType === 'fully_configured';
  const paused: SourceRow['paused'] = source.paused_at ? 'user' : source.system_paused_at ? 'system' : false;
  const running = input.running ?? last?.outcome === 'running';
  const deleted = Boolean(source.deleted_at);
  const finished = last && last.outcome !== 'running' ? last : undefined;
  const neverSynced = configured && !deleted && !running && !finished;
  const stepLine = `step ${stepIndex} of ${stepCount}`;
  // The check speaks for a source in setup; once configured, syncs say more (the tooltip keeps it).
  const checkShown = !deleted && !configured && check && check.status !== 'unknown' && check.status !== 'none' ? check : undefined;

  const status: string[] = [];
  if (deleted) status.push('deleted');
  else if (!configured) status.push(setupStatus(stepLine, stepType, checkShown, now));
  if (paused === 'user') status.push('paused');
  if (paused === 'system') status.push('paused by Stitch');
  if (running) status.push('syncing…');
  else if (finished) status.push(`${finished.outcome} ${relativeTime(finished.at, now)}`.trim());
  else if (neverSynced && !paused) status.push(`never synced${nextRunText(source.schedule, now)}`);

  const tooltip = [
    `${source.display_name} (${source.type})`,
    `Schema name: ${source.name} · ID ${source.id}`,
    deleted ? 'Deleted in Stitch.' : configured ? 'Fully configured' : `Step ${stepIndex} of ${stepCount}: ${stepText(stepType).title}`,
    !deleted && stepType === 'oauth' && !configured ? 'Stitch is waiting for you to authorize access. Authorization happens in the Stitch web app (Open in Stitch); the API cannot do it.' : undefined,
    !deleted ? checkTooltip(check, stepType, now) : undefined,
    paused === 'user' ? `Paused since ${source.paused_at}` : undefined,
    paused === 'system' ? `Paused by Stitch since ${source.system_paused_at}` : undefined,
    scheduleText(source.schedule, now),
    finished ? `Last extraction: ${finished.outcome}${finished.failedPhase ? ` in ${finished.failedPhase}` : ''}${finished.description ? `: ${finished.description}` : ''}${finished.at ? ` (${finished.at})` : ''}` : undefined,
    neverSynced ? `Never synced${paused ? ': no run is scheduled while paused.' : source.schedule?.next_fire_time ? `: the first scheduled run is at ${clock(source.schedule.next_fire_time, now)}.` : '.'}` : undefined,
    running ? 'A sync job is running.' : undefined,
  ].filter(Boolean).join('\n');

  let icon = configured ? 'database' : 'tools';
  let color: string | undefined;
  if (deleted) { icon = 'trash'; color = 'disabledForeground'; }
  else if (running) icon = 'sync~spin';
  else if (checkShown?.status === 'running') icon = 'loading~spin';
  else if (checkShown?.status === 'failed') { icon = 'error'; color = 'list.errorForeground'; }
  else if (paused) { icon = 'debug-pause'; color = paused === 'system' ? 'list.warningForeground' : 'disabledForeground'; }
  else if (finished?.outcome === 'failed') { icon = 'error'; color = 'list.errorForeground'; }
  else if (finished?.outcome === 'terminated') { icon = 'circle-slash'; color = 'list.warningForeground'; }
  else if (checkShown?.status === 'succeeded' && stepType === 'discover_schema') { icon = 'watch'; }
  else if (!configured && stepType === 'oauth') { icon = 'key'; color = 'list.warningForeground'; }
  else if (!configured) { color = 'list.warningForeground'; }
  else if (finished?.outcome === 'succeeded') { icon = 'pass'; color = 'testing.iconPassed'; }

  let action: RowAction | undefined;
  if (checkShown?.status === 'failed' && !running) action = FIX_CHECK_ACTION;
  else if (!deleted && !configured && stepType === 'oauth') action = AUTHORIZE_ACTION;

  const tokens = ['source'];
  if (deleted) tokens.push('deleted');
  else {
    tokens.push(configured ? 'configured' : 'setup', `step-${stepType}`);
    if (stepType === 'field_selection' || configured) tokens.push('selectable');
    if (configured) tokens.push(running ? 'running' : 'idle');
    tokens.push(paused ? 'paused' : 'active');
    if (check && check.status !== 'unknown') tokens.push(`check-${check.status}`);
    if (neverSynced) tokens.push('never-synced');
    if (action && action.token !== `check-${check?.status}`) tokens.push(action.token);
  }
  return {
    label: source.display_name, description: status.join(' · '), tooltip, icon, color, contextValue: tokens.join(' '), action,
    stepIndex, stepCount, stepType, configured, paused, running, deleted, neverSynced,
  };
}

function setupStatus(stepLine: string, stepType: string, check: LastCheck | undefined, now: Date): string {
  if (check?.status === 'running') return `${stepLine}: checking connection…`;
  if (check?.status === 'failed') return `connection check failed${ago(check.at, now)}`;
  if (stepType === 'discover_schema') {
    if (check?.status === 'succeeded') return `${stepLine}: connection ok, discovering streams`;
    // No check has run, or it could not be read: say the step, not "checking".
    return `${stepLine}: waiting for a connection check`;
  }
  if (stepType === 'oauth') return `${stepLine}: authorize in Stitch`;
  return `${stepLine}: ${stepText(stepType).status}`;
}

function checkTooltip(check: LastCheck | undefined, stepType: string, now: Date): string | undefined {
  switch (check?.status) {
    case undefined: return undefined;
    case 'unknown': return `The last connection check could not be read${check.error ? `: ${check.error}` : '.'}`;
    case 'none': return 'No connection check has run yet.';
    case 'running': return `A connection check is running (started ${check.startedAt ?? 'just now'}).`;
    case 'failed': return `Connection check failed${ago(check.at, now)}${check.at ? ` (${check.at})` : ''}:\n${check.message}\nFix the connection settings and save: Stitch checks again.`;
    case 'succeeded': return stepType === 'discover_schema'
      ? `Connection check succeeded${ago(check.at, now)}; Stitch is discovering the streams.`
      : `Last connection check succeeded${ago(check.at, now)}.`;
  }
}

function ago(iso: string | null, now: Date): string {
  const text = relativeTime(iso, now);
  return text ? ` · ${text}` : '';
}

function nextRunText(schedule: RowSource['schedule'], now: Date): string {
  return schedule?.next_fire_time ? ` · next run ${clock(schedule.next_fire_time, now)}` : '';
}

/** "10:48 UTC" today, "Dec 2, 10:48 UTC" on another day (UTC, as Stitch schedules). */
export function clock(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
  if (at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return time;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][at.getUTCMonth()];
  return `${month} ${at.getUTCDate()}, ${time}`;
}

function scheduleText(schedule: RowSource['schedule'], now: Date): string | undefined {
  if (!schedule) return undefined;
  const next = schedule.next_fire_time ? `, next run ${clock(schedule.next_fire_time, now)}` : '';
  if (schedule.type === 'cron') return `Schedule: cron ${schedule.cron_expression ?? ''}${next}`;
  return `Schedule: every ${schedule.interval ?? '?'} ${schedule.unit ?? 'minute'}${schedule.interval === 1 ? '' : 's'}${next}`;
}

/** "3 min ago", "2 h ago", "5 d ago": short enough for a tree description. */
export function relativeTime(iso: string | null | undefined, now: Date): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 0) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}
