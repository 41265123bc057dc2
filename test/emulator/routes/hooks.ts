/**
 * Post-load notification hooks (reference §4.15, §5.14): list, create, enable/disable, delete, with
 * the documented error bodies. Routes live under /notifications/public/v1/api with the same bearer.
 */
import { isoSeconds } from '../clock';
import { json, type Reply } from '../errors';
import { isPlainObject, parseBody, type Ctx, type Router } from '../router';
import type { HookRecord } from '../state';

const PREFIX = '/notifications/public/v1/api';
export const HOOK_LIMIT = 10;

export const HOOK_ERRORS = {
  noAccess: { error: { message: 'Client does not have access to hooks.' } },
  limit: { error: { message: `You have exceeded the limit of ${HOOK_LIMIT} hooks.` } },
  postBody: { data: { message: 'Invalid POST body' }, error: 'InvalidBody' },
  putBody: { data: { message: "PUT body must only contain boolean 'enable' key" }, error: 'InvalidBody' },
  deleteNotFound: { error: 'NotFound' },
  notFound: { status: 'NOT FOUND' },
};

function hooksOf(ctx: Ctx): HookRecord[] {
  return (ctx.acc.hooks ??= []);
}

/** The object doc puts destination_id in config; the create example puts it at the top level [C-doc-bug]. */
function hookView(ctx: Ctx, h: HookRecord, topLevelDestination = false): Record<string, unknown> {
  const config: Record<string, unknown> = { url: h.url };
  if (h.destinationId !== null && !topLevelDestination) config.destination_id = h.destinationId;
  return {
    id: h.id,
    client_id: ctx.clientId,
    type: 'post_load',
    version: 1,
    ...(topLevelDestination && h.destinationId !== null ? { destination_id: h.destinationId } : {}),
    config,
    created_at: h.createdAt,
    modified_at: h.modifiedAt,
    disabled_at: h.disabledAt,
  };
}

/** Stitch posts to the URL after each load: an absolute http(s) URL [I: the docs don't say which they accept]. */
function isHookUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function createHook(ctx: Ctx): Reply {
  const body = parseBody(ctx);
  const b = body.ok && isPlainObject(body.value) ? body.value : undefined;
  const allowed = new Set(['type', 'destination_id', 'config']);
  if (!b || Object.keys(b).some((k) => !allowed.has(k)) || b.type !== 'post_load' || !isPlainObject(b.config) || !isHookUrl(b.config.url) ||
    (b.destination_id !== undefined && b.destination_id !== null && !(Number.isSafeInteger(b.destination_id) && ctx.acc.destinations.some((d) => d.id === b.destination_id && !d.deletedAt)))) {
    return json(HOOK_ERRORS.postBody, 400);
  }
  const hooks = hooksOf(ctx);
  if (hooks.length >= HOOK_LIMIT) return json(HOOK_ERRORS.limit, 400);
  const now = isoSeconds(ctx.nowMs);
  const counters = ctx.world.state.counters;
  counters.hook = (counters.hook ?? 7) + 1;
  const hook: HookRecord = { id: counters.hook, destinationId: (b.destination_id as number | undefined) ?? null, url: b.config.url as string, createdAt: now, modifiedAt: now, disabledAt: null };
  hooks.push(hook);
  ctx.world.dirty();
  return json(hookView(ctx, hook, true));
}

function updateHook(ctx: Ctx): Reply {
  const body = parseBody(ctx);
  const b = body.ok && isPlainObject(body.value) ? body.value : undefined;
  if (!b || Object.keys(b).length !== 1 || typeof b.enable !== 'boolean') return json(HOOK_ERRORS.putBody, 400);
  const hook = hooksOf(ctx).find((h) => String(h.id) === ctx.params.id);
  if (!hook) return json(HOOK_ERRORS.notFound, 404); // [I] the custom-email routes' documented 404
  const now = isoSeconds(ctx.nowMs);
  hook.disabledAt = b.enable ? null : now;
  hook.modifiedAt = now;
  ctx.world.dirty();
  return json(hookView(ctx, hook));
}

function deleteHook(ctx: Ctx): Reply {
  const hooks = hooksOf(ctx);
  const i = hooks.findIndex((h) => String(h.id) === ctx.params.id);
  if (i < 0) return json(HOOK_ERRORS.deleteNotFound, 400);
  hooks.splice(i, 1);
  ctx.world.dirty();
  return json(null);
}

export function registerHookRoutes(router: Router): void {
  // Every hook route answers the plan denial first.
  const gated = (handler: (ctx: Ctx) => Reply) => (ctx: Ctx): Reply =>
    ctx.world.state.settings.hooksAllowed === false ? json(HOOK_ERRORS.noAccess, 400) : handler(ctx);
  router
    .add('GET', `${PREFIX}/hooks`, gated((ctx) => json({ post_load: hooksOf(ctx).map((h) => hookView(ctx, h)) })))
    .add('POST', `${PREFIX}/hooks`, gated(createHook))
    .add('PUT', `${PREFIX}/hooks/{id}`, gated(updateHook))
    .add('DELETE', `${PREFIX}/hooks/{id}`, gated(deleteHook));
}
