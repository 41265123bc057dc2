/**
 * The new-streams notice's rules (setting `stitch.newStreams`): the `select` list of the workspace
 * file whose `id` is the source, applied to the new streams only, so no stream the user already
 * decided about is touched.
 */
import * as vscode from 'vscode';
import type { StitchClient } from '../api';
import type { Stream, StreamMetadataUpdate } from '../api/types';
import { planRules, previewRules } from '../core/rules';
import { describeBody } from '../core/sourceFile/rulesPlan';
import { parseFileText } from '../core/sourceFile/text';
import { FILE_SUFFIX } from './documents';
import { rulesCatalogue } from './rulesLive';

/** The `select` rules of the first workspace file for `sourceId` (open documents as edited). */
export async function workspaceRulesFor(sourceId: number, account?: number): Promise<readonly string[] | undefined> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  for (const uri of await vscode.workspace.findFiles(`**/*${FILE_SUFFIX}`, '**/node_modules/**', 200)) {
    let text: string;
    try {
      text = open.get(uri.toString())?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue; // gone since the search: not this source's file
    }
    const parsed = parseFileText(text).result;
    if (!parsed.ok || parsed.file.id !== sourceId || !parsed.file.select) continue;
    if (account !== undefined && parsed.file.account !== undefined && parsed.file.account !== account) continue;
    return parsed.file.select;
  }
  return undefined;
}

export interface AppliedRules {
  /** `+2 streams, +5 fields`, or '' when the rules select none of the new streams. */
  readonly summary: string;
  readonly selected: readonly string[];
}

/** Plans `select` over the new streams `ids` only and sends it (nothing when the plan is empty). */
export async function applyRulesToNew(client: StitchClient, sourceId: number, streams: readonly Stream[], ids: readonly string[], select: readonly string[]): Promise<AppliedRules> {
  const models = await rulesCatalogue(client, sourceId, streams, select, new Set(ids));
  const preview = previewRules(models, select);
  const plan = planRules(models, preview);
  const blocking = [...plan.refused, ...plan.issues.filter((i) => i.severity === 'error').map((i) => `${i.tapStreamId}: ${i.message}`)];
  if (blocking.length) throw new Error(blocking.join(' '));
  if (plan.body.streams.length) await client.updateStreamMetadata(sourceId, plan.body as unknown as StreamMetadataUpdate);
  return { summary: describeBody(plan.body), selected: preview.streams.filter((s) => s.outcome === 'selected').map((s) => s.id) };
}
