/**
 * Plan and apply a source file against the API, through the source store. No `vscode` import:
 * unit- and property-tested against the emulator. Commands and views in this folder wrap it.
 */
import type { Source, Stream, StreamMetadataUpdate, StreamSchema } from '../api/types';
import type { RulesOutcome } from '../core/sourceFile/rulesPlan';
import { liveRules } from './rulesLive';
import { isListedStreamSelected, parseStreamSchema, type StreamModel, type StreamSchemaResponse } from '../core/selectionModel';
import type { ReportCard } from '../core/reportCard';
import { isCredentialRef, type CredentialRef, type SourceFile } from '../core/sourceFile/model';
import { computePlan, type Plan, type PlannedCall, type SecretState } from '../core/sourceFile/plan';
import { hashKey, matches, recordFor, type HashStore } from '../core/sourceFile/secretHash';
import { mapPool } from '../core/pool';

/** Stream schemas read at once by a plan or an export (the catalogue's streams one by one). */
const SCHEMA_READS_AT_ONCE = 8;

export interface FileApi {
  getSource(id: number): Promise<Source>;
  getSourceType(type: string): Promise<ReportCard>;
  listStreams(id: number): Promise<Stream[]>;
  getStreamSchema(sourceId: number, streamId: number): Promise<StreamSchema>;
  createSource(body: { type: string; display_name: string; properties?: Record<string, unknown> }): Promise<Source>;
  updateSource(id: number, body: { display_name?: string; properties?: Record<string, unknown> }): Promise<Source>;
  updateStreamMetadata(id: number, body: StreamMetadataUpdate): Promise<unknown>;
  listSources?(): Promise<Source[]>;
}

/** Where live sources come from and where write answers go (the account's SourceStore fits). */
export interface LiveStore {
  get(id: number, options?: { maxAgeMs?: number }): Promise<Source>;
  accept(source: Source): void;
}

export interface EngineDeps {
  api: FileApi;
  store: LiveStore;
  /** The signed-in account's client id, when known (an account with no source yet has none to learn it from). */
  account?: number;
  /** Where secret hashes are kept apart per account (default: the client id). */
  hashAccount?: string;
  /** A reference's value, or undefined when it is not set. Never logged, never kept. */
  resolveSecret(ref: CredentialRef): Promise<string | undefined>;
  hashes: HashStore;
  /** Waits until a new source's check and discovery finished (polls the store by default). */
  waitForDiscovery?(id: number): Promise<Source>;
}

export interface LiveState {
  live?: Source;
  deleted?: boolean;
  streams?: Stream[];
  card?: ReportCard;
  rules?: RulesOutcome;
  /** Field models of the streams whose `fields` the file declares. */
  fields?: Map<string, StreamModel>;
}

export interface PlannedFile { readonly plan: Plan; readonly state: LiveState }

export interface ApplyStep { readonly call: PlannedCall; readonly ok: boolean; readonly error?: unknown }

export interface ApplyResult {
  readonly steps: readonly ApplyStep[];
  /** The id a create returned (to be written back into the file, even after a later failure). */
  readonly createdId?: number;
  readonly ok: boolean;
}

export class StalePlanError extends Error {
  constructor() { super('The live source changed since the plan. Plan again.'); }
}

export class FileEngine {
  constructor(private readonly deps: EngineDeps) {}

  private get hashAccount(): string { return this.deps.hashAccount ?? String(this.deps.account ?? 'unknown'); }

  /** Reads the live source (fresh, through the store), its catalogue when the file declares streams, and the card. */
  async readLive(file: SourceFile, maxAgeMs = 0): Promise<LiveState> {
    if (file.id === undefined) return { card: await this.deps.api.getSourceType(file.type) };
    // The source and its catalogue at once: a large catalogue's read then overlaps the source's.
    const streamsRead = file.streams || file.select ? this.deps.api.listStreams(file.id) : undefined;
    streamsRead?.catch(() => undefined); // awaited below only for a live source; a gone one says so itself
    let live: Source;
    try {
      live = await this.deps.store.get(file.id, { maxAgeMs });
    } catch (error) {
      if ((error as { kind?: unknown }).kind === 'not_found') return { deleted: true };
      throw error;
    }
    if (live.deleted_at) return { live, deleted: true };
    const streams = streamsRead ? await streamsRead : undefined;
    const rules = file.select && streams ? await liveRules(this.deps.api, file.id, streams, file.select) : undefined;
    const needFields = file.streams && streams ? fieldReads(file.streams, streams) : [];
    const fields = needFields.length ? await this.readFields(file.id, needFields) : undefined;
    return { live, streams, card: live.report_card, ...(rules ? { rules } : {}), ...(fields ? { fields } : {}) };
  }

  /** The fields of these streams (one schema read each, a few at a time), by tap stream id. */
  async readFields(id: number, streams: readonly Stream[]): Promise<Map<string, StreamModel>> {
    const models = await mapPool(streams, SCHEMA_READS_AT_ONCE, async (s) => parseStreamSchema(s.tap_stream_id, (await this.deps.api.getStreamSchema(id, s.stream_id)) as unknown as StreamSchemaResponse, s));
    return new Map(models.map((m) => [m.tapStreamId, m]));
  }

  /** `only`: plan just that key (see PlanInput.only). */
  async plan(file: SourceFile, state?: LiveState, only?: readonly string[]): Promise<PlannedFile> {
    const s = state ?? (await this.readLive(file));
    const secretStates = await this.secretStates(file, s.live);
    const plan = computePlan({
      file,
      live: s.deleted ? undefined : s.live,
      deleted: s.deleted,
      streams: s.streams,
      card: s.card,
      rules: s.rules,
      fields: s.fields,
      ...(only ? { only } : {}),
      secretState: (name) => secretStates.get(name) ?? 'unresolved',
    });
    if (file.account !== undefined && this.deps.account !== undefined && file.account !== this.deps.account) {
      return { plan: refuse(plan, `This file is for account ${file.account}; the signed-in account is ${this.deps.account}. Switch account to plan it.`), state: s };
    }
    return { plan, state: s };
  }

