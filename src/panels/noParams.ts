import { isSafeRecord } from '../core/guards';

/** The one guard of methods that take no params: the webview sends `{}` (or nothing). */
export function isNoParams(params: unknown): params is Record<string, never> {
  return params === undefined || params === null || (isSafeRecord(params) && Object.keys(params).length === 0);
}
