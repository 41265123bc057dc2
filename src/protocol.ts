/**
 * Messages between the extension host and its webviews. Imported by both sides; imports neither.
 *
 * - The webview sends `ready` first; the host posts nothing before it.
 * - The webview asks with `request` (an id, a method, params) and the host answers with one
 *   `response` carrying the same id. The host never trusts params: it checks them at runtime.
 * - The host pushes `event`s (state changes) that need no answer.
 * Each panel defines its methods and events in its own file under src/protocol/ (types only).
 */
export const PROTOCOL_VERSION = 1;

/** Which UI the bundle mounts; set by the host as `data-view` on <body>. */
export type WebviewView = 'sourceForm' | 'selection' | 'schedule';

export interface ReadyMessage { type: 'ready'; protocol: number }
export interface RequestMessage { type: 'request'; id: number; method: string; params?: unknown }
export interface ResponseMessage { type: 'response'; id: number; ok: boolean; result?: unknown; error?: string }
export interface EventMessage { type: 'event'; name: string; payload?: unknown }

export type WebviewToHost = ReadyMessage | RequestMessage;
export type HostToWebview = ResponseMessage | EventMessage;

/** Limits the host applies to every inbound message before looking inside it. */
export const MAX_INBOUND_MESSAGE_CHARS = 2_000_000;
