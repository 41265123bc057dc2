/** Public surface of the Stitch Connect client. No `vscode` import anywhere under src/api. */
export { StitchClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './client';
export type { StitchClientOptions, CallOptions, JobsCallOptions, PagesOptions } from './client';
export { StitchApiError, errorFromResponse, bodyCarriesError, readErrorBody } from './errors';
export type { StitchErrorKind, StitchApiErrorInit, ErrorBodyFamily, ErrorBodyReading } from './errors';
export { JobsBudget, systemClock } from './budget';
export type { BudgetStatus, Clock, JobsBudgetOptions } from './budget';
export type { RequestEvent, FetchLike, HttpMethod } from './http';
export type { RetryOptions } from './retry';
export { parseRetryAfter, backoffDelay } from './retry';
export { iteratePages, collectPages, linkToPath, DEFAULT_MAX_PAGES } from './pagination';
export type { IterateOptions } from './pagination';
export { parseStreamSchema } from './shape';
export { createHook, deleteHook, hookDestinationId, HOOKS_PATH, isHookUrl, listHooks, setHookEnabled } from './hooks';
export type { Hook } from './hooks';
export type * from './types';
