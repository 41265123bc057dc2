/**
 * Plan = normalise(file) vs normalise(live), plus the exact calls apply will make. Pure: the live
 * source, its streams, its card and the secret states are inputs.
 *
 * Both views keep only what the file declares, typed as the card says, with keys sorted, so the
 * diff editor shows just the differences that matter. Secrets appear as a state, never a value.
 */
import type { Source, Stream } from '../../api/types';
import type { ReportCard } from '../reportCard';
import { canonicalJson, cardProperties, coerce, propertyTypeOf, sameValue, type CardProperties } from './card';
import { describeBody, type RulesOutcome } from './rulesPlan';
import { isListedStreamSelected, type StreamModel } from '../selectionModel';
import { fieldsKey, planFields, type FieldsOutcome } from './fieldsPlan';
import { selectionCall } from './selectionCall';
import { isCredentialRef, type CredentialRef, type FileSchedule, type FileStream, type SourceFile } from './model';

/** `changed`: no hash of the value last sent, or a different one; `unresolved`: no value to send. */
export type SecretState = 'changed' | 'unchanged' | 'unresolved';

export interface PlanInput {
  readonly file: SourceFile;
  /** The live source; undefined when the file has no id yet (or the source is gone: see `deleted`). */
  readonly live?: Source;
  readonly deleted?: boolean;
  /** The live catalogue; needed only when the file declares `streams` and the source exists. */
  readonly streams?: readonly Stream[];
  /** The type's card (for a new source) or the source's own card. */
  readonly card?: ReportCard;
  /** The file's `select` rules worked out on the live catalogue (src/files reads the fields they need). */
  readonly rules?: RulesOutcome;
  /** The fields of the streams whose `fields` the file declares (their schema reads), by tap_stream_id. */
  readonly fields?: ReadonlyMap<string, StreamModel>;
  readonly secretState: (property: string, ref: CredentialRef) => SecretState;
  /** Plan only this key (a difference path, e.g. ["properties", "quota_limit"]): Keep File Value of one drift. */
  readonly only?: readonly string[];
}

export type CallKind = 'create' | 'properties' | 'selection' | 'schedule';

export interface StreamMetadataEntry {
  tap_stream_id: string;
  metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[];
}

export interface PlannedCall {
  readonly kind: CallKind;
  readonly method: 'POST' | 'PUT';
  /** `{id}` stands for the id the create returns. */
  readonly path: string;
  /** Properties may hold secret references: apply resolves them right before sending. */
  readonly body: Record<string, unknown>;
  /** One line for people: `PUT /v4/sources/123 {quota_limit, api_key (secret, changed)}`. */
  readonly summary: string;
}

export interface PlanProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly span?: { readonly start: number; readonly length: number };
}

export interface Plan {
  readonly calls: readonly PlannedCall[];
  readonly problems: readonly PlanProblem[];
  /** Normalised views (pretty JSON) for the diff editor. */
  readonly fileView: string;
  readonly liveView: string;
  /** The live view plus the whole selection: apply refuses when this moved since the plan. */
  readonly liveFingerprint: string;
  /**
   * The live values the file's keys were compared with, one text per key, read from the live
   * source as it is (not as the file shapes its view): drift is a key whose live text moved since
   * file and Stitch last agreed, so declaring a new key in the file is not mistaken for drift.
   */
  readonly liveKeys: Readonly<Record<string, string>>;
  /** Paths (top-level key, then name) that differ: drift diagnostics point at them. */
  readonly differences: readonly (readonly string[])[];
  readonly status: 'in-sync' | 'changes' | 'not-created' | 'deleted' | 'blocked';
}

const SECRET_CHANGED = '<secret: will be sent (changed)>';
const SECRET_SET = '<secret>';
const SECRET_UNRESOLVED = '<secret: unresolved>';

