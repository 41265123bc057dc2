/**
 * The write steps (only with --allow-writes and the account id typed again): one throw-away source of
 * a simple type with an obviously fake credential, its check watched until it fails, then rename,
 * pause and delete. Whatever it created is deleted in `finally`, even when a step failed; what could
 * not be deleted is listed in the report.
 */
import { StitchApiError, type Source, type SourceReportCard } from '../../src/api';
import * as F from './fields';
import { PROBE_SOURCE_ID } from './readonly';
import type { Run } from './run';

/** Simple types, in order of preference, with values that pass their form's schema. */
export const THROWAWAY_TYPES: { type: string; properties: (credential: string) => Record<string, string> }[] = [
  { type: 'platform.recurly', properties: (c) => ({ api_key: c, subdomain: 'contract-test-invalid', quota_limit: '10', start_date: '2024-01-01T00:00:00Z' }) },
  { type: 'platform.chargebee', properties: (c) => ({ api_key: c, site: 'contract-test-invalid', start_date: '2024-01-01T00:00:00Z' }) },
  { type: 'platform.github', properties: (c) => ({ access_token: c, repository: 'contract-test/invalid', start_date: '2024-01-01T00:00:00Z' }) },
];

export interface WriteOptions {
  /** Fake credential; it says "invalid" so nobody mistakes it, and so the check fails. */
  credential: string;
  displayName: string;
  pollMs: number;
  checkTimeoutMs: number;
}

export interface Cleanup {
  created: { id: number; type: string }[];
  deleted: number[];
  leftBehind: { id: number; why: string }[];
}

export async function writeSteps(run: Run, sourceTypes: SourceReportCard[], known: Source[], opts: WriteOptions, cleanup: Cleanup): Promise<void> {
  const { client } = run;
  const choice = THROWAWAY_TYPES.find((t) => sourceTypes.some((c) => c.type === t.type && c.details?.access !== false));
  if (!choice) return run.skip('create throw-away source', 'POST /v4/sources', `none of ${THROWAWAY_TYPES.map((t) => t.type).join(', ')} is available to this account`);

  // The made-up id must not be one of this account's sources: a PUT there would really rename it.
  if (known.some((s) => s.id === PROBE_SOURCE_ID)) return run.skip('writes', 'PUT /v4/sources/{bad id}', `the account really has a source ${PROBE_SOURCE_ID}: no write was made`);
  await run.expectError('error: update unknown source', 'PUT /v4/sources/{bad id}', () => client.updateSource(PROBE_SOURCE_ID, { display_name: opts.displayName }), { family: 'error_code', status: 400, code: 'InvalidId' });

  let source: Source | undefined;
  try {
    source = await run.call('create throw-away source', `POST /v4/sources (${choice.type})`, async () => {
      const created = await client.createSource({ type: choice.type, display_name: opts.displayName, properties: choice.properties(opts.credential) });
      cleanup.created.push({ id: created.id, type: created.type });
      return created;
    }, { spec: F.source, root: 'source' });
    if (!source) return;
    if (source.properties && Object.values(source.properties).includes(opts.credential)) {
      run.add({ severity: 'break', step: 'create throw-away source', kind: 'credential_echoed', detail: 'the create answer echoed the credential value' });
    }

    const id = source.id;
    await run.call('watch the check fail', 'GET /v4/sources/{id}/last-connection-check (polled)', async () => {
      const deadline = Date.now() + opts.checkTimeoutMs;
      for (;;) {
        try {
          const check = await client.getLastConnectionCheck(id);
          if (check.status !== 'running') {
            if (check.status !== 'failed') {
              run.add({ severity: 'difference', step: 'watch the check fail', kind: 'check_status', detail: `the check of a fake credential ended "${check.status}", not "failed"` });
            }
            return check;
          }
        } catch (error) {
          if (!StitchApiError.is(error, 'not_found')) throw error; // no check yet: keep waiting
        }
        if (Date.now() > deadline) {
          run.add({ severity: 'difference', step: 'watch the check fail', kind: 'check_timeout', detail: `the check had not ended after ${opts.checkTimeoutMs / 1000} s` });
          return undefined;
        }
        await new Promise((r) => setTimeout(r, opts.pollMs));
      }
    }, { spec: F.connectionCheck, root: 'connection_check' });

    // A second sync while one runs would prove already_running, but a source whose check failed
    // cannot sync, and starting a real sync on someone's account is not "safe": never here.
    run.skip('already_running', 'POST /v4/sources/{id}/sync twice', 'not safe: the throw-away source never finishes configuration, and the suite starts no sync');

    const renamed = `${opts.displayName} renamed`;
    const afterRename = await run.call('rename', 'PUT /v4/sources/{id} {display_name}', () => client.updateSource(id, { display_name: renamed }), { spec: F.source, root: 'source' });
    // Compared with the created source, not with what was sent, so a scrubbed capture replays the same.
    if (afterRename && (afterRename.display_name === source.display_name || afterRename.name !== source.name)) {
      run.add({ severity: 'break', step: 'rename', kind: 'behaviour', detail: `expected a new display_name and the same name; got "${afterRename.display_name}" / "${afterRename.name}"` });
    }
    const paused = await run.call('pause', 'PUT /v4/sources/{id} {paused_at}', () => client.pauseSource(id), { spec: F.source, root: 'source' });
    if (paused && !paused.paused_at) run.add({ severity: 'break', step: 'pause', kind: 'behaviour', detail: 'paused_at is still null after a pause' });
    const deleted = await run.call('delete', 'DELETE /v4/sources/{id}', () => client.deleteSource(id), { spec: F.source, root: 'source' });
    if (deleted) {
      cleanup.deleted.push(id);
      if (!deleted.deleted_at) run.add({ severity: 'break', step: 'delete', kind: 'behaviour', detail: 'deleted_at is null after a delete' });
    }
  } finally {
    for (const { id } of cleanup.created.filter((c) => !cleanup.deleted.includes(c.id))) {
      run.recorder.step = 'cleanup';
      try {
        await client.deleteSource(id);
        cleanup.deleted.push(id);
      } catch (error) {
        cleanup.leftBehind.push({ id, why: (error as Error).message });
      }
    }
  }
}
