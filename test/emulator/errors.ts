/**
 * Error bodies, one builder per endpoint family (reference §5.15). There is no common envelope on
 * the real API, so neither is there one here. Exact strings come from the docs; [I] marks our own.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON value (serialised), or a Buffer/string sent as is when `raw` is set. */
  body?: unknown;
  raw?: boolean;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });

/**
 * Bodies a handler keeps and answers again unchanged (a large catalogue's list): the server keeps
 * their serialised bytes beside them. A handler that changes such a body must build a new one.
 */
const unchangedBodies = new WeakMap<object, Buffer | null>();
export function keepsBody(body: object): void {
  if (!unchangedBodies.has(body)) unchangedBodies.set(body, null);
}
/** The serialised bytes of a kept body (serialised once), or undefined for any other body. */
export function keptBytes(body: unknown): Buffer | undefined {
  if (typeof body !== 'object' || body === null || !unchangedBodies.has(body)) return undefined;
  let bytes = unchangedBodies.get(body);
  if (!bytes) unchangedBodies.set(body, (bytes = Buffer.from(JSON.stringify(body), 'utf8')));
  return bytes;
}

/** Sources family: {"error":"<Code>","data":{"message":…}} */
export const sourceError = (code: string, message: string, extra: Record<string, unknown> = {}, status = 400): Reply =>
  json({ error: code, data: { message, ...extra } }, status);

/** Replication jobs family: {"error":{"type":…,"message":…}} */
export const jobError = (type: string, message: string, status = 400): Reply => json({ error: { type, message } }, status);

/** Streams family: {"invalid_fields":…} or a bare JSON string. */
export const streamFieldsError = (message: string): Reply => json({ invalid_fields: message }, 400);
export const bareString = (message: string, status = 400): Reply => json(message, status);

export const MESSAGES = {
  sourceBody: 'POST body may only include a non-empty type, a non-empty display_name and map of string properties',
  sourcePutBody: 'PUT body many only include the keys: display_name, properties, and paused_at',
  propertiesSchema: 'properties do not match schema',
  cronDenied: 'access to cron_expression based scheduling is not permitted',
  cronBothDays: (expr: string) =>
    `cron_expression "${expr}" is invalid: Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.`,
  cronInvalid: (expr: string, why: string) => `cron_expression "${expr}" is invalid: ${why}`, // [I]
  alreadyRunning: (clientId: number, sourceId: number) =>
    `Did not create job for client-id: ${clientId}; connection-id: ${sourceId} because one already exists`,
  unableToLocate: (sourceId: string, clientId: number) => `Unable to locate source(${sourceId}) for client (${clientId})`,
  deleted: 'Integration is deleted.',
  couldNotCreate: (clientId: number, sourceId: number) => `Could not create job for client-id: ${clientId}; connection-id: ${sourceId}`,
  streamsBody: "body must contain a 'streams' property with a list of metadatas by tap_stream_id",
  destLimit: 'you are at your destination limit',
  noDestination: (clientId: number, sourceId: number) =>
    `Could not create job for client-id: ${clientId}; connection-id: ${sourceId}: no destination has passed its connection check`, // [I]
  destPostBody: 'POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources',
  destTypeChange: 'this API endpoint does not support modifying destination type',
  destBadId: 'invalid connection id',
  destDelete: (id: string, clientId: number) => `Unable to locate dest (${id}) for client (${clientId}) to delete`,
  destGetParams: 'GET may only include the params: source_id and/or destination_id',
} as const;

/** 401: undocumented body [I]; JSON so clients can show something. */
export const unauthorized = (): Reply =>
  json({ error: { type: 'unauthorized', message: 'Not authorized: a valid API access token is required.' } }, 401, {
    'WWW-Authenticate': 'Bearer realm="stitch"',
  });

/** 404 for an unknown route or method (Stitch answers 404, never 405) [I body]. */
export const notFound = (path: string): Reply => json({ error: { type: 'not_found', message: `Not found: ${path}` } }, 404);
