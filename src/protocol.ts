/**
 * Messages between the extension host and its webviews. Imported by both sides; imports neither.
 * Requests carry an `id` and are answered by a response with the same id. The webview sends
 * `ready` first; the host posts nothing before it.
 */
export const PROTOCOL_VERSION = 1;

export interface ReadyMessage { type: 'ready'; protocol: number }
export interface InitMessage { type: 'init'; view: string; state: unknown }

export type WebviewToHost = ReadyMessage;
export type HostToWebview = InitMessage;
