/**
 * Light runtime checks on the response fields the extension relies on. Why: a malformed answer should
 * fail here, with a clear `malformed_response` error naming the endpoint, not later as
 * "cannot read properties of undefined" deep inside a tree view. These are deliberately shallow:
 * they check the skeleton (an array is an array, an id is a number), not every field.
 */
import { isRecord, StitchApiError } from './errors';
import type {
  ConnectionCheck,
  Destination,
  Extraction,
  JsonSchemaObject,
  Load,
  Page,
  ReportCard,
  Source,
  Stream,
  StreamSchema,
  SyncStarted,
} from './types';

export type Check<T> = (value: unknown) => T;

export interface ShapeContext {
  method: string;
  path: string;
}

/** A failed check throws this; the endpoint layer turns it into a StitchApiError with context. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export function malformed(ctx: ShapeContext, what: string, status = 200): StitchApiError {
  return new StitchApiError({
    kind: 'malformed_response',
    status,
    message: `The Stitch API sent an unexpected response: ${what} (${ctx.method} ${ctx.path})`,
    method: ctx.method,
    path: ctx.path,
  });
}

function fail(what: string): never {
  throw new ShapeError(what);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) fail(`${what} is not an object`);
  return value;
}

function num(obj: Record<string, unknown>, key: string, what: string): void {
  if (typeof obj[key] !== 'number') fail(`${what}.${key} is not a number`);
}

function str(obj: Record<string, unknown>, key: string, what: string): void {
  if (typeof obj[key] !== 'string') fail(`${what}.${key} is not a string`);
}

function arrayOf<T>(item: (v: unknown, what: string) => T, what: string): Check<T[]> {
  return (value) => {
    if (!Array.isArray(value)) fail(`${what} is not an array`);
    value.forEach((v, i) => item(v, `${what}[${i}]`));
    return value as T[];
  };
}

function reportCard(value: unknown, what: string): ReportCard {
  const o = record(value, what);
  str(o, 'type', what);
  if (o.steps !== undefined && !Array.isArray(o.steps)) fail(`${what}.steps is not an array`);
  return o as unknown as ReportCard;
}

function source(value: unknown, what: string): Source {
  const o = record(value, what);
  num(o, 'id', what);
  str(o, 'type', what);
  if (o.properties !== undefined && o.properties !== null && !isRecord(o.properties)) fail(`${what}.properties is not an object`);
  if (o.report_card !== undefined && o.report_card !== null) reportCard(o.report_card, `${what}.report_card`);
  return o as unknown as Source;
}

function destination(value: unknown, what: string): Destination {
  const o = record(value, what);
  num(o, 'id', what);
  str(o, 'type', what);
  return o as unknown as Destination;
}

function stream(value: unknown, what: string): Stream {
  const o = record(value, what);
  num(o, 'stream_id', what);
  str(o, 'tap_stream_id', what);
  return o as unknown as Stream;
}

function extraction(value: unknown, what: string): Extraction {
  const o = record(value, what);
  str(o, 'job_name', what);
  num(o, 'source_id', what);
  return o as unknown as Extraction;
}

function load(value: unknown, what: string): Load {
  const o = record(value, what);
  str(o, 'stream_name', what);
  return o as unknown as Load;
}

function page<T>(item: (v: unknown, what: string) => T, what: string): Check<Page<T>> {
  return (value) => {
    const o = record(value, what);
    arrayOf(item, `${what}.data`)(o.data);
    // page/total/links are tolerated when missing (one page, no links) but must be sane when present.
    if (o.page !== undefined && typeof o.page !== 'number') fail(`${what}.page is not a number`);
    if (o.total !== undefined && typeof o.total !== 'number') fail(`${what}.total is not a number`);
    if (o.links !== undefined && o.links !== null && !isRecord(o.links)) fail(`${what}.links is not an object`);
    return {
      data: o.data as T[],
      page: (o.page as number | undefined) ?? 1,
      total: (o.total as number | undefined) ?? (o.data as unknown[]).length,
      links: (o.links as Page<T>['links'] | null | undefined) ?? {},
    };
  };
}

export const checks = {
  reportCard: (v: unknown) => reportCard(v, 'report card'),
  reportCards: arrayOf(reportCard, 'report cards'),
  source: (v: unknown) => source(v, 'source'),
  sources: arrayOf(source, 'sources'),
  destination: (v: unknown) => destination(v, 'destination'),
  destinations: arrayOf(destination, 'destinations'),
  streams: arrayOf(stream, 'streams'),
  streamSchema: (v: unknown): StreamSchema => {
    const o = record(v, 'stream schema');
    str(o, 'schema', 'stream schema');
    if (!Array.isArray(o.metadata)) fail('stream schema.metadata is not an array');
    return o as unknown as StreamSchema;
  },
  connectionCheck: (v: unknown): ConnectionCheck => {
    const o = record(v, 'connection check');
    str(o, 'status', 'connection check');
    return o as unknown as ConnectionCheck;
  },
  syncStarted: (v: unknown): SyncStarted => {
    const o = record(v, 'sync response');
    str(o, 'job_name', 'sync response');
    return o as unknown as SyncStarted;
  },
  extractionsPage: page(extraction, 'extractions page'),
  loadsPage: page(load, 'loads page'),
  anything: (v: unknown) => v,
};

/**
 * Decode the `schema` string of a StreamSchema (the API sends a JSON document inside a string).
 * Throws a `malformed_response` StitchApiError if it is not a JSON object.
 */
export function parseStreamSchema(schema: StreamSchema | string): JsonSchemaObject {
  const text = typeof schema === 'string' ? schema : schema.schema;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StitchApiError({ kind: 'malformed_response', message: 'The stream schema sent by Stitch is not valid JSON' });
  }
  if (!isRecord(parsed)) {
    throw new StitchApiError({ kind: 'malformed_response', message: 'The stream schema sent by Stitch is not a JSON object' });
  }
  return parsed as JsonSchemaObject;
}
