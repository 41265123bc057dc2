/** /v4/source-types and /v4/sources: create, list, get, update (merge), pause, delete, last check. */
import type { ReportCard } from '../catalogue/types';
import { isoSeconds } from '../clock';
import { json, MESSAGES, sourceError, type Reply } from '../errors';
import { checkView, markConfigured, startCheck, stopSync } from '../jobs';
import {
  fillSystemProperties,
  isFullyConfigured,
  mergeProperties,
  readyForCheck,
  SCHEDULE_PROPERTIES,
  sourceView,
  typeCard,
} from '../lifecycle';
import { deriveName, isValidName, NAME_RULE_MESSAGE } from '../names';
import { isPlainObject, parseBody, type Ctx, type Router } from '../router';
import { cronProblem } from '../schedule';
import { newSourceRecord, type SourceRecord } from '../state';

export function findSource(ctx: Ctx, raw: string | undefined): SourceRecord | undefined {
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  return ctx.acc.sources.find((s) => s.id === id);
}

const invalidId = (raw: string) => sourceError('InvalidId', `source not found (${raw})`);

/** The cron rules shared by POST and PUT (reference §4.2): entitlement, then Stitch's own check. */
function cronReply(ctx: Ctx, properties: Record<string, unknown>): Reply | undefined {
  const cron = properties.cron_expression;
  if (typeof cron !== 'string') return undefined;
  if (!ctx.world.state.settings.cronAllowed) return sourceError('AccessDenied', MESSAGES.cronDenied);
  const problem = cronProblem(cron);
  if (!problem) return undefined;
  return sourceError('InvalidCronExpression', problem.kind === 'both-days' ? MESSAGES.cronBothDays(cron) : MESSAGES.cronInvalid(cron, problem.message));
}

function invalidProperties(bad: string[], card: ReportCard | undefined, view?: Record<string, unknown>): Reply {
  return sourceError('InvalidProperties', MESSAGES.propertiesSchema, { bad_properties: bad, report_card: view?.report_card ?? card ?? null });
}

function maybeCheck(ctx: Ctx, source: SourceRecord, changed: string[], creating: boolean): void {
  const card = typeCard(ctx.world, source.type);
  if (!readyForCheck(ctx.world, source, card)) return;
  const connectionChange = changed.some((n) => !SCHEDULE_PROPERTIES.has(n));
  if (creating || !source.checkJobName || connectionChange) startCheck(ctx.world, ctx.acc, source, ctx.nowMs);
}

function createSource(ctx: Ctx): Reply {
  const body = parseBody(ctx);
  const allowed = new Set(['type', 'display_name', 'properties', 'destination_id', 'name']);
  if (!body.ok || !isPlainObject(body.value)) return sourceError('InvalidBody', MESSAGES.sourceBody);
  const b = body.value;
  const badShape =
    Object.keys(b).some((k) => !allowed.has(k)) ||
    typeof b.type !== 'string' || b.type === '' ||
    typeof b.display_name !== 'string' || b.display_name === '' ||
    (b.properties !== undefined && !isPlainObject(b.properties)) ||
    (b.destination_id !== undefined && b.destination_id !== null && !Number.isInteger(b.destination_id)) ||
    (b.name !== undefined && typeof b.name !== 'string');
  if (badShape) return sourceError('InvalidBody', MESSAGES.sourceBody);
  const type = b.type as string;
  const displayName = b.display_name as string;
  const card = typeCard(ctx.world, type);
  if (!card) return sourceError('InvalidType', `invalid source type (${type})`);
  if ((card.details?.access === false && ctx.world.state.settings.enforceAccess) || !card.steps) return sourceError('AccessDenied', `you do not have access to source type (${type})`);

  const taken = ctx.acc.sources; // deleted sources keep their names for good
  let name: string;
  if (typeof b.name === 'string') {
    name = b.name;
    if (!isValidName(name)) return sourceError('InvalidName', NAME_RULE_MESSAGE);
    if (taken.some((s) => s.name === name)) return sourceError('InvalidName', `non-unique name (${name})`);
  } else {
    name = deriveName(displayName);
    if (name === '' || !/^[a-z_]/.test(name)) {
      return sourceError('InvalidDisplayName', `invalid name after deriving it from display_name (${displayName} -> ${name})`);
    }
    if (!isValidName(name)) return sourceError('InvalidName', NAME_RULE_MESSAGE);
    if (taken.some((s) => s.displayName === displayName)) return sourceError('InvalidName', `non-unique name (${displayName})`);
    if (taken.some((s) => s.name === name)) {
      return sourceError('InvalidName', `non-unique name after deriving it from display_name (${displayName} -> ${name})`);
    }
  }

  const now = isoSeconds(ctx.nowMs);
  const source = newSourceRecord({
    id: ++ctx.world.state.counters.source, clientId: ctx.clientId, type, name, displayName, at: now,
    destinationId: typeof b.destination_id === 'number' ? b.destination_id : null,
  });
  const incoming = (b.properties as Record<string, unknown> | undefined) ?? {};
  const merged = mergeProperties(source, card, incoming, true);
  if (merged.bad.length > 0) {
    ctx.world.state.counters.source -= 1;
    return invalidProperties(merged.bad, card);
  }
  const cron = cronReply(ctx, incoming);
  if (cron) {
    ctx.world.state.counters.source -= 1;
    return cron;
  }
  fillSystemProperties(ctx.world, source, card, ctx.nowMs, true);
  ctx.acc.sources.push(source);
  maybeCheck(ctx, source, merged.changed, true);
  if (isFullyConfigured(ctx.world, source)) markConfigured(source, ctx.nowMs);
  ctx.world.dirty();
  return json(sourceView(ctx.world, source));
}

