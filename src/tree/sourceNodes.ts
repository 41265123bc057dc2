import * as vscode from 'vscode';
import type { Extraction, Source, Stream } from '../api';
import { isolateBidi, revealedNameLine } from '../core/displayText';
import { stepText } from '../core/labels';
import { relativeTime, sourceItem, summariseExtraction, type LastCheck, type SourceItem } from '../core/sourceItems';

/**
 * A source: status at a glance; children are its setup steps, selected streams and recent jobs.
 * One object per source for the tree's life: `update` changes it in place, and the tree fires this
 * node (VS Code knows a node by the object it was given).
 */
export class SourceNode extends vscode.TreeItem {
  readonly sourceId: number;
  private current: Source;
  private currentItem: SourceItem;
  constructor(source: Source, item: SourceItem) {
    super(isolateBidi(item.label), vscode.TreeItemCollapsibleState.Collapsed);
    this.sourceId = source.id;
    this.id = `source:${source.id}`;
    this.command = { command: 'stitch.openFromTree', title: vscode.l10n.t('Open'), arguments: [{ sourceId: source.id }] };
    this.current = source;
    this.currentItem = item;
    this.update(source, item);
  }

  get source(): Source { return this.current; }
  get item(): SourceItem { return this.currentItem; }

  update(source: Source, item: SourceItem): void {
    this.current = source;
    this.currentItem = item;
    this.label = isolateBidi(item.label);
    this.description = item.description;
    this.tooltip = [revealedNameLine(source.display_name), item.tooltip].filter(Boolean).join('\n');
    this.contextValue = item.contextValue;
    this.iconPath = new vscode.ThemeIcon(item.icon, item.color ? new vscode.ThemeColor(item.color) : undefined);
  }

  static from(source: Source, latest: Extraction | undefined, running: boolean | undefined, check?: LastCheck, now = new Date()): SourceNode {
    return new SourceNode(source, sourceItem(source, latest, now, running, check));
  }
}

/** A group under a source ("Setup", "Streams", "Recent extractions"). */
export class SourceGroupNode extends vscode.TreeItem {
  constructor(readonly sourceId: number, readonly group: 'steps' | 'streams' | 'extractions', label: string, description: string, icon: string) {
    super(label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `source:${sourceId}:${group}`;
    this.description = description;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = `sourceGroup ${group}`;
  }
}

export class StepNode extends vscode.TreeItem {
  constructor(sourceId: number, index: number, type: string, state: 'done' | 'current' | 'todo') {
    super(`${index}. ${stepText(type).title}`, vscode.TreeItemCollapsibleState.None);
    this.id = `source:${sourceId}:step:${index}`;
    this.description = state === 'current' ? vscode.l10n.t('current step') : undefined;
    this.iconPath = new vscode.ThemeIcon(
      state === 'done' ? 'pass-filled' : state === 'current' ? 'arrow-right' : 'circle-large-outline',
      state === 'done' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    this.contextValue = `step ${state}`;
    if (state === 'current') this.command = { command: 'stitch.openFromTree', title: vscode.l10n.t('Open'), arguments: [{ sourceId }] };
  }
}

export class StreamNode extends vscode.TreeItem {
  constructor(sourceId: number, stream: Stream) {
    super(isolateBidi(stream.stream_name), vscode.TreeItemCollapsibleState.None);
    this.id = `source:${sourceId}:stream:${stream.stream_id}`;
    this.description = stream.tap_stream_id !== stream.stream_name ? stream.tap_stream_id : undefined;
    this.iconPath = new vscode.ThemeIcon('symbol-field');
    this.contextValue = 'stream';
  }
}

export class ExtractionNode extends vscode.TreeItem {
  readonly sourceId: number;
  readonly jobName: string;
  constructor(sourceId: number, extraction: Extraction, now = new Date()) {
    const summary = summariseExtraction(extraction);
    const when = extraction.start_time ? new Date(extraction.start_time).toLocaleString() : vscode.l10n.t('not started');
    super(when, vscode.TreeItemCollapsibleState.None);
    this.sourceId = sourceId;
    this.jobName = extraction.job_name;
    this.id = `source:${sourceId}:extraction:${extraction.job_name}`;
    const outcome = summary.outcome === 'failed' && summary.failedPhase ? `failed in ${summary.failedPhase}` : summary.outcome;
    this.description = `${outcome}${summary.at && summary.outcome !== 'running' ? ` · ${relativeTime(summary.at, now)}` : ''}`;
    this.tooltip = [
      extraction.job_name,
      `Started: ${extraction.start_time ?? '—'}`, `Completed: ${extraction.completion_time ?? '—'}`,
      `Discovery: ${exitText(extraction.discovery_exit_status, extraction.discovery_description)}`,
      `Tap: ${exitText(extraction.tap_exit_status, extraction.tap_description)}`,
      `Target: ${exitText(extraction.target_exit_status, extraction.target_description)}`,
    ].join('\n');
    const icons = { running: 'sync~spin', succeeded: 'pass', failed: 'error', terminated: 'circle-slash' } as const;
    const colors = { running: undefined, succeeded: 'testing.iconPassed', failed: 'list.errorForeground', terminated: 'list.warningForeground' } as const;
    const color = colors[summary.outcome];
    this.iconPath = new vscode.ThemeIcon(icons[summary.outcome], color ? new vscode.ThemeColor(color) : undefined);
    this.contextValue = `extraction ${summary.outcome}`;
    this.command = { command: 'stitch.viewExtractionLogs', title: vscode.l10n.t('View Logs'), arguments: [this] };
  }
}

function exitText(status: number | null, description: string | null): string {
  if (status === null) return 'not finished';
  return `exit ${status}${description ? ` (${description})` : ''}`;
}
