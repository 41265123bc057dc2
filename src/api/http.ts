/**
 * HTTP core: one place that sends a request with ky, adds the bearer token, applies the timeout,
 * retries what is safe to retry, charges the jobs budget, reports each attempt to the logger hook and
 * turns every failure into a StitchApiError. Endpoint code above it only sees text or an error.
 *
 * Why a hand-written attempt loop over ky (with ky's own retry off): we need per-attempt log events
 * with the planned wait, a budget charge per attempt, GET-only retries (ky's default also retries PUT
 * and DELETE), retries on timeouts, and a Retry-After that fails fast when it is too long rather than
 * cancelling silently.
 */
import type { KyInstance } from 'ky';
import type { JobsBudget } from './budget';
import { abortableSleep } from './budget';
import { errorFromResponse, redact, StitchApiError, type StitchErrorKind } from './errors';
import {
  backoffDelay,
  isRetryableMethod,
  isRetryableStatus,
  parseRetryAfter,
  type ResolvedRetryOptions,
} from './retry';

/**
 * ky, loaded on the first request rather than when the extension's bundle loads: its module-level
 * feature checks construct a `Request` with a stream body, which makes Node load its whole fetch
 * implementation (tens of milliseconds) during activation. In the CommonJS host bundle esbuild keeps
 * this dynamic import inside dist/extension.js but lazily initialised; from source (tsx, the unit
 * tests) it is Node's own import(). Memoised: the cost is paid once per extension host.
 */
