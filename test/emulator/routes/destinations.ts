/** Destinations (v4), destination types, and Import API tokens (reference §4.12–§4.13). */
import type { ReportCard } from '../catalogue/types';
import { isoSeconds } from '../clock';
import { bareString, json, MESSAGES, sourceError, type Reply } from '../errors';
import { checkView } from '../jobs';
import { sourceView } from '../lifecycle';
import { hex, uuidV1Like } from '../rng';
import { isPlainObject, parseBody, type Ctx, type Router } from '../router';
import type { CheckRecord, DestinationRecord } from '../state';
import { valueMatchesSchema } from '../validate';
import { random } from '../world';
import { findSource } from './sources';

function destinationCard(ctx: Ctx, type: string): ReportCard | undefined {
  return ctx.world.destinationTypes.find((c) => c.type === type);
}

function activeDestinations(ctx: Ctx): DestinationRecord[] {
  return ctx.acc.destinations.filter((d) => !d.deletedAt);
}

function findDestination(ctx: Ctx, raw: string | undefined, includeDeleted = false): DestinationRecord | undefined {
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  return ctx.acc.destinations.find((d) => d.id === Number(raw) && (includeDeleted || !d.deletedAt));
}

function destinationView(ctx: Ctx, d: DestinationRecord): Record<string, unknown> {
  const card = destinationCard(ctx, d.type);
  const provided = (name: string) => name in d.properties || d.credentials.includes(name);
  const steps = (card?.steps ?? []).map((s) => ({ type: s.type, properties: s.properties.map((p) => ({ ...p, provided: provided(p.name) })) }));
  const formDone = formComplete(card, d);
  const properties: Record<string, unknown> = {};
  for (const key of Object.keys(d.properties).sort()) properties[key] = d.properties[key];
  return {
    description: d.description,
    properties,
    updated_at: d.updatedAt,
    ...(d.checkJobName ? { check_job_name: d.checkJobName } : {}),
    name: d.name,
    type: d.type,
    deleted_at: d.deletedAt,
    system_paused_at: null,
    stitch_client_id: ctx.clientId,
    paused_at: null,
    id: d.id,
    display_name: null,
    created_at: d.createdAt,
    report_card: { type: d.type, current_step: formDone ? 2 : 1, current_step_type: formDone ? 'fully_configured' : 'form', steps },
  };
}

