/**
 * StitchClient: one typed method per Stitch Connect endpoint the extension uses. Each method names
 * its route, its runtime shape check and whether it is budgeted; transport, retries and error
 * normalisation live in http.ts and errors.ts.
 */
import { JobsBudget, type BudgetStatus, type JobsBudgetOptions } from './budget';
import { bodyCarriesError, errorFromResponse, parseLoose, StitchApiError } from './errors';
import { HttpCore, type FetchLike, type HttpResponse, type RequestEvent } from './http';
import { collectPages, iteratePages } from './pagination';
import type { CallOptions, JobsCallOptions, JsonCall, PagesOptions } from './callOptions';
import { extractionsPath, id, loadsPath, seg } from './paths';
import { resolveRetryOptions, type RetryOptions } from './retry';
import { checks, malformed, ShapeError, type Check } from './shape';
import type {
  ConnectionCheck,
  CreateDestinationBody,
  CreateSourceBody,
  Destination,
  DestinationReportCard,
  Extraction,
  Load,
  Page,
  Source,
  SourceReportCard,
  StatusBody,
  Stream,
  StreamMetadataUpdate,
  StreamSchema,
  SyncStarted,
  UpdateDestinationBody,
  UpdateSourceBody,
} from './types';

export const DEFAULT_BASE_URL = 'https://api.stitchdata.com';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface StitchClientOptions {
  /** Default https://api.stitchdata.com. Any URL is allowed (e.g. the local emulator). */
  baseUrl?: string;
  /** Called once per call; the token is used for that request's Authorization header and not kept. */
  getToken: () => Promise<string | undefined>;
  /** Per attempt, covering the whole response body. Default 30 s. */
  timeoutMs?: number;
  /** Retry policy for GETs; `false` disables retries. */
  retry?: RetryOptions | false;
  /** For tests or proxies. Default: global fetch. */
  fetch?: FetchLike;
  /** Called after every HTTP attempt with method, path, status, duration, attempt and planned retry. */
  onRequest?: (event: RequestEvent) => void;
  /**
   * The jobs-endpoint budget. Pass a shared JobsBudget so every client for the same account draws
   * from one window (e.g. across client rebuilds); options to make a private one; `false` to disable.
   */
  jobsBudget?: JobsBudget | JobsBudgetOptions | false;
  userAgent?: string;
}

export type { CallOptions, JobsCallOptions, JsonCall, PagesOptions } from './callOptions';

export class StitchClient {
  readonly baseUrl: string;
  readonly budget: JobsBudget | undefined;
  private readonly http: HttpCore;

