/**
 * A fetch wrapper that keeps every exchange the real client makes (method, where, status, the two
 * headers we care about, the body text) so the suite can judge raw answers and write a capture.
 */
import type { FetchLike } from '../../src/api';

export interface Exchange {
  seq: number;
  /** The suite step that made the call. */
  step: string;
  method: string;
  /** 'api' for the base URL, 'logs' for the host the logs redirect points to. */
  host: 'api' | 'logs';
  /** Path and query under the base URL (api), or the full URL (logs). */
  path: string;
  status: number;
  contentType: string | null;
  location: string | null;
  bodyText: string;
}

export const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export class Recorder {
  readonly exchanges: Exchange[] = [];
  step = '';

  constructor(private readonly baseUrl: string, private readonly inner: FetchLike = (i, init) => fetch(i, init)) {}

  readonly fetch: FetchLike = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const response = await this.inner(input, init);
    const bodyText = await response.clone().text();
    const base = this.baseUrl.replace(/\/+$/, '');
    const onApi = url.startsWith(`${base}/`);
    this.exchanges.push({
      seq: this.exchanges.length + 1,
      step: this.step,
      method,
      host: onApi ? 'api' : 'logs',
      path: onApi ? url.slice(base.length) : url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      location: response.headers.get('location'),
      bodyText,
    });
    return response;
  };

  since(seq: number): Exchange[] {
    return this.exchanges.filter((e) => e.seq > seq);
  }

  get last(): number {
    return this.exchanges.length;
  }
}
