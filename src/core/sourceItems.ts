/**
 * What the Sources tree shows for a source: status at a glance (configuration step, paused by the
 * user or the system, a running job, the last extraction's result) and the context tokens that
 * decide which actions its menus offer. Pure, so it is unit-tested without VS Code.
 */
import { stepText } from './labels';

interface StepLike { type: string }
interface SourceLike {
  id: number;
  type: string;
  name: string;
  display_name: string;
  paused_at: string | null;
  system_paused_at: string | null;
  deleted_at: string | null;
  report_card?: { current_step?: number; current_step_type?: string; steps?: StepLike[] } | null;
  schedule?: { type: string; interval?: number; unit?: string; cron_expression?: string; next_fire_time: string | null } | null;
}
interface ExtractionLike {
  start_time: string | null;
  completion_time: string | null;
  discovery_exit_status: number | null;
  tap_exit_status: number | null;
  target_exit_status: number | null;
  discovery_description?: string | null;
  tap_description?: string | null;
  target_description?: string | null;
}

export type ExtractionOutcome = 'running' | 'succeeded' | 'failed' | 'terminated';

export interface ExtractionSummary {
  outcome: ExtractionOutcome;
  /** The phase that failed, and what it said. */
  failedPhase?: 'discovery' | 'tap' | 'target';
  description?: string;
  at: string | null;
}

/** Exit status 143 (SIGTERM) or a "terminated" description means the job was stopped. */
export function summariseExtraction(extraction: ExtractionLike): ExtractionSummary {
  if (!extraction.completion_time) return { outcome: 'running', at: extraction.start_time };
  // A job stopped before it reported any phase has no exit status, only a description.
  const descriptions = [extraction.discovery_description, extraction.tap_description, extraction.target_description];
  if ([extraction.discovery_exit_status, extraction.tap_exit_status, extraction.target_exit_status].every((s) => s === null)
    && descriptions.some((d) => /terminat/i.test(d ?? ''))) {
    return { outcome: 'terminated', description: descriptions.find((d) => d) ?? undefined, at: extraction.completion_time };
  }
  const phases = [
    ['discovery', extraction.discovery_exit_status, extraction.discovery_description],
    ['tap', extraction.tap_exit_status, extraction.tap_description],
    ['target', extraction.target_exit_status, extraction.target_description],
  ] as const;
  for (const [phase, status, description] of phases) {
    if (status !== null && status !== 0) {
      const terminated = status === 143 || status === -15 || /terminat|stopped|cancel/i.test(description ?? '');
      return { outcome: terminated ? 'terminated' : 'failed', failedPhase: phase, description: description ?? undefined, at: extraction.completion_time };
    }
  }
  return { outcome: 'succeeded', at: extraction.completion_time };
}

export interface SourceItem {
  id: number;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  /** A theme colour id for the icon, when the state deserves one. */
  color?: string;
  contextValue: string;
  stepIndex: number;
  stepCount: number;
  stepType: string;
  configured: boolean;
  paused: 'user' | 'system' | false;
  running: boolean;
  deleted: boolean;
  last?: ExtractionSummary;
}

export function sourceItem(source: SourceLike, latest: ExtractionLike | undefined, now: Date, runningOverride?: boolean): SourceItem {
  const steps = source.report_card?.steps ?? [];
  const stepCount = steps.length || 1;
  const stepType = source.report_card?.current_step_type ?? steps[(source.report_card?.current_step ?? 1) - 1]?.type ?? 'form';
  const stepIndex = Math.min(stepCount, Math.max(1, source.report_card?.current_step ?? 1));
  const configured = stepType === 'fully_configured';
  const paused: SourceItem['paused'] = source.paused_at ? 'user' : source.system_paused_at ? 'system' : false;
  const last = latest ? summariseExtraction(latest) : undefined;
  const running = runningOverride ?? last?.outcome === 'running';
  const deleted = Boolean(source.deleted_at);

  const status: string[] = [];
  if (deleted) status.push('deleted');
  else if (!configured) status.push(`step ${stepIndex} of ${stepCount}: ${stepText(stepType).status}`);
  if (paused === 'user') status.push('paused');
  if (paused === 'system') status.push('paused by Stitch');
  if (running) status.push('syncing…');
  else if (last && last.outcome !== 'running') status.push(`${last.outcome} ${relativeTime(last.at, now)}`.trim());

  const tooltip = [
    `${source.display_name} (${source.type})`,
    `Schema name: ${source.name} · ID ${source.id}`,
    configured ? 'Fully configured' : `Step ${stepIndex} of ${stepCount}: ${stepText(stepType).title}`,
    paused === 'user' ? `Paused since ${source.paused_at}` : undefined,
    paused === 'system' ? `Paused by Stitch since ${source.system_paused_at}` : undefined,
    scheduleText(source.schedule),
    last && last.outcome !== 'running' ? `Last extraction: ${last.outcome}${last.failedPhase ? ` in ${last.failedPhase}` : ''}${last.description ? `: ${last.description}` : ''}${last.at ? ` (${last.at})` : ''}` : undefined,
    running ? 'A sync job is running.' : undefined,
  ].filter(Boolean).join('\n');

  let icon = configured ? 'database' : 'tools';
  let color: string | undefined;
  if (deleted) { icon = 'trash'; color = 'disabledForeground'; }
  else if (running) icon = 'sync~spin';
  else if (paused) { icon = 'debug-pause'; color = paused === 'system' ? 'list.warningForeground' : 'disabledForeground'; }
  else if (last?.outcome === 'failed') { icon = 'error'; color = 'list.errorForeground'; }
  else if (last?.outcome === 'terminated') { icon = 'circle-slash'; color = 'list.warningForeground'; }
  else if (!configured) { color = 'list.warningForeground'; }
  else if (last?.outcome === 'succeeded') { icon = 'pass'; color = 'testing.iconPassed'; }

  const tokens = ['source'];
  if (deleted) tokens.push('deleted');
  else {
    tokens.push(configured ? 'configured' : 'setup', `step-${stepType}`);
    if (stepType === 'field_selection' || configured) tokens.push('selectable');
    if (configured) tokens.push(running ? 'running' : 'idle');
    tokens.push(paused ? 'paused' : 'active');
  }
  return {
    id: source.id, label: source.display_name, description: status.join(' · '),
    tooltip, icon, color, contextValue: tokens.join(' '), stepIndex, stepCount, stepType, configured, paused, running, deleted, last,
  };
}

function scheduleText(schedule: SourceLike['schedule']): string | undefined {
  if (!schedule) return undefined;
  const next = schedule.next_fire_time ? `, next run ${schedule.next_fire_time}` : '';
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

/** The newest extraction of each source, from one account-wide extractions page. */
export function latestBySource<T extends ExtractionLike & { source_id: number }>(extractions: readonly T[]): Map<number, T> {
  const latest = new Map<number, T>();
  for (const extraction of extractions) {
    const current = latest.get(extraction.source_id);
    if (!current || (extraction.start_time ?? '') > (current.start_time ?? '')) latest.set(extraction.source_id, extraction);
  }
  return latest;
}
