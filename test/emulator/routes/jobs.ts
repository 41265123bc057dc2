/** Sync start/stop, extractions (paginated), the logs redirect, and loads (reference §4.9–§4.11). */
import { hex } from '../rng';
import { jobError, json, MESSAGES, unauthorized, type Reply } from '../errors';
import { extractionView, latestExtractions, loadViews, startSync, stopSync } from '../jobs';
import type { Ctx, Router } from '../router';
import { random } from '../world';
import { findSource } from './sources';

export const PAGE_SIZE = 100;
const LOG_LINK_TTL_MS = 15 * 60_000;

/** {data, page, total, links} with relative links; `links` is {} when everything fits on one page. */
export function paginate(ctx: Ctx, items: unknown[], resource: string): Reply {
  const raw = ctx.url.searchParams.get('page');
  const page = raw !== null && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1;
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const links: Record<string, string> = {};
  const base = `/v4/${ctx.clientId}/${resource}`;
  if (page < pages) links.next = `${base}?page=${page + 1}`;
  if (page > 1) links.previous = `${base}?page=${Math.min(page - 1, pages)}`;
  return json({ data: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, total: items.length, links });
}

/** The {stitch_client_id} in the path must be the token's own account: otherwise 401, as documented. */
function ownClient(ctx: Ctx): boolean {
  return ctx.params.stitch_client_id === String(ctx.clientId);
}

function startJob(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return jobError('invalid_source', MESSAGES.unableToLocate(ctx.params.source_id!, ctx.clientId));
  const result = startSync(ctx.world, ctx.acc, source, ctx.nowMs);
  if (result.ok) return json({ job_name: result.job.jobName });
  return jobError(result.type, result.message, result.status); // already_running comes back as HTTP 200
}

function stopJob(ctx: Ctx): Reply {
  const source = findSource(ctx, ctx.params.source_id);
  if (!source) return jobError('invalid_source', MESSAGES.unableToLocate(ctx.params.source_id!, ctx.clientId));
  stopSync(ctx.world, ctx.acc, source, ctx.nowMs); // nothing running is not an error [I]
  return json({ status: 200 });
}

function logsRedirect(ctx: Ctx): Reply {
  if (!ownClient(ctx)) return unauthorized();
  const jobName = ctx.params.job_name!;
  const job = ctx.acc.jobs.find((j) => j.jobName === jobName);
  if (!job) return jobError('not_found', `Unable to locate job (${jobName}) for client (${ctx.clientId})`, 404); // [I] body
  const signature = hex(random(ctx.world), 40);
  ctx.world.logLinks.set(signature, { jobName, clientId: ctx.clientId, expiresMs: ctx.nowMs + LOG_LINK_TTL_MS });
  const location = `${ctx.world.logHostUrl}/${encodeURIComponent(jobName)}?X-Amz-Expires=900&x-amz-security-token=${signature}`;
  return {
    status: 302,
    raw: true,
    body: '',
    headers: {
      Location: location,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': 'Authorization, X-Requested-With, Content-Type, Accept, X-Stitch-Csrf-Token',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
      'Access-Control-Max-Age': '604800',
    },
  };
}

export function registerJobRoutes(router: Router): void {
  router
    .add('POST', '/v4/sources/{source_id}/sync', startJob)
    .add('DELETE', '/v4/sources/{source_id}/sync', stopJob)
    .add('GET', '/v4/{stitch_client_id}/extractions', (ctx) =>
      ownClient(ctx) ? paginate(ctx, latestExtractions(ctx.acc, ctx.nowMs).map((j) => extractionView(ctx.acc, j)), 'extractions') : unauthorized(),
    )
    .add('GET', '/v4/{stitch_client_id}/extractions/{job_name}', logsRedirect)
    .add('GET', '/v4/{stitch_client_id}/loads', (ctx) => (ownClient(ctx) ? paginate(ctx, loadViews(ctx.acc, ctx.nowMs), 'loads') : unauthorized()));
}
