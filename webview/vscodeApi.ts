import type { HostToWebview, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview.
const api = acquireVsCodeApi();

export function post(message: WebviewToHost): void { api.postMessage(message); }
export function getState<T>(): T | undefined { return api.getState() as T | undefined; }
export function setState(state: unknown): void { api.setState(state); }
export function onMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown } | null;
    if (data && typeof data === 'object' && typeof data.type === 'string') handler(data as HostToWebview);
  });
}
