/**
 * The live catalogue a file's `select` rules are worked out on: the stream list, plus the fields
 * of the streams the rules need them for (field rules) and of selected streams the rules drop
 * (their selected fields are deselected first). No `vscode`: the engine and the new-streams
 * notice both use it.
 */
import type { Stream, StreamSchema } from '../api/types';
import { parseStreamSchema, streamFromListItem, type StreamModel, type StreamSchemaResponse } from '../core/selection';
import { previewRules } from '../core/rules';
import { rulesOutcome, type RulesOutcome } from '../core/sourceFile/rulesPlan';

export interface SchemaApi {
  getStreamSchema(sourceId: number, streamId: number): Promise<StreamSchema>;
}

/** `streams` as models, the fields loaded for those the rules need; `only` limits it to some streams. */
export async function rulesCatalogue(api: SchemaApi, sourceId: number, streams: readonly Stream[], select: readonly string[], only?: ReadonlySet<string>): Promise<StreamModel[]> {
  const list = only ? streams.filter((s) => only.has(s.tap_stream_id)) : streams;
  const models = list.map((s) => streamFromListItem(s));
  const preview = previewRules(models, select);
  const load = new Set(preview.streams.filter((p) => p.needsFields).map((p) => p.id));
  for (const p of preview.streams) if (p.outcome === 'excluded' && (list.find((s) => s.tap_stream_id === p.id)?.metadata?.selected === true)) load.add(p.id);
  return Promise.all(list.map(async (s, i) => {
    if (!load.has(s.tap_stream_id)) return models[i]!;
    const schema = await api.getStreamSchema(sourceId, s.stream_id);
    return parseStreamSchema(s.tap_stream_id, schema as unknown as StreamSchemaResponse, s);
  }));
}

export async function liveRules(api: SchemaApi, sourceId: number, streams: readonly Stream[], select: readonly string[]): Promise<RulesOutcome> {
  return rulesOutcome(await rulesCatalogue(api, sourceId, streams, select), select);
}
