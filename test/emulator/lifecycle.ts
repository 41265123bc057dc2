/**
 * The source state machine (reference §6): which step a source is at, the report card that says
 * so, and the Source object the API returns. Everything is derived from the stored record, so
 * `provided`, `current_step` and `current_step_type` cannot disagree.
 */
import { catalogueFor, type StreamCatalogue, type StreamSpec } from './catalogue/streams';
import type { PropertyDescriptor, ReportCard } from './catalogue/types';
import { isoMillis } from './clock';
import { hex } from './rng';
import { scheduleObject } from './schedule';
import type { SourceRecord } from './state';
import { valueMatchesSchema } from './validate';
import { random, type World } from './world';

const PROPERTY_STEPS = new Set(['form', 'oauth', 'profile']);
/** Changing only these never needs a new connection check. */
export const SCHEDULE_PROPERTIES = new Set(['anchor_time', 'cron_expression', 'frequency_in_minutes', 'start_date']);

export function typeCard(world: World, type: string): ReportCard | undefined {
  return world.sourceTypes.get(type);
}

export function descriptors(card: ReportCard | undefined): PropertyDescriptor[] {
  return (card?.steps ?? []).flatMap((s) => s.properties);
}

export function isDiscoverable(card: ReportCard | undefined): boolean {
  return Boolean(card?.steps?.some((s) => s.type === 'discover_schema'));
}

export function isProvided(source: SourceRecord, name: string): boolean {
  const value = source.properties[name];
  return (value !== undefined && value !== null) || name in source.credentials;
}

/** A property step is complete when every required property a user or Stitch must supply is there. */
function propertyStepComplete(source: SourceRecord, properties: PropertyDescriptor[]): boolean {
  return properties.every((p) => !p.is_required || p.property_type === 'read_only' || isProvided(source, p.name));
}

export function sourceCatalogue(world: World, source: SourceRecord): StreamCatalogue {
  const size = source.catalogueSize ?? (world.options.streams !== undefined ? { streams: world.options.streams, fields: world.options.fields ?? 20 } : undefined);
  return catalogueFor(source.type, source.properties, { seed: world.options.seed, ...(size ?? {}) });
}

/** Field-selection rules (reference §7.8): does this field get replicated? */
export function fieldReplicated(inclusion: string, selected: boolean | null | undefined, selectedByDefault: boolean | null | undefined): boolean {
  if (inclusion === 'automatic') return true;
  if (inclusion === 'unsupported') return false;
  return selected === true || selectedByDefault === true;
}

export function streamReplicatedFields(spec: StreamSpec, fieldSelection: Record<string, boolean | null>): string[] {
  return spec.fields.filter((f) => fieldReplicated(f.inclusion, fieldSelection[f.name], f.selectedByDefault)).map((f) => f.name);
}

/** Whether some selected stream would replicate a field: stops at the first (read on every source read). */
export function anyStreamReplicates(world: World, source: SourceRecord): boolean {
  let cat: StreamCatalogue | undefined;
  for (const [id, sel] of Object.entries(source.selection)) {
    if (sel.stream.selected !== true) continue;
    cat ??= sourceCatalogue(world, source);
    const index = cat.indexOf(id);
    if (index >= 0 && cat.at(index).fields.some((f) => fieldReplicated(f.inclusion, sel.fields[f.name], f.selectedByDefault))) return true;
  }
  return false;
}

/** Selected streams that would replicate at least one field. */
export function selectedStreams(world: World, source: SourceRecord): StreamSpec[] {
  const cat = sourceCatalogue(world, source);
  const out: StreamSpec[] = [];
  for (const [id, sel] of Object.entries(source.selection)) {
    if (sel.stream.selected !== true) continue;
    const index = cat.indexOf(id);
    if (index < 0) continue;
    const spec = cat.at(index);
    if (streamReplicatedFields(spec, sel.fields).length > 0) out.push(spec);
  }
  return out;
}

export interface StepPosition {
  index: number;
  type: string;
}

export function currentStep(world: World, source: SourceRecord, card: ReportCard | undefined): StepPosition {
  const steps = card?.steps ?? [];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    let complete: boolean;
    if (PROPERTY_STEPS.has(step.type)) complete = propertyStepComplete(source, step.properties);
    else if (step.type === 'discover_schema') complete = source.discovered;
    else if (step.type === 'field_selection') complete = anyStreamReplicates(world, source);
    else complete = false; // fully_configured is where a finished source rests
    if (!complete) return { index: i, type: step.type };
  }
  return { index: Math.max(0, steps.length - 1), type: steps[steps.length - 1]?.type ?? 'form' };
}

export function isFullyConfigured(world: World, source: SourceRecord): boolean {
  return currentStep(world, source, typeCard(world, source.type)).type === 'fully_configured';
}

/** Steps before discovery are all complete: time to run a connection check. */
export function readyForCheck(_world: World, source: SourceRecord, card: ReportCard | undefined): boolean {
  if (!isDiscoverable(card)) return false;
  const steps = card?.steps ?? [];
  const discover = steps.findIndex((s) => s.type === 'discover_schema');
  return steps.slice(0, discover).every((s) => !PROPERTY_STEPS.has(s.type) || propertyStepComplete(source, s.properties));
}

export function reportCardFor(world: World, source: SourceRecord): ReportCard {
  const card = typeCard(world, source.type);
  const position = currentStep(world, source, card);
  const out: ReportCard = {
    type: source.type,
    current_step: position.index + 1,
    current_step_type: position.type,
    steps: (card?.steps ?? []).map((s) => ({
      type: s.type,
      properties: s.properties.map((p) => ({ ...p, provided: isProvided(source, p.name) })),
    })),
  };
  if (card?.details) out.details = { ...card.details };
  return out;
}