export function computePlan(input: PlanInput): Plan {
  const { file, live } = input;
  const props = cardProperties(input.card ?? live?.report_card);
  const problems: PlanProblem[] = [...cardProblems(file, props, live)];
  const secretStates = new Map<string, SecretState>();
  for (const [name, v] of Object.entries(file.properties)) {
    if (!isCredentialRef(v)) continue;
    const state = input.secretState(name, v);
    secretStates.set(name, state);
    if (state === 'unresolved') {
      const what = '$secret' in v ? `secret "${v.$secret}" is not set (Stitch: Set Secret…)` : `environment variable ${v.$env} is not set`;
      problems.push({ path: ['properties', name], message: `The ${what}; nothing is sent until it is.`, severity: 'error' });
    }
  }
  if (live && file.account !== undefined && live.stitch_client_id !== file.account) {
    problems.push({ path: ['account'], message: `This file is for account ${file.account}; the signed-in account is ${live.stitch_client_id}.`, severity: 'error' });
  }
  if (file.select && live && !input.deleted) problems.push(...(input.rules?.problems ?? []));
  // The rules need the discovered catalogue: a new source gets its selection on the plan after creation.
  if (file.select && !live && !input.deleted) problems.push({ path: ['select'], message: 'The rules are applied once the source exists and its streams are discovered: plan again after this apply.', severity: 'warning' });

  const fields = live && !input.deleted ? fieldOutcomes(file, input.fields, input.streams ?? []) : new Map<string, FieldsOutcome>();
  for (const [id, f] of fields) for (const p of f.problems) problems.push({ path: ['streams', id, 'fields'], ...p });
  // Field choices need the discovered catalogue, as rules do: "default" is what a new stream gets anyway.
  if (!live && !input.deleted && Object.values(file.streams ?? {}).some((s) => s.fields !== undefined && s.fields !== 'default')) {
    problems.push({ path: ['streams'], message: 'Field choices are applied once the source exists and its streams are discovered: plan again after this apply.', severity: 'warning' });
  }

  const fileView = viewOfFile(file, props, secretStates, live, input.rules, fields);
  const liveView = live && !input.deleted ? viewOfLive(file, props, live, input.streams, fields) : {};
  const differences = diffPaths(fileView, liveView);
  const calls = input.deleted ? [] : plannedCalls(input, props, secretStates, fields);
  const blocked = problems.some((p) => p.severity === 'error');
  const status: Plan['status'] = input.deleted ? 'deleted' : blocked ? 'blocked' : !live ? 'not-created' : calls.length ? 'changes' : 'in-sync';
  const liveText = canonicalJson(liveView, 2) + '\n';
  // The live view's text already is canonical: the fingerprint reuses it rather than serialising it again.
  const fingerprintView = input.deleted && live ? canonicalJson(viewOfLive(file, props, live, input.streams, fields)) : liveText;
  return {
    calls: blocked ? [] : calls,
    problems,
    fileView: canonicalJson(fileView, 2) + '\n',
    liveView: liveText,
    liveKeys: live && !input.deleted ? liveKeysOf(file, live, input.streams, input.fields) : {},
    liveFingerprint: live ? `${input.deleted ? 'deleted' : 'live'}\n${fingerprintView}\n${selectionKey(input.streams)}\n${fieldsKey(input.fields)}` : 'none',
    differences,
    status,
  };
}

// --- views --------------------------------------------------------------------------------

type View = Record<string, unknown>;

type Fields = ReadonlyMap<string, FieldsOutcome>;

/** Each declared `fields` worked out on its stream's live fields (streams not in the catalogue have none). */
function fieldOutcomes(file: SourceFile, models: ReadonlyMap<string, StreamModel> | undefined, streams: readonly Stream[]): Map<string, FieldsOutcome> {
  const out = new Map<string, FieldsOutcome>();
  if (!file.streams || !models?.size) return out;
  for (const s of streams) {
    const want = file.streams[s.tap_stream_id];
    const model = models.get(s.tap_stream_id);
    if (!want?.fields || !model || !Object.hasOwn(file.streams, s.tap_stream_id)) continue;
    out.set(s.tap_stream_id, planFields(want.fields, model, isListedStreamSelected(s)));
  }
  return out;
}