function updateSource(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source || source.deletedAt) return invalidId(ctx.params.source_id!);
  const body = parseBody(ctx);
  const allowed = new Set(['display_name', 'properties', 'paused_at', 'destination_id']);
  if (!body.ok || !isPlainObject(body.value) || Object.keys(body.value).some((k) => !allowed.has(k))) {
    return sourceError('InvalidBody', MESSAGES.sourcePutBody);
  }
  const b = body.value;
  if (b.properties !== undefined && !isPlainObject(b.properties)) return sourceError('InvalidBody', MESSAGES.sourcePutBody);
  if (b.paused_at !== undefined && b.paused_at !== null && (typeof b.paused_at !== 'string' || Number.isNaN(Date.parse(b.paused_at)))) {
    return sourceError('InvalidBody', MESSAGES.sourcePutBody);
  }
  if (b.display_name !== undefined && (typeof b.display_name !== 'string' || b.display_name.trim() === '' || deriveName(b.display_name) === '')) {
    return sourceError('InvalidDisplayName', `invalid display_name (${String(b.display_name)})`);
  }
  const card = typeCard(ctx.world, source.type);
  // Validate on a copy so a rejected PUT changes nothing.
  const draft: SourceRecord = structuredClone(source);
  const incoming = (b.properties as Record<string, unknown> | undefined) ?? {};
  const merged = mergeProperties(draft, card, incoming, false);
  if (merged.bad.length > 0) return invalidProperties(merged.bad, card, sourceView(ctx.world, source));
  const cron = cronReply(ctx, incoming);
  if (cron) return cron;

  const wasConfigured = isFullyConfigured(ctx.world, source);
  const wasPaused = source.pausedAt !== null;
  Object.assign(source, { properties: draft.properties, credentials: draft.credentials });
  if (typeof b.display_name === 'string') source.displayName = b.display_name; // name never changes
  if (b.paused_at !== undefined) source.pausedAt = b.paused_at as string | null;
  if (b.destination_id !== undefined) source.destinationId = typeof b.destination_id === 'number' ? b.destination_id : null;
  fillSystemProperties(ctx.world, source, card, ctx.nowMs, false);
  source.updatedAt = isoSeconds(ctx.nowMs);
  maybeCheck(ctx, source, merged.changed, false);
  const configured = isFullyConfigured(ctx.world, source);
  if ((configured && !wasConfigured) || (wasPaused && source.pausedAt === null && configured) || incoming.cron_expression !== undefined || incoming.anchor_time !== undefined || incoming.frequency_in_minutes !== undefined) {
    markConfigured(source, ctx.nowMs); // schedule starts afresh: no backlog of missed runs
  }
  ctx.world.dirty();
  return json(sourceView(ctx.world, source));
}

function deleteSource(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return invalidId(ctx.params.source_id!);
  if (!source.deletedAt) {
    stopSync(ctx.world, ctx.acc, source, ctx.nowMs);
    source.deletedAt = isoSeconds(ctx.nowMs);
    source.updatedAt = source.deletedAt;
    for (const t of ctx.acc.importTokens) if (t.sourceId === source.id) t.revoked = true;
    ctx.world.dirty();
  }
  return json(sourceView(ctx.world, source));
}

function getSource(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return sourceError('NotFound', `source not found (${ctx.params.source_id})`, {}, 404);
  return json(sourceView(ctx.world, source));
}

function lastCheck(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return sourceError('NotFound', `source not found (${ctx.params.source_id})`, {}, 404);
  const check = source.checkJobName ? ctx.acc.checks[source.checkJobName] : undefined;
  if (!check) return sourceError('NotFound', `no connection check has run for source (${source.id})`, {}, 404);
  return json(checkView(check, ctx.nowMs));
}

export function registerSourceRoutes(router: Router): void {
  router
    .add('GET', '/v4/source-types', (ctx) => ({ status: 200, body: ctx.world.sourceTypes.listText, raw: true, headers: { 'Content-Type': 'application/json' } }))
    .add('GET', '/v4/source-types/{source_type}', (ctx) => {
      const card = ctx.world.sourceTypes.get(ctx.params.source_type!);
      return card ? json(card) : sourceError('InvalidType', `invalid source type (${ctx.params.source_type})`, {}, 404);
    })
    .add('POST', '/v4/sources', createSource)
    .add('GET', '/v4/sources', (ctx) => json([...ctx.acc.sources].sort((a, b) => a.id - b.id).map((s) => sourceView(ctx.world, s))))
    .add('GET', '/v4/sources/{source_id}', getSource)
    .add('PUT', '/v4/sources/{source_id}', updateSource)
    .add('DELETE', '/v4/sources/{source_id}', deleteSource)
    .add('GET', '/v4/sources/{source_id}/last-connection-check', lastCheck);
}
