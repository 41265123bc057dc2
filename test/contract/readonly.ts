/**
 * The read-only steps: every call the extension makes that changes nothing, once each, plus three
 * deliberate errors (ids and a type that cannot exist) to see the error bodies. The jobs endpoints
 * (extractions, logs, loads) cost three of the 30 requests Stitch allows per 10 minutes.
 */
import { parseStreamSchema, type Source, type SourceReportCard } from '../../src/api';
import * as F from './fields';
import type { Run } from './run';

/** Ids and a type no account has: the error probes use them, and the scrubber leaves them alone. */
export const PROBE_SOURCE_ID = 2147483646;
export const PROBE_STREAM_ID = 1;
export const PROBE_SOURCE_TYPE = 'platform.contract-test-no-such-type';
/** The report cards fetched one by one: the docs' own token test first, then the account's types. */
const CARD_LIMIT = 3;

export interface ReadOnlyFacts {
  clientId?: number;
  sources: Source[];
  sourceTypes: SourceReportCard[];
}

export async function readOnlySteps(run: Run): Promise<ReadOnlyFacts> {
  const { client } = run;
  const sourceTypes = (await run.call('source types', 'GET /v4/source-types', () => client.listSourceTypes(), { spec: 'array', item: F.reportCard, root: 'source_types' })) ?? [];
  const sources = (await run.call('sources', 'GET /v4/sources', () => client.listSources(), { spec: 'array', item: F.source, root: 'sources' })) ?? [];
  const clientId = sources.find((s) => typeof s.stitch_client_id === 'number')?.stitch_client_id;

  const cardTypes = [...new Set(['platform.hubspot', ...sources.map((s) => s.type)])].filter((t) => sourceTypes.some((c) => c.type === t)).slice(0, CARD_LIMIT);
  if (cardTypes.length === 0 && sourceTypes[0]) cardTypes.push(sourceTypes[0].type);
  for (const type of cardTypes) {
    await run.call(`report card ${type}`, 'GET /v4/source-types/{type}', () => client.getSourceType(type), { spec: F.reportCard, root: 'report_card' });
  }

  const live = sources.filter((s) => !s.deleted_at);
  const checked = live.find((s) => s.check_job_name) ?? sources.find((s) => s.check_job_name);
  const one = checked ?? live[0] ?? sources[0];
  if (one) await run.call('one source', 'GET /v4/sources/{id}', () => client.getSource(one.id), { spec: F.source, root: 'source' });
  else run.skip('one source', 'GET /v4/sources/{id}', 'the sources list was empty or unreadable');
  if (checked) {
    await run.call('last connection check', 'GET /v4/sources/{id}/last-connection-check', () => client.getLastConnectionCheck(checked.id), { spec: F.connectionCheck, root: 'connection_check' });
  } else run.skip('last connection check', 'GET /v4/sources/{id}/last-connection-check', 'no source has had a connection check');

  const discovered = live.find((s) => ['field_selection', 'fully_configured'].includes(String(s.report_card?.current_step_type)));
  if (discovered) {
    const streams = await run.call('streams', 'GET /v4/sources/{id}/streams', () => client.listStreams(discovered.id), { spec: 'array', item: F.stream, root: 'streams' });
    const first = streams?.[0];
    if (first) {
      await run.call('stream schema', 'GET /v4/sources/{id}/streams/{stream_id}', async () => {
        const schema = await client.getStreamSchema(discovered.id, first.stream_id);
        parseStreamSchema(schema); // the extension decodes the schema string: it must be a JSON object
        return schema;
      }, { spec: F.streamSchema, root: 'stream_schema' });
    } else run.skip('stream schema', 'GET /v4/sources/{id}/streams/{stream_id}', 'the streams list was empty or unreadable');
    await run.expectError('error: unknown stream', 'GET /v4/sources/{id}/streams/{bad id}', () => client.getStreamSchema(discovered.id, PROBE_STREAM_ID), { family: 'string', status: 400 });
  } else {
    run.skip('streams', 'GET /v4/sources/{id}/streams', 'no source has finished discovery');
  }

  await run.expectError('error: unknown source', 'GET /v4/sources/{bad id}', () => client.getSource(PROBE_SOURCE_ID));
  await run.expectError('error: unknown source type', 'GET /v4/source-types/{bad type}', () => client.getSourceType(PROBE_SOURCE_TYPE));

  if (clientId === undefined) {
    for (const name of ['extractions', 'loads', 'extraction logs']) run.skip(name, 'jobs endpoints', 'no source shows the account id (stitch_client_id) these paths need');
  } else {
    const page = await run.call('extractions', 'GET /v4/{client}/extractions', () => client.listExtractions(clientId), { spec: F.extractionsPage, root: 'extractions_page' });
    await run.call('loads', 'GET /v4/{client}/loads', () => client.listLoads(clientId), { spec: F.loadsPage, root: 'loads_page' });
    const job = page?.data.find((e) => e.completion_time) ?? page?.data[0];
    if (job) {
      await run.call('extraction logs', 'GET /v4/{client}/extractions/{job} (302, then the log host)', async () => {
        const text = await client.getExtractionLogs(clientId, job.job_name);
        return text.length;
      });
    } else run.skip('extraction logs', 'GET /v4/{client}/extractions/{job}', 'no extraction in the last 60 days');
  }

  await run.call('destinations', 'GET /v4/destinations', () => client.listDestinations(), { spec: 'array', item: F.destination, root: 'destinations' });
  await run.call('destination types', 'GET /v4/destination-types', () => client.listDestinationTypes(), { spec: 'array', item: F.reportCard, root: 'destination_types' });
  return { clientId, sources, sourceTypes };
}