function viewOfFile(file: SourceFile, props: CardProperties, secrets: ReadonlyMap<string, SecretState>, live: Source | undefined, rules: RulesOutcome | undefined, fields: Fields): View {
  const properties: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(file.properties)) {
    if (isCredentialRef(v)) {
      const state = secrets.get(name);
      properties[name] = state === 'unresolved' ? SECRET_UNRESOLVED : state === 'changed' ? SECRET_CHANGED : SECRET_SET;
    } else properties[name] = coerce(v, props.get(name));
  }
  const view: View = { type: file.type, displayName: file.displayName, properties };
  if (live) view.id = live.id;
  if (file.schedule) view.schedule = normaliseSchedule(file.schedule);
  // Fields as the list that will replicate, when the stream's fields were read; else as declared.
  if (file.streams) view.streams = Object.fromEntries(Object.entries(file.streams).map(([id, s]) => [id, s.fields !== undefined && fields.has(id) ? { ...s, fields: fields.get(id)!.desired } : { ...s }]));
  // The rules' result, as streams: both sides then read the same way in the diff editor.
  if (file.select && live && rules) view.select = [...rules.selected];
  return view;
}

function viewOfLive(file: SourceFile, props: CardProperties, live: Source, streams: readonly Stream[] | undefined, fields: Fields): View {
  const properties: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(file.properties)) {
    if (isCredentialRef(v)) properties[name] = SECRET_SET;
    else properties[name] = coerce(live.properties[name] ?? null, props.get(name));
  }
  const view: View = { type: live.type, displayName: live.display_name, properties, id: live.id };
  if (file.schedule) view.schedule = liveSchedule(live, file.schedule);
  if (file.streams) view.streams = liveStreams(file.streams, streams ?? [], fields);
  if (file.select) view.select = (streams ?? []).filter(isListedStreamSelected).map((s) => s.tap_stream_id).sort();
  return view;
}

function normaliseSchedule(s: FileSchedule): Record<string, unknown> {
  if ('cron' in s) return { cron: s.cron };
  return s.anchor === undefined ? { everyMinutes: s.everyMinutes } : { everyMinutes: s.everyMinutes, anchor: isoOf(s.anchor) };
}

/** The live schedule in the file's terms; the anchor only when the file declares one. */
export function liveSchedule(live: Source, declared: FileSchedule | undefined): Record<string, unknown> {
  const p = live.properties;
  if (typeof p.cron_expression === 'string' && p.cron_expression) return { cron: p.cron_expression };
  const minutes = Number(p.frequency_in_minutes ?? live.report_card?.details?.default_scheduling_interval ?? NaN);
  const out: Record<string, unknown> = { everyMinutes: Number.isFinite(minutes) ? minutes : null };
  const wantAnchor = declared === undefined || ('everyMinutes' in declared && declared.anchor !== undefined);
  if (wantAnchor && typeof p.anchor_time === 'string' && p.anchor_time) out.anchor = isoOf(p.anchor_time);
  return out;
}

function liveStreams(declared: Readonly<Record<string, FileStream>>, streams: readonly Stream[], fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of streams) {
    if (!isListedStreamSelected(s)) continue;
    const want = declared[s.tap_stream_id];
    const entry: Record<string, unknown> = {};
    if (want?.replicationMethod !== undefined) entry.replicationMethod = s.metadata['replication-method'] ?? null;
    if (want?.replicationKey !== undefined) entry.replicationKey = s.metadata['replication-key'] ?? null;
    if (want?.fields !== undefined) entry.fields = fields.get(s.tap_stream_id)?.live ?? null;
    out[s.tap_stream_id] = entry;
  }
  return out;
}

