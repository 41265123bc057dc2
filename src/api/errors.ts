/**
 * The one error type of the Stitch client, and the normaliser that turns every error body shape the
 * API is known to send (reference §5.15) into it. Callers branch on `kind`, never on raw bodies.
 */

export type StitchErrorKind =
  | 'unauthorized' // 401, or no token available
  | 'forbidden' // 403, or a 400 AccessDenied (the API reports plan denials as 400)
  | 'not_found' // 404, or a 400 InvalidId ("source not found")
  | 'bad_request' // any other 4xx the user can fix by changing the request
  | 'invalid_properties' // 400 InvalidProperties: see badProperties
  | 'already_running' // 200 {"error":{"type":"already_running"}} from POST /sync
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'unexpected_status' // a status we have no meaning for (e.g. a 3xx where none is expected)
  | 'network' // no HTTP answer: refused, reset, DNS
  | 'timeout' // no complete answer in time (or a 408)
  | 'aborted' // the caller cancelled
  | 'malformed_response' // a 2xx whose body is not the JSON shape we rely on
  | 'budget_exhausted'; // the client-side jobs budget refused the request

export interface StitchApiErrorInit {
  kind: StitchErrorKind;
  message: string;
  /** HTTP status; 0 when there was no HTTP answer (network, timeout, budget). */
  status?: number;
  /** CamelCase code from `{"error":"Code"}` or `{"code":...}` bodies. */
  code?: string;
  /** snake_case type from `{"error":{"type":...}}` bodies. */
  type?: string;
  details?: unknown;
  badProperties?: string[];
  retryAfterMs?: number;
  method?: string;
  path?: string;
  attempts?: number;
  cause?: unknown;
}

// dist/extension.js and the lazy bundles (dist/panels.js, dist/files.js) each carry a copy of this
// class, so `instanceof` goes by a registered brand: an error from one bundle's client is recognised
// by another bundle's code.
const STITCH_API_ERROR: unique symbol = Symbol.for('stitch-connect.StitchApiError');

export class StitchApiError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [STITCH_API_ERROR]?: unknown })[STITCH_API_ERROR] === true;
  }

  readonly [STITCH_API_ERROR] = true;
  override readonly name = 'StitchApiError';
  readonly kind: StitchErrorKind;
  readonly status: number;
  readonly code?: string;
  readonly type?: string;
  readonly details?: unknown;
  readonly badProperties?: string[];
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly path?: string;
  /** How many HTTP attempts were made before giving up (0 if none was sent). */
  readonly attempts: number;

  constructor(init: StitchApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? 0;
    this.code = init.code;
    this.type = init.type;
    this.details = init.details;
    this.badProperties = init.badProperties;
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts ?? 0;
  }

  /** Whether trying again later may succeed (used by callers such as pollers, not by the retry loop). */
  get transient(): boolean {
    return ['rate_limited', 'server', 'network', 'timeout', 'budget_exhausted'].includes(this.kind);
  }

  static is(value: unknown, kind?: StitchErrorKind): value is StitchApiError {
    return value instanceof StitchApiError && (kind === undefined || value.kind === kind);
  }
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Everything we know about a failed HTTP exchange; `secrets` are values to scrub from the text. */
export interface ResponseFacts {
  status: number;
  statusText?: string;
  contentType?: string | null;
  bodyText: string;
  method: string;
  path: string;
  retryAfterMs?: number;
  attempts?: number;
  secrets?: readonly string[];
}

/** Which known error-body family a body belongs to (reference §5.15); `unknown` when none fits. */
export type ErrorBodyFamily =
  | 'error_code' // {"error":"Code","data":{"message"}}
  | 'error_object' // {"error":{"type","message"}}
  | 'invalid_fields' // {"invalid_fields":"..."}
  | 'code_message' // {"code","message","errors"}
  | 'status' // {"status":"NOT FOUND"}
  | 'string' // a bare JSON string
  | 'html' // a proxy's error page
  | 'text' // plain text, or JSON cut off
  | 'empty'
  | 'unknown'; // JSON the client cannot read a message from

export interface ErrorBodyReading {
  family: ErrorBodyFamily;
  message?: string;
  code?: string;
  type?: string;
  details?: unknown;
  badProperties?: string[];
}

const MAX_MESSAGE = 300;
const MAX_RAW = 1000;

/** Turn a non-2xx response (or a 2xx carrying an `error` key) into a StitchApiError. */
export function errorFromResponse(facts: ResponseFacts): StitchApiError {
  const secrets = facts.secrets ?? [];
  const extracted = readErrorBody(facts.bodyText, facts.contentType);
  const kind = kindFor(facts.status, extracted);

  let serverMessage = extracted.message?.trim();
  if (serverMessage && extracted.badProperties?.length) {
    serverMessage = `${serverMessage}: ${extracted.badProperties.join(', ')}`;
  }
  const label = [`HTTP ${facts.status}`, extracted.code ?? extracted.type].filter(Boolean).join(' ');
  const message = redact(
    `${serverMessage ? clip(serverMessage, MAX_MESSAGE) : defaultMessage(kind, facts)} (${label}, ${facts.method} ${facts.path})`,
    secrets,
  );

  return new StitchApiError({
    kind,
    message,
    status: facts.status,
    code: extracted.code,
    type: extracted.type,
    details: scrub(extracted.details, secrets),
    badProperties: extracted.badProperties,
    retryAfterMs: facts.retryAfterMs,
    method: facts.method,
    path: facts.path,
    attempts: facts.attempts,
  });
}

