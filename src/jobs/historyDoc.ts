/**
 * The per-source history document (Markdown, opened read-only in a preview): recent extractions with
 * each phase's result, and the loads of the source's streams with a readable error. Pure.
 */
import type { Load } from '../api/types';
import { deriveJob, durationText, phaseResult, type ExtractionRecord } from './jobState';

/** The fields of a Load (src/api/types.ts) the history reads; the error state may come in any shape. */
export type LoadRecord = Pick<Load, 'source_name' | 'stream_name' | 'last_batch_loaded_at'> & { error_state: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "LOADER_WAREHOUSE_ERROR: establish a connection to your data warehouse (password authentication failed)". */
export function describeLoadError(errorState: unknown): string | undefined {
  if (errorState === null || errorState === undefined) return undefined;
  if (typeof errorState === 'string') return errorState;
  if (!isRecord(errorState)) return 'an error Stitch did not describe';
  const data = isRecord(errorState.notification_data) ? errorState.notification_data : {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const code = str(data.error);
  const message = str(data.message);
  const details = [str(data.warehouse_message) ?? str(data.exception_message)].filter((d): d is string => Boolean(d) && d !== message);
  const chain = Array.isArray(errorState.exception_chain)
    ? errorState.exception_chain.map((c) => (isRecord(c) ? str(c.message) : undefined)).filter((m): m is string => Boolean(m) && m !== message)
    : [];
  const column = str(data.column) ?? str(data.new_column);
  const parts = [code, message ? `${code ? ': ' : ''}${message}` : undefined].filter(Boolean).join('');
  const extra = [...details, ...chain, column ? `column ${column}` : undefined].filter(Boolean);
  const text = `${parts}${extra.length ? ` (${extra.join('; ')})` : ''}`;
  return text || 'an error Stitch did not describe';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export interface HistoryInput {
  sourceName: string;
  sourceId: number;
  schemaName: string;
  extractions: readonly ExtractionRecord[];
  /** Undefined when loads could not be read (then `loadsNote` says why). */
  loads?: readonly LoadRecord[];
  loadsNote?: string;
  note?: string;
  generatedAt: string;
}

export function renderHistory(input: HistoryInput): string {
  const out: string[] = [`# Sync history: ${input.sourceName}`, '', `Source ID ${input.sourceId} · schema \`${input.schemaName}\` · as of ${input.generatedAt}`, ''];
  if (input.note) out.push(`> ${input.note}`, '');
  out.push('## Extractions', '');
  const mine = input.extractions.filter((e) => e.source_id === input.sourceId)
    .slice().sort((a, b) => (b.start_time ?? '').localeCompare(a.start_time ?? ''));
  if (mine.length === 0) out.push('No extraction seen in the last 60 days.', '');
  else {
    out.push('Stitch lists only the latest job per source; older rows are the jobs this editor saw.', '');
    out.push('| Started | Completed | Took | Result | Discovery | Tap | Target | Job |', '|---|---|---|---|---|---|---|---|');
    for (const e of mine) {
      const view = deriveJob(e);
      const result = view.outcome === 'failed' && view.phase ? `failed in ${view.phase}` : view.outcome;
      out.push(`| ${e.start_time ?? '—'} | ${e.completion_time ?? '—'} | ${durationText(e.start_time, e.completion_time) || '—'} | ${result} | ${cell(phaseResult(e, 'discovery'))} | ${cell(phaseResult(e, 'tap'))} | ${cell(phaseResult(e, 'target'))} | \`${e.job_name}\` |`);
    }
    out.push('');
  }
  out.push('## Loads per stream', '');
  if (!input.loads) out.push(input.loadsNote ?? 'Loads could not be read.', '');
  else {
    const mineLoads = input.loads.filter((l) => l.source_name === input.schemaName)
      .slice().sort((a, b) => a.stream_name.localeCompare(b.stream_name));
    if (mineLoads.length === 0) out.push('No load in the last 60 days.', '');
    else {
      out.push('| Stream | Last batch loaded | Error |', '|---|---|---|');
      for (const l of mineLoads) {
        out.push(`| ${cell(l.stream_name)} | ${l.last_batch_loaded_at ?? '— (not loading)'} | ${cell(describeLoadError(l.error_state) ?? 'none')} |`);
      }
      out.push('');
    }
    if (input.loadsNote) out.push(input.loadsNote, '');
  }
  return out.join('\n');
}
