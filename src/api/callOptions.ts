/** The options every StitchClient call takes, and the description of one JSON call. */
import type { HttpMethod } from './http';
import type { IterateOptions } from './pagination';
import type { Check } from './shape';

export interface CallOptions {
  signal?: AbortSignal;
}

export interface JobsCallOptions extends CallOptions {
  /** Override how long to queue for a jobs-budget slot before failing with budget_exhausted. */
  maxWaitMs?: number;
}

export interface PagesOptions extends JobsCallOptions, IterateOptions {}

export interface JsonCall<T> extends CallOptions {
  method: HttpMethod;
  path: string;
  check: Check<T>;
  json?: unknown;
  budgetAccount?: string;
  budgetMaxWaitMs?: number;
  /** An empty 2xx body is acceptable (returned as `{}`). */
  allowEmpty?: boolean;
}