function liveKeysOf(file: SourceFile, live: Source, streams: readonly Stream[] | undefined, models: ReadonlyMap<string, StreamModel> | undefined): Record<string, string> {
  const out: Record<string, string> = { displayName: live.display_name };
  for (const name of Object.keys(file.properties)) out[`properties.${name}`] = canonicalJson(live.properties[name] ?? null);
  const p = live.properties;
  out.schedule = canonicalJson([p.cron_expression ?? null, p.frequency_in_minutes ?? null, p.anchor_time ?? null]);
  if (streams) out.selection = selectionKey(streams);
  for (const [id, m] of models ?? []) out[`fields.${id}`] = fieldsKey(new Map([[id, m]]));
  return out;
}

function selectionKey(streams: readonly Stream[] | undefined): string {
  if (!streams) return '';
  const parts: string[] = [];
  for (const s of streams) if (isListedStreamSelected(s)) parts.push(`${s.tap_stream_id}:${String(s.metadata['replication-method'] ?? '')}:${String(s.metadata['replication-key'] ?? '')}`);
  return parts.join(';');
}

function isoOf(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : new Date(ms).toISOString();
}

function diffPaths(a: View, b: View): string[][] {
  const out: string[][] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (key === 'properties' || key === 'streams') {
      const xo = (x ?? {}) as Record<string, unknown>;
      const yo = (y ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(xo)) if (!sameJson(xo[k], yo[k])) out.push([key, k]);
      for (const k of Object.keys(yo)) if (!(k in xo)) out.push([key, k]);
    } else if (canonicalJson(x) !== canonicalJson(y)) out.push([key]);
  }
  return out;
}

/** Canonical equality, with a fast path for the flat objects a stream's entry is (thousands per plan). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isFlat(a) && isFlat(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && (a[k] === b[k] || canonicalJson(a[k]) === canonicalJson(b[k])));
  }
  return canonicalJson(a) === canonicalJson(b);
}

function isFlat(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// --- calls --------------------------------------------------------------------------------

function plannedCalls(input: PlanInput, props: CardProperties, secrets: ReadonlyMap<string, SecretState>, fields: Fields): PlannedCall[] {
  const { file, live } = input;
  const schedule = file.schedule ? scheduleProps(file.schedule, props) : {};
  if (!live) {
    const properties: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(file.properties)) properties[name] = isCredentialRef(v) ? v : coerce(v, props.get(name));
    Object.assign(properties, schedule);
    const calls: PlannedCall[] = [{
      kind: 'create', method: 'POST', path: '/v4/sources',
      body: { type: file.type, display_name: file.displayName, properties },
      summary: `POST /v4/sources {${describeKeys(Object.keys(properties), secrets)}}`,
    }];
    const selection = selectionCall('{id}', file.streams, [], fields);
    if (selection) calls.push(selection);
    return calls;
  }
  const only = input.only;
  const keeps = (top: string, name?: string) => !only || (only[0] === top && (only[1] === undefined || name === undefined || only[1] === name));
  const changed: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(file.properties)) {
    if (!keeps('properties', name)) continue;
    const p = props.get(name);
    if (p && propertyTypeOf(p) === 'user_provided_immutable') continue; // reported as a problem, never sent
    if (isCredentialRef(v)) { if (secrets.get(name) === 'changed') changed[name] = v; continue; }
    if (!sameValue(v, live.properties[name] ?? null, p)) changed[name] = coerce(v, p);
  }
  const scheduleChanged: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(keeps('schedule') ? schedule : {})) {
    const current = live.properties[name] ?? null;
    const same = name === 'anchor_time' && typeof v === 'string' && typeof current === 'string' ? Date.parse(v) === Date.parse(current) : sameValue(v, current, props.get(name));
    if (!same) scheduleChanged[name] = v;
  }
  const calls: PlannedCall[] = [];
  const selection = !keeps('streams') && !keeps('select') ? undefined
    : file.select ? rulesCall(live.id, input.rules)
      : selectionCall(String(live.id), file.streams, input.streams ?? [], fields, input.fields, only?.[0] === 'streams' ? only[1] : undefined);
  // The schedule goes last, after the selection, and rides along with the properties when there is no selection to make.
  const merged = selection ? changed : { ...changed, ...scheduleChanged };
  const nameChanged = keeps('displayName') && file.displayName !== live.display_name;
  if (Object.keys(merged).length || nameChanged) {
    const body: Record<string, unknown> = {};
    if (nameChanged) body.display_name = file.displayName;
    if (Object.keys(merged).length) body.properties = merged;
    const keys = [...(nameChanged ? ['display_name'] : []), ...Object.keys(merged)];
    calls.push({ kind: 'properties', method: 'PUT', path: `/v4/sources/${live.id}`, body, summary: `PUT /v4/sources/${live.id} {${describeKeys(keys, secrets)}}` });
  }
  if (selection) calls.push(selection);
  if (selection && Object.keys(scheduleChanged).length) {
    calls.push({ kind: 'schedule', method: 'PUT', path: `/v4/sources/${live.id}`, body: { properties: scheduleChanged }, summary: `PUT /v4/sources/${live.id} {${Object.keys(scheduleChanged).join(', ')}}` });
  }
  return calls;
}

/** The schedule as Stitch's properties (the card's types); switching to an interval clears the cron. */
export function scheduleProps(s: FileSchedule, props: CardProperties): Record<string, unknown> {
  if ('cron' in s) return { cron_expression: s.cron };
  const out: Record<string, unknown> = { frequency_in_minutes: coerce(s.everyMinutes, props.get('frequency_in_minutes')), cron_expression: null };
  if (s.anchor !== undefined) out.anchor_time = isoOf(s.anchor);
  return out;
}