export function isSchedulable(world: World, source: SourceRecord): boolean {
  return !source.deletedAt && !source.pausedAt && !source.systemPausedAt && isFullyConfigured(world, source) && !isPushOnly(source.type);
}

/** Types that receive data rather than run a tap: never scheduled, never synced. */
export function isPushOnly(type: string): boolean {
  return type === 'import_api' || type.startsWith('webhook.');
}

export function sourceView(world: World, source: SourceRecord): Record<string, unknown> {
  const card = typeCard(world, source.type);
  const now = world.clock.now();
  const properties: Record<string, unknown> = {};
  for (const key of Object.keys(source.properties).sort()) properties[key] = source.properties[key];
  return {
    properties,
    updated_at: source.updatedAt,
    schedule: isSchedulable(world, source) ? scheduleObject(source, card, now) : null,
    name: source.name,
    type: source.type,
    deleted_at: source.deletedAt,
    system_paused_at: source.systemPausedAt,
    stitch_client_id: source.clientId,
    paused_at: source.pausedAt,
    id: source.id,
    display_name: source.displayName,
    created_at: source.createdAt,
    check_job_name: source.checkJobName,
    report_card: reportCardFor(world, source),
  };
}

export interface PropertyChange {
  bad: string[];
  /** Names whose value actually changed (credentials count when re-sent). */
  changed: string[];
}

/**
 * Validate and merge property values (a partial update). Nothing is applied when any value is bad:
 * unknown names, read-only properties, immutable ones being changed, empty strings and schema
 * mismatches all land in `bad_properties`.
 */
export function mergeProperties(source: SourceRecord, card: ReportCard | undefined, incoming: Record<string, unknown>, creating: boolean): PropertyChange {
  const all = new Map(descriptors(card).map((d) => [d.name, d]));
  const bad: string[] = [];
  for (const [name, value] of Object.entries(incoming)) {
    const d = all.get(name);
    if (!d || d.property_type === 'read_only') bad.push(name);
    else if (value === null) {
      if (d.is_required) bad.push(name);
    } else if (name === 'cron_expression') {
      if (typeof value !== 'string') bad.push(name); // the cron checks themselves come later
    } else if (!valueMatchesSchema(d.json_schema, value)) bad.push(name);
    else if (!creating && d.property_type === 'user_provided_immutable' && isProvided(source, name) && source.properties[name] !== value) bad.push(name);
  }
  if (bad.length > 0) return { bad, changed: [] };
  const changed: string[] = [];
  for (const [name, value] of Object.entries(incoming)) {
    const d = all.get(name)!;
    if (d.is_credential) {
      if (value === null) delete source.credentials[name];
      // Only whether the value trips the "invalid" convention is kept, never the value itself.
      else source.credentials[name] = { invalid: typeof value === 'string' && /invalid/i.test(value) };
      changed.push(name);
    } else if (JSON.stringify(source.properties[name]) !== JSON.stringify(value)) {
      source.properties[name] = value;
      changed.push(name);
    }
  }
  return { bad, changed };
}

/**
 * What Stitch fills in itself: read-only properties at creation, a default anchor (the create
 * example echoes an anchor_time nobody sent), and Stitch's own OAuth app once a user has
 * authorised (a refresh token is present).
 */
export function fillSystemProperties(world: World, source: SourceRecord, card: ReportCard | undefined, nowMs: number, creating: boolean): void {
  const rand = random(world);
  for (const step of card?.steps ?? []) {
    for (const d of step.properties) {
      if (creating && d.property_type === 'read_only' && d.is_required && !isProvided(source, d.name)) {
        source.properties[d.name] = d.name === 'image_version' ? (card?.details?.image_version ?? '1.latest') : `${d.name}_${hex(rand, 12)}`;
      }
    }
    const authorised = step.type === 'oauth' && step.properties.some((p) => (p.name === 'refresh_token' || p.name === 'access_token') && p.name in source.credentials);
    if (authorised) {
      for (const d of step.properties) {
        if (d.property_type !== 'system_provided_by_default' || !d.is_required || isProvided(source, d.name)) continue;
        if (d.is_credential) source.credentials[d.name] = { invalid: false };
        else source.properties[d.name] = d.name.endsWith('_url') || d.name.endsWith('_uri') ? 'https://emulator.example.com/oauth' : `stitch_default_${d.name}`;
      }
    }
  }
  if (creating) {
    const names = new Set(descriptors(card).map((d) => d.name));
    if (names.has('anchor_time') && !('anchor_time' in source.properties)) source.properties.anchor_time = isoMillis(nowMs);
    if (names.has('cron_expression') && !('cron_expression' in source.properties)) source.properties.cron_expression = null;
  }
}

/** The connection-check outcome for the current properties: null = passes. */
export function checkFailureFor(source: SourceRecord): string | null {
  const invalid = Object.entries(source.credentials).find(([, c]) => c.invalid)?.[0];
  if (!invalid) return null;
  const user = String(source.properties.user ?? source.properties.username ?? 'stitch');
  if (invalid === 'password') return `FATAL:  password authentication failed for user "${user}"`;
  if (['refresh_token', 'client_secret', 'client_id'].includes(invalid)) {
    return `HTTP-error-code: 400, Error: invalid_grant - Token has been expired or revoked.`;
  }
  if (source.type === 'platform.recurly') {
    const sub = String(source.properties.subdomain ?? 'subdomain');
    return `Response returned http error code 401\n401 Client Error: Unauthorized for url: https://${sub}.recurly.com/v2/accounts?per_page=1`;
  }
  return `HTTP-error-code: 401, Error: Bad credentials (${invalid} was rejected by the API)`;
}
