/**
 * The pieces of a Stitch API path built from values: ids and names are checked here so that nothing
 * a caller passes can smuggle another path or a query into a request.
 */
import { StitchApiError } from './errors';

export function extractionsPath(stitchClientId: number): string {
  return `/v4/${id(stitchClientId, 'stitch_client_id')}/extractions`;
}

export function loadsPath(stitchClientId: number): string {
  return `/v4/${id(stitchClientId, 'stitch_client_id')}/loads`;
}

/** Ids go into paths: accept only positive integers so nothing can smuggle a path or query. */
export function id(value: number, what = 'source id'): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new StitchApiError({ kind: 'bad_request', message: `Invalid ${what}: ${String(value)}` });
  }
  return value;
}

export function seg(value: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new StitchApiError({ kind: 'bad_request', message: 'An empty name cannot be used in a Stitch API path' });
  }
  // "." and ".." (even percent-encoded) are dot segments to a URL parser: they would climb the path.
  if (value === '.' || value === '..') {
    throw new StitchApiError({ kind: 'bad_request', message: `"${value}" cannot be used as a name in a Stitch API path` });
  }
  return encodeURIComponent(value);
}