/** Validate then merge; the API echoes every stored value as a string (the docs show "ssl":"true"). */
function mergeDestinationProperties(card: ReportCard | undefined, d: DestinationRecord, incoming: Record<string, unknown>): string[] {
  const descriptors = new Map((card?.steps ?? []).flatMap((s) => s.properties).map((p) => [p.name, p]));
  const bad = Object.entries(incoming)
    .filter(([name, value]) => {
      const p = descriptors.get(name);
      return !p || !valueMatchesSchema(p.json_schema, value);
    })
    .map(([name]) => name);
  if (bad.length > 0) return bad;
  for (const [name, value] of Object.entries(incoming)) {
    if (descriptors.get(name)!.is_credential) {
      if (!d.credentials.includes(name)) d.credentials.push(name);
    } else d.properties[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return [];
}

/** Stitch's message for a refused login, per warehouse family [I: the wording of each driver]. */
function checkFailure(d: DestinationRecord): string {
  if (d.type === 'postgres' || d.type === 'redshift') return `FATAL:  password authentication failed for user "${String(d.properties.username ?? 'stitch')}"`;
  if (d.type === 'snowflake') return 'Incorrect username or password was specified.';
  if (d.type === 'bigquery') return 'invalid_grant: Invalid JWT Signature.';
  return 'The AWS Access Key Id you provided does not exist in our records.';
}

function startDestinationCheck(ctx: Ctx, d: DestinationRecord, invalid: boolean): void {
  const name = `${ctx.clientId}.${d.id}.check.${uuidV1Like(random(ctx.world))}`;
  const check: CheckRecord = {
    name,
    sourceId: 0,
    startMs: ctx.nowMs,
    endMs: ctx.nowMs + ctx.world.options.jobSeconds * 1000,
    failure: invalid ? checkFailure(d) : null,
    applied: true,
  };
  if (d.checkJobName) delete ctx.acc.checks[d.checkJobName];
  ctx.acc.checks[name] = check;
  d.checkJobName = name;
}

function formComplete(card: ReportCard | undefined, d: DestinationRecord): boolean {
  return (card?.steps?.[0]?.properties ?? []).every((p) => !p.is_required || p.system_provided || p.name in d.properties || d.credentials.includes(p.name));
}

const hasInvalidCredential = (incoming: Record<string, unknown>, card: ReportCard | undefined) =>
  (card?.steps ?? []).flatMap((s) => s.properties).some((p) => p.is_credential && typeof incoming[p.name] === 'string' && /invalid/i.test(incoming[p.name] as string));

function createDestination(ctx: Ctx): Reply {
  const body = parseBody(ctx);
  const allowed = new Set(['type', 'name', 'description', 'properties', 'ignore_unmapped_sources']);
  if (!body.ok || !isPlainObject(body.value)) return bareString(MESSAGES.destPostBody);
  const b = body.value;
  if (
    Object.keys(b).some((k) => !allowed.has(k)) || typeof b.type !== 'string' || !isPlainObject(b.properties) ||
    (b.name !== undefined && typeof b.name !== 'string') || (b.description !== undefined && b.description !== null && typeof b.description !== 'string') ||
    (b.ignore_unmapped_sources !== undefined && typeof b.ignore_unmapped_sources !== 'boolean')
  ) return bareString(MESSAGES.destPostBody);
  const card = destinationCard(ctx, b.type);
  if (!card) return bareString(`invalid destination type (${b.type})`); // [I]
  if (activeDestinations(ctx).length >= ctx.world.state.settings.maxDestinations) return bareString(MESSAGES.destLimit);
  const now = isoSeconds(ctx.nowMs);
  const d: DestinationRecord = {
    id: ++ctx.world.state.counters.destination,
    type: b.type,
    name: (b.name as string | undefined) ?? b.type,
    description: (b.description as string | null | undefined) ?? null,
    properties: {},
    credentials: [],
    ignoreUnmappedSources: b.ignore_unmapped_sources === true,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    checkJobName: null,
  };
  const bad = mergeDestinationProperties(card, d, b.properties);
  if (bad.length > 0) {
    ctx.world.state.counters.destination -= 1;
    return bareString(`invalid properties: [${bad.join(' ')}]`); // [I]
  }
  // Server-added values seen in the docs' example response.
  if (card.steps?.[0]?.properties.some((p) => p.name === 'encryption_type') && !('encryption_type' in d.properties)) d.properties.encryption_type = 'none';
  d.properties.status = '1';
  ctx.acc.destinations.push(d);
  // A complete form starts the connection check at once; replication waits for it to pass.
  if (formComplete(card, d)) startDestinationCheck(ctx, d, hasInvalidCredential(b.properties, card));
  ctx.world.dirty();
  return json(destinationView(ctx, d));
}

function updateDestination(ctx: Ctx): Reply {
  const d = findDestination(ctx, ctx.params.destination_id);
  if (!d) return bareString(MESSAGES.destBadId);
  const body = parseBody(ctx);
  if (!body.ok || !isPlainObject(body.value)) return bareString(MESSAGES.destPostBody);
  const b = body.value;
  if (b.type !== undefined && b.type !== d.type) return bareString(MESSAGES.destTypeChange);
  const card = destinationCard(ctx, d.type);
  const incoming = isPlainObject(b.properties) ? b.properties : {};
  const draft = structuredClone(d);
  const bad = mergeDestinationProperties(card, draft, incoming);
  if (bad.length > 0) return bareString(`invalid properties: [${bad.join(' ')}]`); // [I]
  Object.assign(d, { properties: draft.properties, credentials: draft.credentials });
  if (typeof b.name === 'string') d.name = b.name;
  if (typeof b.description === 'string' || b.description === null) d.description = b.description as string | null;
  d.updatedAt = isoSeconds(ctx.nowMs);
  startDestinationCheck(ctx, d, hasInvalidCredential(incoming, card)); // saving starts a check, as the example shows
  ctx.world.dirty();
  return json(destinationView(ctx, d));
}

function deleteDestination(ctx: Ctx): Reply {
  const raw = ctx.params.destination_id!;
  if (!/^\d+$/.test(raw)) return bareString(`Not found: ${ctx.url.pathname}`, 404);
  const d = findDestination(ctx, raw);
  if (!d) return bareString(MESSAGES.destDelete(raw, ctx.clientId));
  d.deletedAt = isoSeconds(ctx.nowMs);
  d.updatedAt = d.deletedAt;
  ctx.world.dirty();
  return json({});
}

function listDestinations(ctx: Ctx): Reply {
  const keys = [...ctx.url.searchParams.keys()];
  if (keys.some((k) => k !== 'source_id' && k !== 'destination_id')) return bareString(MESSAGES.destGetParams);
  let list = activeDestinations(ctx);
  const destId = ctx.url.searchParams.get('destination_id');
  if (destId !== null) list = list.filter((d) => String(d.id) === destId);
  const sourceId = ctx.url.searchParams.get('source_id');
  if (sourceId !== null) {
    const source = findSource(ctx, sourceId);
    // A source without an explicit destination goes to every destination that takes unmapped sources.
    list = !source ? [] : source.destinationId !== null ? list.filter((d) => d.id === source.destinationId) : list.filter((d) => !d.ignoreUnmappedSources);
  }
  return json(list.map((d) => destinationView(ctx, d)));
}

function tokenRoutes(router: Router): void {
  router
    .add('POST', '/v4/sources/{source_id}/tokens', (ctx) => {
      const source = findSource(ctx, ctx.params.source_id);
      if (!source || source.deletedAt) return sourceError('InvalidId', `source not found (${ctx.params.source_id})`);
      if (source.type !== 'import_api') return sourceError('InvalidType', `Import API access tokens can only be generated for import_api sources (${source.type})`); // [I]
      const active = ctx.acc.importTokens.filter((t) => t.sourceId === source.id && !t.revoked);
      if (active.length >= 2) return sourceError('AccessDenied', 'a source can have at most 2 active Import API access tokens'); // [I]
      const id = ++ctx.world.state.counters.token;
      ctx.acc.importTokens.push({ id, sourceId: source.id, revoked: false });
      ctx.world.dirty();
      return json({ id, access_token: hex(random(ctx.world), 64) }); // shown once, never stored
    })
    .add('GET', '/v4/sources/{source_id}/tokens', (ctx) => {
      const source = findSource(ctx, ctx.params.source_id);
      if (!source) return sourceError('InvalidId', `source not found (${ctx.params.source_id})`);
      return json(ctx.acc.importTokens.filter((t) => t.sourceId === source.id && !t.revoked).map((t) => t.id));
    })
    .add('DELETE', '/v4/sources/{source_id}/tokens/{token_id}', (ctx) => {
      const source = findSource(ctx, ctx.params.source_id);
      if (!source) return sourceError('InvalidId', `source not found (${ctx.params.source_id})`);
      const token = ctx.acc.importTokens.find((t) => t.sourceId === source.id && String(t.id) === ctx.params.token_id && !t.revoked);
      if (!token) return sourceError('InvalidId', `token not found (${ctx.params.token_id})`); // [I]
      token.revoked = true;
      source.updatedAt = isoSeconds(ctx.nowMs);
      ctx.world.dirty();
      return json(sourceView(ctx.world, source));
    });
}

export function registerDestinationRoutes(router: Router): void {
  router
    .add('GET', '/v4/destination-types', (ctx) => json(ctx.world.destinationTypes))
    .add('GET', '/v4/destination-types/{destination_type}', (ctx) => {
      const card = destinationCard(ctx, ctx.params.destination_type!);
      return card ? json(card) : bareString(`invalid destination type (${ctx.params.destination_type})`, 404); // [I]
    })
    .add('POST', '/v4/destinations', createDestination)
    .add('GET', '/v4/destinations', listDestinations)
    .add('GET', '/v4/destinations/{destination_id}', (ctx) => {
      const d = findDestination(ctx, ctx.params.destination_id);
      return d ? json(destinationView(ctx, d)) : bareString(MESSAGES.destBadId, 404); // undocumented route [I]
    })
    .add('PUT', '/v4/destinations/{destination_id}', updateDestination)
    .add('DELETE', '/v4/destinations/{destination_id}', deleteDestination)
    .add('GET', '/v4/destinations/{destination_id}/last-connection-check', (ctx) => {
      const d = findDestination(ctx, ctx.params.destination_id);
      const check = d?.checkJobName ? ctx.acc.checks[d.checkJobName] : undefined;
      if (!check) return bareString(d ? `no connection check has run for destination (${d.id})` : MESSAGES.destBadId, 404); // [I]
      return json(checkView(check, ctx.nowMs));
    });
  tokenRoutes(router);
}