let kyLoading: Promise<KyInstance> | undefined;
export function loadKy(): Promise<KyInstance> {
  return (kyLoading ??= import('ky').then((m) => m.default).catch((error: unknown) => {
    kyLoading = undefined;
    throw error;
  }));
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/** What the logger hook gets for each attempt: never a body, a query of the log host, or the token. */
export interface RequestEvent {
  method: HttpMethod;
  /** Path (and, for the API, the query) of the request. */
  path: string;
  /** "api" for the configured base URL, "logs" for the host the extraction-log redirect points to. */
  host: 'api' | 'logs';
  /** HTTP status; 0 when no HTTP answer arrived. */
  status: number;
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Set when another attempt will follow after this many ms. */
  retryInMs?: number;
  /** Set when this attempt failed. */
  errorKind?: StitchErrorKind;
}

export interface HttpCoreOptions {
  baseUrl: string;
  getToken: () => Promise<string | undefined>;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  fetch?: FetchLike;
  onRequest?: (event: RequestEvent) => void;
  budget?: JobsBudget;
  userAgent?: string;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the base URL, starting with "/", may carry a query. */
  path: string;
  /** Absolute URL on another host (the log redirect). Such requests never carry the token. */
  externalUrl?: string;
  json?: unknown;
  /** Charge one unit of the jobs budget of this account per attempt. */
  budgetAccount?: string;
  budgetMaxWaitMs?: number;
  /** Return 3xx responses instead of treating them as errors. Redirects are never followed by fetch. */
  acceptRedirect?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The URL that was requested (for resolving a relative Location). */
  url: string;
}

export class HttpCore {
  readonly baseUrl: string;

  constructor(private readonly options: HttpCoreOptions) {
    // Keep any path prefix of the base URL (e.g. a proxy mount) and drop trailing slashes.
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const external = req.externalUrl !== undefined;
    const url = external ? req.externalUrl! : this.baseUrl + req.path;
    const logPath = external ? safePathname(url) : req.path;
    const host: RequestEvent['host'] = external ? 'logs' : 'api';
    const { retry } = this.options;
    const maxAttempts = isRetryableMethod(req.method) ? retry.limit + 1 : 1;

    let token: string | undefined;
    if (!external) {
      try {
        token = await this.options.getToken();
      } catch (cause) {
        throw new StitchApiError({
          kind: 'unauthorized',
          code: 'TokenUnavailable',
          message: 'The stored Stitch API token could not be read; sign in again.',
          method: req.method,
          path: req.path,
          cause,
        });
      }
      if (!token) {
        throw new StitchApiError({
          kind: 'unauthorized',
          code: 'NoToken',
          message: 'No Stitch API token is stored for this account; sign in first.',
          method: req.method,
          path: req.path,
        });
      }
    }
    const secrets = token ? [token] : [];

    for (let attempt = 1; ; attempt++) {
      if (req.budgetAccount !== undefined && this.options.budget) {
        await this.options.budget.acquire(req.budgetAccount, { maxWaitMs: req.budgetMaxWaitMs, signal: req.signal });
      }
      const started = performance.now();
      const canRetry = attempt < maxAttempts;
      let response: AttemptResult;
      try {
        response = await this.attempt(url, req, token);
      } catch (raw) {
        const error = this.transportError(raw, req, logPath, host, attempt, secrets);
        const retryInMs = canRetry && error.kind !== 'aborted' ? backoffDelay(attempt, retry) : undefined;
        this.emit({ method: req.method, path: logPath, host, status: 0, durationMs: since(started), attempt, retryInMs, errorKind: error.kind });
        if (retryInMs === undefined) throw error;
        await this.sleep(retryInMs, req);
        continue;
      }

      const { status } = response;
      const ok = (status >= 200 && status < 300) || (req.acceptRedirect === true && status >= 300 && status < 400);
      if (ok && !response.complete) {
        // Headers said 2xx but the connection closed mid-body: the data is unusable. Safe to retry a GET.
        const error = new StitchApiError({
          kind: 'malformed_response',
          code: 'Truncated',
          status,
          message: `The response from ${host === 'logs' ? 'the extraction log host' : 'the Stitch API'} was cut off before it was complete (${req.method} ${logPath})`,
          method: req.method,
          path: logPath,
          attempts: attempt,
        });
        const retryInMs = canRetry ? backoffDelay(attempt, retry) : undefined;
        this.emit({ method: req.method, path: logPath, host, status, durationMs: since(started), attempt, retryInMs, errorKind: error.kind });
        if (retryInMs === undefined) throw error;
        await this.sleep(retryInMs, req);
        continue;
      }
      if (ok) {
        this.emit({ method: req.method, path: logPath, host, status, durationMs: since(started), attempt });
        return { status, headers: response.headers, text: response.text, url };
      }

      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      let retryInMs: number | undefined;
      if (canRetry && isRetryableStatus(status)) {
        if (retryAfterMs === undefined) retryInMs = backoffDelay(attempt, retry);
        else if (retryAfterMs <= retry.maxRetryAfterMs) retryInMs = retryAfterMs;
        // else: the server asks for a longer pause than we may wait here; report it to the caller.
      }
      const error = errorFromResponse({
        status,
        statusText: response.statusText,
        contentType: response.headers.get('content-type'),
        bodyText: response.text,
        method: req.method,
        path: logPath,
        retryAfterMs,
        attempts: attempt,
        secrets,
      });
      this.emit({ method: req.method, path: logPath, host, status, durationMs: since(started), attempt, retryInMs, errorKind: error.kind });
      if (retryInMs === undefined) throw error;
      await this.sleep(retryInMs, req);
    }
  }

  /** One attempt: the timeout covers the body too, so a server that stalls mid-body cannot hang us. */
  private async attempt(url: string, req: HttpRequest, token: string | undefined): Promise<AttemptResult> {
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new TimeoutMarker()), this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
    try {
      const headers: Record<string, string> = { Accept: req.externalUrl ? '*/*' : 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
      const ky = await loadKy();
      const response = await ky(url, {
        method: req.method,
        headers,
        json: req.json,
        retry: 0,
        timeout: false, // our own timer above, which also covers reading the body
        throwHttpErrors: false,
        // Never let fetch follow a redirect with our Authorization header attached.
        redirect: 'manual',
        signal,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
      const body = await readBody(response, () => timer.signal.aborted || req.signal?.aborted === true);
      return { status: response.status, statusText: response.statusText, headers: response.headers, ...body };
    } catch (error) {
      // Whatever shape the abort surfaces in (reason, AbortError, "terminated"), our timer decides.
      if (timer.signal.aborted && !req.signal?.aborted) throw new TimeoutMarker();
      throw error;
    } finally {
      clearTimeout(handle);
    }
  }

  private transportError(
    raw: unknown,
    req: HttpRequest,
    logPath: string,
    host: RequestEvent['host'],
    attempt: number,
    secrets: string[],
  ): StitchApiError {
    if (raw instanceof StitchApiError) return raw;
    const where = host === 'logs' ? `the extraction log host ${safeOrigin(req.externalUrl)}` : `the Stitch API at ${safeOrigin(this.baseUrl)}`;
    const suffix = `(${req.method} ${logPath})`;
    if (req.signal?.aborted) {
      return new StitchApiError({ kind: 'aborted', message: `The request was cancelled ${suffix}`, method: req.method, path: logPath, attempts: attempt, cause: raw });
    }
    if (isTimeout(raw)) {
      return new StitchApiError({
        kind: 'timeout',
        message: `No complete answer from ${where} within ${formatMs(this.options.timeoutMs)} ${suffix}`,
        method: req.method,
        path: logPath,
        attempts: attempt,
      });
    }
    const code = networkCode(raw);
    const detail = code ? ` (${code})` : '';
    const message = `Could not reach ${where}${detail}; check the URL and your network ${suffix}`;
    return new StitchApiError({
      kind: 'network',
      message: redact(message, secrets),
      code: code && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined,
      method: req.method,
      path: logPath,
      attempts: attempt,
      cause: raw,
    });
  }

  private emit(event: RequestEvent): void {
    try {
      this.options.onRequest?.(event);
    } catch {
      // A faulty logger must never break a request.
    }
  }

  private sleep(ms: number, req: HttpRequest): Promise<void> {
    return abortableSleep(ms, req.signal);
  }
}

interface AttemptResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  /** False when the connection closed before the promised body was delivered. */
  complete: boolean;
}

/**
 * Read the body, keeping what arrived if the connection drops mid-way (a truncated body), so the
 * caller can still classify the response by its status. Aborts (timeout, cancel) propagate.
 */
async function readBody(response: Response, aborted: () => boolean): Promise<{ text: string; complete: boolean }> {
  if (!response.body) return { text: '', complete: true };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return { text: text + decoder.decode(), complete: true };
  } catch (error) {
    if (aborted()) throw error;
    return { text: text + decoder.decode(), complete: false };
  }
}

class TimeoutMarker extends Error {
  override readonly name = 'TimeoutMarker';
  constructor() {
    super('timeout');
  }
}

function isTimeout(raw: unknown): boolean {
  // The abort reason is re-thrown as-is by fetch and by body reads.
  let e: unknown = raw;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e instanceof TimeoutMarker) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function networkCode(raw: unknown): string | undefined {
  let e: unknown = raw;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (raw instanceof Error && /terminated|other side closed|socket/i.test(raw.message)) return 'ECONNRESET';
  // e.g. undici's "bad port": the innermost message is the most specific one.
  const cause = (raw as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message.length < 80 ? cause.message : undefined;
}

function since(start: number): number {
  return Math.round(performance.now() - start);
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}

function safeOrigin(url: string | undefined): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return '(invalid url)';
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