/** What the client reads from an error body: its family, message and code. */
export function readErrorBody(bodyText: string, contentType?: string | null): ErrorBodyReading {
  const parsed = parseLoose(bodyText);
  return parsed.ok ? extractFromJson(parsed.value) : extractFromText(bodyText, contentType);
}

/** `{"error": "..."}` or `{"error": {...}}` on a 2xx is an error; `{"error": false}` (connection checks) is data. */
export function bodyCarriesError(value: unknown): boolean {
  if (!isRecord(value) || !('error' in value)) return false;
  const e = value.error;
  return typeof e === 'string' || isRecord(e);
}

function kindFor(status: number, x: ErrorBodyReading): StitchErrorKind {
  if (x.type === 'already_running') return 'already_running';
  if (x.code === 'InvalidProperties') return 'invalid_properties';
  if (x.code === 'AccessDenied') return 'forbidden';
  if (x.code === 'InvalidId' || x.code === 'NotFound') return 'not_found';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  // A 2xx with an error body that is not already_running (e.g. type "generic").
  if (status >= 200 && status < 300) return 'bad_request';
  return 'unexpected_status';
}

function defaultMessage(kind: StitchErrorKind, facts: ResponseFacts): string {
  switch (kind) {
    case 'unauthorized':
      return 'The Stitch API rejected the access token; sign in again with a valid token';
    case 'forbidden':
      return 'The Stitch account is not allowed to do this';
    case 'not_found':
      return 'The Stitch API could not find this resource';
    case 'rate_limited':
      return 'The Stitch API is rate limiting requests; try again later';
    case 'timeout':
      return 'The Stitch API timed out handling the request';
    case 'server':
      return `The Stitch API had an internal error${facts.bodyText.trim() ? '' : ' and sent no details'}`;
    default:
      return `The Stitch API answered ${facts.status}${facts.statusText ? ` ${facts.statusText}` : ''}`;
  }
}

/** Message lookup order from reference §5.15: error.message, data.message, invalid_fields, message, string body. */
function extractFromJson(value: unknown): ErrorBodyReading {
  if (typeof value === 'string') return { family: 'string', message: value };
  if (!isRecord(value)) return { family: 'unknown', details: value };
  const out: ErrorBodyReading = { family: 'unknown' };
  const { error, data } = value;

  if (typeof error === 'string') {
    // Sources/hooks: {"error":"InvalidProperties","data":{"message":..., "bad_properties":[...]}}
    out.family = 'error_code';
    out.code = error;
    if (isRecord(data)) {
      out.message = textOf(data.message);
      out.details = data;
      if (Array.isArray(data.bad_properties)) {
        out.badProperties = data.bad_properties.filter((p): p is string => typeof p === 'string');
      }
    }
    out.message ??= error;
  } else if (isRecord(error)) {
    // Jobs/notifications: {"error":{"type":"already_running","message":...}}
    out.family = 'error_object';
    if (typeof error.type === 'string') out.type = error.type;
    out.message = textOf(error.message);
    out.details = error;
  } else if ('invalid_fields' in value) {
    // Streams metadata: {"invalid_fields":"invalid tap-stream-ids:  [x]"}
    out.family = 'invalid_fields';
    out.code = 'InvalidFields';
    out.message = textOf(value.invalid_fields);
    out.details = value.invalid_fields;
  } else if (typeof value.code === 'string' || typeof value.message === 'string') {
    // Accounts: {"code":"BadRequest","message":"Invalid form data.","errors":{...}}
    out.family = 'code_message';
    if (typeof value.code === 'string') out.code = value.code;
    out.message = textOf(value.message);
    out.details = 'errors' in value ? value.errors : undefined;
  } else if (typeof value.status === 'string') {
    // Notifications: {"status":"NOT FOUND"}
    out.family = 'status';
    out.message = value.status;
  } else {
    out.details = value;
  }
  return out;
}

function extractFromText(text: string, contentType?: string | null): ErrorBodyReading {
  const trimmed = text.trim();
  if (!trimmed) return { family: 'empty' };
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(trimmed)) {
    // A proxy or load balancer page: the title or first heading is the useful part.
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(trimmed)?.[1];
    const clean = title?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    return {
      family: 'html',
      message: clean ? `The Stitch API returned an HTML error page: ${clean}` : 'The Stitch API returned an HTML error page',
      details: { html: clip(trimmed, MAX_RAW) },
    };
  }
  // Plain text, or JSON cut off mid-way: show the start of it rather than nothing.
  const looksLikeJson = /^[[{"]/.test(trimmed);
  return {
    family: 'text',
    message: looksLikeJson ? 'The Stitch API sent an unreadable (truncated or malformed) error body' : trimmed,
    details: { raw: clip(trimmed, MAX_RAW) },
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared with the rest of src/api

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseLoose(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Replace every occurrence of each secret value. Secrets shorter than 4 chars are ignored (too noisy). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out;
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (value === undefined || secrets.length === 0) return value;
  try {
    return JSON.parse(redact(JSON.stringify(value), secrets)) as unknown;
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value)) {
    // {"email_address":"Required. ..."} -> "email_address: Required. ..."
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('; ');
  }
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(value);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