  /** Makes the planned calls in order; refuses when the live source moved since `planned`. */
  async apply(file: SourceFile, planned: PlannedFile, only?: readonly string[]): Promise<ApplyResult> {
    if (planned.plan.calls.length === 0) return { steps: [], ok: true };
    const again = await this.plan(file, undefined, only);
    if (again.plan.liveFingerprint !== planned.plan.liveFingerprint) throw new StalePlanError();
    const steps: ApplyStep[] = [];
    let id = file.id;
    for (const call of again.plan.calls) {
      try {
        // Streams exist only after the check and discovery: a new source, or one still checking, waits for them.
        const discovering = file.id === undefined || (again.state.live !== undefined && !discoveryDone(again.state.live));
        if (call.kind === 'selection' && id !== undefined && discovering) await this.waitForDiscovery(id);
        const source = await this.send(call, id);
        if (source) {
          id = source.id;
          this.deps.store.accept(source);
          await this.rememberSecrets(call, source.id);
        }
        steps.push({ call, ok: true });
      } catch (error) {
        steps.push({ call, ok: false, error });
        // A create whose answer was lost may still have happened: find it, so the file can point at it.
        if (call.kind === 'create') id = (await this.findCreated(file)) ?? id;
        return { steps, ok: false, ...(file.id === undefined && id !== undefined ? { createdId: id } : {}) };
      }
    }
    return { steps, ok: true, ...(file.id === undefined && id !== undefined ? { createdId: id } : {}) };
  }

  private async findCreated(file: SourceFile): Promise<number | undefined> {
    try {
      const found = (await this.deps.api.listSources?.())?.find((s) => s.type === file.type && s.display_name === file.displayName && !s.deleted_at);
      if (found) this.deps.store.accept(found);
      return found?.id;
    } catch {
      return undefined; // the failure already reported is the one that matters
    }
  }

  private async send(call: PlannedCall, id: number | undefined): Promise<Source | undefined> {
    const body = await this.resolveBody(call.body);
    switch (call.kind) {
      case 'create':
        return this.deps.api.createSource(body as { type: string; display_name: string; properties?: Record<string, unknown> });
      case 'properties':
      case 'schedule':
        return this.deps.api.updateSource(id!, body);
      case 'selection':
        await this.deps.api.updateStreamMetadata(id!, body as unknown as StreamMetadataUpdate);
        return undefined;
    }
  }

  private async resolveBody(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const props = body.properties as Record<string, unknown> | undefined;
    if (!props) return body;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      if (!isCredentialRef(v)) { out[k] = v; continue; }
      const value = await this.deps.resolveSecret(v);
      // Checked at plan time too; an empty string is never sent.
      if (!value) throw new Error(`The secret for "${k}" is not set; nothing was sent.`);
      out[k] = value;
    }
    return { ...body, properties: out };
  }

  private async rememberSecrets(call: PlannedCall, id: number): Promise<void> {
    const props = call.body.properties as Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(props ?? {})) {
      if (!isCredentialRef(v)) continue;
      const value = await this.deps.resolveSecret(v);
      if (value) await this.deps.hashes.set(hashKey(this.hashAccount, id, k), recordFor(value));
    }
  }

  private async secretStates(file: SourceFile, live: Source | undefined): Promise<Map<string, SecretState>> {
    const out = new Map<string, SecretState>();
    for (const [name, v] of Object.entries(file.properties)) {
      if (!isCredentialRef(v)) continue;
      const value = await this.deps.resolveSecret(v);
      if (!value) out.set(name, 'unresolved');
      else if (!live) out.set(name, 'changed');
      else out.set(name, matches(this.deps.hashes.get(hashKey(this.hashAccount, live.id, name)), value) ? 'unchanged' : 'changed');
    }
    return out;
  }

  private async waitForDiscovery(id: number): Promise<Source> {
    if (this.deps.waitForDiscovery) return this.deps.waitForDiscovery(id);
    for (let i = 0; i < 120; i++) {
      const s = await this.deps.store.get(id);
      if (discoveryDone(s)) return s;
      await new Promise((r) => setTimeout(r, 2000));
    }
    throw new Error('The connection check and discovery did not finish in 4 minutes; apply again later.');
  }
}

/**
 * The streams whose schema a plan reads: those whose `fields` the file declares, and selected ones
 * the file drops (Stitch refuses to deselect a stream that keeps selected fields). Never the rest.
 */
function fieldReads(declared: NonNullable<SourceFile['streams']>, streams: readonly Stream[]): Stream[] {
  const out: Stream[] = [];
  for (const s of streams) {
    const want = declared[s.tap_stream_id];
    if (want !== undefined && Object.hasOwn(declared, s.tap_stream_id) ? want.fields !== undefined : isListedStreamSelected(s)) out.push(s);
  }
  return out;
}

/** Past discovery: streams can be selected (or the check failed, and the selection call will say so). */
export function discoveryDone(s: Source): boolean {
  const step = s.report_card?.current_step_type;
  return step !== undefined && step !== 'form' && step !== 'oauth' && step !== 'discover_schema';
}

function refuse(plan: Plan, message: string): Plan {
  return { ...plan, calls: [], status: 'blocked', problems: [...plan.problems, { path: ['account'], message, severity: 'error' }] };
}
