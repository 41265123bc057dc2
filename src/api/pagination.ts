/**
 * Pagination for the two paginated endpoints (extractions and loads, reference §7.5): 100 records per
 * page, `?page=N`, and *relative* `links.next` / `links.previous` paths that the client resolves
 * against its own base URL (as the Airflow operator does).
 */
import type { Page } from './types';

export interface IterateOptions {
  /** Stop after this many pages. Every page costs one unit of the jobs budget. Default 10. */
  maxPages?: number;
  /** First page to fetch. Default 1. */
  startPage?: number;
}

export const DEFAULT_MAX_PAGES = 10;

/**
 * Turn a `links.next` value into a path we may request with our token. Only same-endpoint relative
 * paths are accepted: a link to anywhere else would send the token where it does not belong.
 * Returns undefined for a link we refuse to follow.
 */
export function linkToPath(link: unknown, endpointPath: string): string | undefined {
  if (typeof link !== 'string' || link === '') return undefined;
  if (!link.startsWith('/') || link.startsWith('//')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(link, 'http://relative.invalid');
  } catch {
    return undefined;
  }
  if (parsed.host !== 'relative.invalid' || parsed.pathname !== endpointPath) return undefined;
  return parsed.pathname + parsed.search;
}

/**
 * Yield pages in order, following `links.next`, until there is no next link, `maxPages` is reached,
 * or a link repeats (pages are computed on the fly, so a server can loop; we do not).
 */
export async function* iteratePages<T>(
  endpointPath: string,
  fetchPath: (path: string) => Promise<Page<T>>,
  options: IterateOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
  const maxPages = Math.max(1, Math.floor(options.maxPages ?? DEFAULT_MAX_PAGES));
  const start = Math.max(1, Math.floor(options.startPage ?? 1));
  let path: string | undefined = start === 1 ? endpointPath : `${endpointPath}?page=${start}`;
  const seen = new Set<string>();
  for (let count = 0; path !== undefined && count < maxPages; count++) {
    seen.add(path);
    const page: Page<T> = await fetchPath(path);
    yield page;
    if (page.data.length === 0) return;
    const next = linkToPath(page.links.next, endpointPath);
    path = next !== undefined && !seen.has(next) ? next : undefined;
  }
}

/** Collect the records of up to `maxPages` pages; `complete` says whether every page was read. */
export async function collectPages<T>(
  pages: AsyncIterable<Page<T>>,
): Promise<{ data: T[]; total: number; pages: number; complete: boolean }> {
  const data: T[] = [];
  let total = 0;
  let count = 0;
  let last: Page<T> | undefined;
  for await (const page of pages) {
    data.push(...page.data);
    total = page.total;
    count++;
    last = page;
  }
  const complete = last === undefined || last.links.next === undefined || data.length >= total;
  return { data, total, pages: count, complete };
}
