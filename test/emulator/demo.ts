/** Seeded data: the --demo account (a first look that is alive) and bulk sources for pagination and benchmarks. */
import { isoMillis, isoSeconds } from './clock';
import { finishSeededJob, markConfigured, startCheck, startSync } from './jobs';
import { fillSystemProperties, mergeProperties, sourceCatalogue, typeCard } from './lifecycle';
import { newSourceRecord, type AccountState, type SourceRecord } from './state';
import type { World } from './world';

const HOUR = 3_600_000;

function makeSource(world: World, acc: AccountState, type: string, displayName: string, name: string, properties: Record<string, unknown>, atMs: number): SourceRecord {
  const at = isoSeconds(atMs);
  const source = newSourceRecord({ id: ++world.state.counters.source, clientId: acc.clientId, type, name, displayName, at });
  const card = typeCard(world, type);
  const merged = mergeProperties(source, card, properties, true);
  if (merged.bad.length > 0) throw new Error(`seed properties rejected for ${type}: ${merged.bad.join(', ')}`);
  fillSystemProperties(world, source, card, atMs, true);
  acc.sources.push(source);
  return source;
}

/** Discovery done and the first `streams` streams selected with their default fields. */
function configure(world: World, acc: AccountState, source: SourceRecord, atMs: number, streams: number): void {
  const check = startCheck(world, acc, source, atMs);
  check.endMs = atMs + 2000;
  check.applied = true;
  source.discovered = true;
  const cat = sourceCatalogue(world, source);
  source.streamIdBase = world.state.counters.stream + 1;
  world.state.counters.stream += cat.count;
  for (let i = 0; i < Math.min(streams, cat.count); i++) {
    source.selection[cat.at(i).tap_stream_id] = { stream: { selected: true }, fields: {} };
  }
  markConfigured(source, atMs + 5000);
}

function pastSync(world: World, acc: AccountState, source: SourceRecord, startMs: number, failure?: { phase: 'discovery' | 'tap' | 'target'; exitStatus: number; description: string }): void {
  const result = startSync(world, acc, source, startMs);
  if (!result.ok) throw new Error(`seed sync refused: ${result.message}`);
  if (failure) result.job.failure = failure;
  finishSeededJob(world, acc, source, result.job);
}

/** A warehouse whose connection check passed long ago: replication can load (reference §4.12). */
export function seedWorkingDestination(world: World, acc: AccountState, atMs: number): void {
  const id = ++world.state.counters.destination;
  // A fixed job name: the seeded world's random sequence stays what it was before destinations were seeded.
  const checkJobName = `${acc.clientId}.${id}.check.5eed0000-0000-11ee-8000-${String(id).padStart(12, '0')}`;
  acc.checks[checkJobName] = { name: checkJobName, sourceId: 0, startMs: atMs, endMs: atMs + 4000, failure: null, applied: true };
  acc.destinations.push({
    id, type: 'postgres', name: 'Warehouse', description: 'Emulated Postgres warehouse',
    properties: { database: 'warehouse', encryption_type: 'none', host: 'warehouse.example.com', port: '5432', ssl: 'true', status: '1', username: 'stitch' },
    credentials: ['password'], ignoreUnmappedSources: false, createdAt: isoSeconds(atMs), updatedAt: isoSeconds(atMs), deletedAt: null, checkJobName,
  });
}

export function seedDemo(world: World, acc: AccountState): void {
  const now = world.clock.now();
  // First, as in Stitch: sources replicate only once a destination works.
  seedWorkingDestination(world, acc, now - 40 * 24 * HOUR);
  const recurly = makeSource(world, acc, 'platform.recurly', 'Recurly', 'recurly', {
    start_date: '2024-01-01T00:00:00Z', api_key: 'demo-key', subdomain: 'acme', quota_limit: '80', frequency_in_minutes: '60',
    anchor_time: isoMillis(now - 30 * 24 * HOUR),
  }, now - 30 * 24 * HOUR);
  configure(world, acc, recurly, now - 30 * 24 * HOUR, 4);
  pastSync(world, acc, recurly, now - 3 * HOUR);
  pastSync(world, acc, recurly, now - 1 * HOUR, {
    phase: 'tap',
    exitStatus: 1,
    description: 'Response returned http error code 401\n401 Client Error: Unauthorized for url: https://acme.recurly.com/v2/accounts?per_page=200&sort=updated_at&order=asc',
  });

  makeSource(world, acc, 'platform.hubspot', 'HubSpot', 'hubspot', { frequency_in_minutes: '360' }, now - 2 * 24 * HOUR);

  const pg = makeSource(world, acc, 'platform.postgres', 'Production Postgres', 'production_postgres', {
    host: 'db.internal.example.com', port: '5432', user: 'stitch', password: 'invalid-password', database: 'shop', ssl: 'true',
  }, now - 5 * HOUR);
  const failed = startCheck(world, acc, pg, now - 5 * HOUR);
  failed.endMs = now - 5 * HOUR + 4000;

  const shop = makeSource(world, acc, 'platform.shopify', 'Shopify Store', 'shopify_store', {
    shop: 'acme-store', start_date: '2023-06-01T00:00:00Z', api_key: 'demo-key', frequency_in_minutes: '1440',
  }, now - 10 * 24 * HOUR);
  configure(world, acc, shop, now - 10 * 24 * HOUR, 3);
  pastSync(world, acc, shop, now - 26 * HOUR);
  shop.pausedAt = isoSeconds(now - 20 * HOUR);
  // Configured two hours ago and never synced: its row says so, with its first scheduled run.
  const site = makeSource(world, acc, 'platform.github', 'Website Repo', 'website_repo', {
    access_token: 'demo-token', repository: 'acme/website', start_date: '2024-01-01T00:00:00Z', frequency_in_minutes: '360',
  }, now - 2 * HOUR);
  configure(world, acc, site, now - 2 * HOUR, 2);
  // History is seeded by hand: the scheduler starts from now, not from the back-dated configuration.
  for (const s of [recurly, shop, site]) markConfigured(s, now);

  world.dirty();
}

export function seedConfiguredSources(world: World, acc: AccountState, count: number): number[] {
  const now = world.clock.now();
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = acc.sources.length + 1;
    const source = makeSource(world, acc, 'platform.github', `Bulk GitHub ${n}`, `bulk_github_${n}`, {
      access_token: 'seeded', repository: `acme/repo-${n}`, start_date: '2024-01-01T00:00:00Z',
    }, now - 2 * HOUR);
    configure(world, acc, source, now - 2 * HOUR, 2);
    pastSync(world, acc, source, now - HOUR);
    markConfigured(source, now);
    ids.push(source.id);
  }
  world.dirty();
  return ids;
}