function describeKeys(keys: readonly string[], secrets: ReadonlyMap<string, SecretState>): string {
  return keys.map((k) => (secrets.has(k) ? `${k} (secret, changed)` : k)).join(', ');
}

function rulesCall(id: number, rules: RulesOutcome | undefined): PlannedCall | undefined {
  if (!rules || rules.body.streams.length === 0) return undefined;
  return { kind: 'selection', method: 'PUT', path: `/v4/sources/${id}/streams/metadata`, body: rules.body as unknown as Record<string, unknown>, summary: `PUT /v4/sources/${id}/streams/metadata: ${describeBody(rules.body)}` };
}

// --- card changes -------------------------------------------------------------------------

function cardProblems(file: SourceFile, props: CardProperties, live: Source | undefined): PlanProblem[] {
  if (props.size === 0) return [];
  const out: PlanProblem[] = [];
  for (const [name, v] of Object.entries(file.properties)) {
    const p = props.get(name);
    if (!p) { out.push({ path: ['properties', name], message: `"${name}" is unknown to ${file.type} now; it is not sent.`, severity: 'warning' }); continue; }
    const kind = propertyTypeOf(p);
    if (kind === 'read_only') out.push({ path: ['properties', name], message: `"${name}" is set by Stitch; remove it from the file.`, severity: 'error' });
    if (p.is_credential && !isCredentialRef(v)) out.push({ path: ['properties', name], message: `"${name}" is a credential: use {"$secret": "name"} or {"$env": "VARIABLE"}, never the value.`, severity: 'error' });
    if (kind === 'user_provided_immutable' && live && !isCredentialRef(v) && !sameValue(v, live.properties[name] ?? null, p)) {
      out.push({ path: ['properties', name], message: `"${name}" can't change after creation: this needs a new source.`, severity: 'warning' });
    }
  }
  for (const p of props.values()) {
    const kind = propertyTypeOf(p);
    if (!p.is_required || kind === 'read_only' || kind === 'system_provided_by_default' || p.name in file.properties) continue;
    if (['frequency_in_minutes', 'anchor_time', 'cron_expression'].includes(p.name)) continue;
    const providedLive = live && (live.properties[p.name] !== undefined || p.provided === true);
    if (!providedLive) out.push({ path: ['properties'], message: `"${p.name}" is required by ${file.type}.`, severity: 'error' });
  }
  return out;
}