  constructor(options: StitchClientOptions) {
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
    } catch {
      throw new StitchApiError({ kind: 'bad_request', message: `"${baseUrl}" is not a valid http(s) URL for the Stitch API` });
    }
    this.budget =
      options.jobsBudget === false
        ? undefined
        : options.jobsBudget instanceof JobsBudget
          ? options.jobsBudget
          : new JobsBudget(options.jobsBudget);
    this.http = new HttpCore({
      baseUrl,
      getToken: options.getToken,
      timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      retry: resolveRetryOptions(options.retry === false ? { limit: 0 } : options.retry),
      fetch: options.fetch,
      onRequest: options.onRequest,
      budget: this.budget,
      userAgent: options.userAgent,
    });
    this.baseUrl = this.http.baseUrl;
  }

  // --- Source types (§4.1) -------------------------------------------------------------------

  listSourceTypes(opts: CallOptions = {}): Promise<SourceReportCard[]> {
    return this.call({ ...opts, method: 'GET', path: '/v4/source-types', check: checks.reportCards });
  }

  getSourceType(sourceType: string, opts: CallOptions = {}): Promise<SourceReportCard> {
    return this.call({ ...opts, method: 'GET', path: `/v4/source-types/${seg(sourceType)}`, check: checks.reportCard });
  }

  // --- Sources (§4.2–§4.6) -------------------------------------------------------------------

  createSource(body: CreateSourceBody, opts: CallOptions = {}): Promise<Source> {
    return this.call({ ...opts, method: 'POST', path: '/v4/sources', json: body, check: checks.source });
  }

  /** Includes paused and deleted sources (check `deleted_at`). */
  listSources(opts: CallOptions = {}): Promise<Source[]> {
    return this.call({ ...opts, method: 'GET', path: '/v4/sources', check: checks.sources });
  }

  getSource(sourceId: number, opts: CallOptions = {}): Promise<Source> {
    return this.call({ ...opts, method: 'GET', path: `/v4/sources/${id(sourceId)}`, check: checks.source });
  }

  /** Partial update: `properties` are merged server-side, so omit credentials you do not change. */
  updateSource(sourceId: number, body: UpdateSourceBody, opts: CallOptions = {}): Promise<Source> {
    return this.call({ ...opts, method: 'PUT', path: `/v4/sources/${id(sourceId)}`, json: body, check: checks.source });
  }

  /** Pause and unpause are plain PUTs of `paused_at`; any timestamp pauses immediately. */
  pauseSource(sourceId: number, at: Date = new Date(), opts: CallOptions = {}): Promise<Source> {
    return this.updateSource(sourceId, { paused_at: at.toISOString() }, opts);
  }

  unpauseSource(sourceId: number, opts: CallOptions = {}): Promise<Source> {
    return this.updateSource(sourceId, { paused_at: null }, opts);
  }

  /** Soft delete: the source stays listed with `deleted_at` set. */
  deleteSource(sourceId: number, opts: CallOptions = {}): Promise<Source> {
    return this.call({ ...opts, method: 'DELETE', path: `/v4/sources/${id(sourceId)}`, check: checks.source });
  }

  getLastConnectionCheck(sourceId: number, opts: CallOptions = {}): Promise<ConnectionCheck> {
    return this.call({
      ...opts,
      method: 'GET',
      path: `/v4/sources/${id(sourceId)}/last-connection-check`,
      check: checks.connectionCheck,
    });
  }

  /** The account id the jobs endpoints need, learned from any source; undefined with no sources. */
  async findStitchClientId(opts: CallOptions = {}): Promise<number | undefined> {
    const sources = await this.listSources(opts);
    const found = sources.find((s) => typeof s.stitch_client_id === 'number');
    return found?.stitch_client_id;
  }

  // --- Streams (§4.7, §4.8) ------------------------------------------------------------------

  listStreams(sourceId: number, opts: CallOptions = {}): Promise<Stream[]> {
    return this.call({ ...opts, method: 'GET', path: `/v4/sources/${id(sourceId)}/streams`, check: checks.streams });
  }

  /** `schema` stays a raw JSON string here; decode it with parseStreamSchema(). */
  getStreamSchema(sourceId: number, streamId: number, opts: CallOptions = {}): Promise<StreamSchema> {
    return this.call({
      ...opts,
      method: 'GET',
      path: `/v4/sources/${id(sourceId)}/streams/${id(streamId, 'stream id')}`,
      check: checks.streamSchema,
    });
  }

  updateStreamMetadata(sourceId: number, body: StreamMetadataUpdate, opts: CallOptions = {}): Promise<StatusBody> {
    return this.call({
      ...opts,
      method: 'PUT',
      path: `/v4/sources/${id(sourceId)}/streams/metadata`,
      json: body,
      check: checks.anything as Check<StatusBody>,
      allowEmpty: true,
    });
  }

  // --- Replication jobs (§4.9) ---------------------------------------------------------------

  /** Throws StitchApiError kind `already_running` when a job is already running (an HTTP 200 with an error body). */
  startSync(sourceId: number, opts: CallOptions = {}): Promise<SyncStarted> {
    return this.call({ ...opts, method: 'POST', path: `/v4/sources/${id(sourceId)}/sync`, json: {}, check: checks.syncStarted });
  }

  stopSync(sourceId: number, opts: CallOptions = {}): Promise<StatusBody> {
    return this.call({
      ...opts,
      method: 'DELETE',
      path: `/v4/sources/${id(sourceId)}/sync`,
      check: checks.anything as Check<StatusBody>,
      allowEmpty: true,
    });
  }

  // --- Extractions, logs, loads (§4.10, §4.11): budgeted ------------------------------------

  /** One page (100 records) of the last extraction per source. Costs one jobs-budget unit. */
  listExtractions(stitchClientId: number, opts: JobsCallOptions & { page?: number } = {}): Promise<Page<Extraction>> {
    return this.jobsPage(stitchClientId, extractionsPath(stitchClientId), opts.page, checks.extractionsPage, opts);
  }

  iterateExtractions(stitchClientId: number, opts: PagesOptions = {}): AsyncGenerator<Page<Extraction>, void, undefined> {
    const path = extractionsPath(stitchClientId);
    return iteratePages(path, (p) => this.jobsCall(p, stitchClientId, checks.extractionsPage, opts), opts);
  }

  listAllExtractions(stitchClientId: number, opts: PagesOptions = {}) {
    return collectPages(this.iterateExtractions(stitchClientId, opts));
  }

  listLoads(stitchClientId: number, opts: JobsCallOptions & { page?: number } = {}): Promise<Page<Load>> {
    return this.jobsPage(stitchClientId, loadsPath(stitchClientId), opts.page, checks.loadsPage, opts);
  }

  iterateLoads(stitchClientId: number, opts: PagesOptions = {}): AsyncGenerator<Page<Load>, void, undefined> {
    const path = loadsPath(stitchClientId);
    return iteratePages(path, (p) => this.jobsCall(p, stitchClientId, checks.loadsPage, opts), opts);
  }

  listAllLoads(stitchClientId: number, opts: PagesOptions = {}) {
    return collectPages(this.iterateLoads(stitchClientId, opts));
  }

  /**
   * The log text of an extraction job. The API answers 302 to a presigned URL on another host; we
   * follow it by hand and never send the token there (the URL itself is the credential).
   */
  async getExtractionLogs(stitchClientId: number, jobName: string, opts: JobsCallOptions = {}): Promise<string> {
    const path = `${extractionsPath(stitchClientId)}/${seg(jobName)}`;
    const res = await this.http.request({
      method: 'GET',
      path,
      acceptRedirect: true,
      budgetAccount: String(stitchClientId),
      budgetMaxWaitMs: opts.maxWaitMs,
      signal: opts.signal,
    });
    if (res.status >= 300) {
      const location = res.headers.get('location');
      let target: URL | undefined;
      try {
        target = location ? new URL(location, res.url) : undefined;
      } catch {
        target = undefined;
      }
      if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
        throw malformed({ method: 'GET', path }, `redirect ${res.status} without a usable Location`, res.status);
      }
      const log = await this.http.request({ method: 'GET', path, externalUrl: target.href, signal: opts.signal });
      if (log.status >= 300) throw malformed({ method: 'GET', path }, `the log host answered ${log.status}`, log.status);
      return log.text;
    }
    // Some servers may send the log inline; still honour an error body.
    const parsed = parseLoose(res.text);
    if (parsed.ok && bodyCarriesError(parsed.value)) throw this.bodyError(res, 'GET', path);
    // A body that claims to be JSON but does not parse is a broken answer, not a log.
    if (!parsed.ok && /json/i.test(res.headers.get('content-type') ?? '')) {
      throw malformed({ method: 'GET', path }, 'the body is not valid JSON (it may be truncated)', res.status);
    }
    return res.text;
  }

  jobsBudgetStatus(stitchClientId: number): BudgetStatus | undefined {
    return this.budget?.status(String(stitchClientId));
  }

  // --- Destinations (§4.12) ------------------------------------------------------------------

  listDestinations(filter: { source_id?: number; destination_id?: number } = {}, opts: CallOptions = {}): Promise<Destination[]> {
    const q = new URLSearchParams();
    if (filter.source_id !== undefined) q.set('source_id', String(id(filter.source_id)));
    if (filter.destination_id !== undefined) q.set('destination_id', String(id(filter.destination_id, 'destination id')));
    const query = q.toString();
    return this.call({ ...opts, method: 'GET', path: `/v4/destinations${query ? `?${query}` : ''}`, check: checks.destinations });
  }

  getDestination(destinationId: number, opts: CallOptions = {}): Promise<Destination> {
    return this.call({ ...opts, method: 'GET', path: `/v4/destinations/${id(destinationId, 'destination id')}`, check: checks.destination });
  }

  createDestination(body: CreateDestinationBody, opts: CallOptions = {}): Promise<Destination> {
    return this.call({ ...opts, method: 'POST', path: '/v4/destinations', json: body, check: checks.destination });
  }

  updateDestination(destinationId: number, body: UpdateDestinationBody, opts: CallOptions = {}): Promise<Destination> {
    return this.call({
      ...opts,
      method: 'PUT',
      path: `/v4/destinations/${id(destinationId, 'destination id')}`,
      json: body,
      check: checks.destination,
    });
  }

  /** Returns `{}` on success. */
  async deleteDestination(destinationId: number, opts: CallOptions = {}): Promise<void> {
    await this.call({
      ...opts,
      method: 'DELETE',
      path: `/v4/destinations/${id(destinationId, 'destination id')}`,
      check: checks.anything,
      allowEmpty: true,
    });
  }

  getDestinationLastConnectionCheck(destinationId: number, opts: CallOptions = {}): Promise<ConnectionCheck> {
    return this.call({
      ...opts,
      method: 'GET',
      path: `/v4/destinations/${id(destinationId, 'destination id')}/last-connection-check`,
      check: checks.connectionCheck,
    });
  }

  listDestinationTypes(opts: CallOptions = {}): Promise<DestinationReportCard[]> {
    return this.call({ ...opts, method: 'GET', path: '/v4/destination-types', check: checks.reportCards });
  }

  getDestinationType(destinationType: string, opts: CallOptions = {}): Promise<DestinationReportCard> {
    return this.call({ ...opts, method: 'GET', path: `/v4/destination-types/${seg(destinationType)}`, check: checks.reportCard });
  }

  // --- Plumbing ------------------------------------------------------------------------------

  /** For endpoint families kept in their own modules (hooks.ts): one call with its shape check. */
  request<T>(c: JsonCall<T>): Promise<T> { return this.call(c); }

  private jobsPage<T>(
    clientId: number,
    path: string,
    page: number | undefined,
    check: Check<Page<T>>,
    opts: JobsCallOptions,
  ): Promise<Page<T>> {
    const p = page === undefined || page === 1 ? path : `${path}?page=${id(page, 'page number')}`;
    return this.jobsCall(p, clientId, check, opts);
  }

  private jobsCall<T>(path: string, stitchClientId: number, check: Check<T>, opts: JobsCallOptions): Promise<T> {
    return this.call({
      method: 'GET',
      path,
      check,
      budgetAccount: String(stitchClientId),
      budgetMaxWaitMs: opts.maxWaitMs,
      signal: opts.signal,
    });
  }

  private async call<T>(c: JsonCall<T>): Promise<T> {
    const res = await this.http.request({
      method: c.method,
      path: c.path,
      json: c.json,
      budgetAccount: c.budgetAccount,
      budgetMaxWaitMs: c.budgetMaxWaitMs,
      signal: c.signal,
    });
    const ctx = { method: c.method, path: c.path };
    if (res.text.trim() === '') {
      if (c.allowEmpty) return c.check({});
      throw malformed(ctx, 'the body is empty', res.status);
    }
    const parsed = parseLoose(res.text);
    if (!parsed.ok) throw malformed(ctx, 'the body is not valid JSON (it may be truncated)', res.status);
    // The API reports some failures (already_running) as HTTP 200 with an error body.
    if (bodyCarriesError(parsed.value)) throw this.bodyError(res, c.method, c.path);
    try {
      return c.check(parsed.value);
    } catch (e) {
      if (e instanceof ShapeError) throw malformed(ctx, e.message, res.status);
      throw e;
    }
  }

  private bodyError(res: HttpResponse, method: string, path: string): StitchApiError {
    return errorFromResponse({
      status: res.status,
      contentType: res.headers.get('content-type'),
      bodyText: res.text,
      method,
      path,
      attempts: 1,
    });
  }
}
