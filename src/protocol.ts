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

// ---- Typed maps -------------------------------------------------------------------------------
// Each panel declares `Requests = { 'panel/method': [params, result] }` and
// `Events = { 'panel/name': payload }` in src/protocol/<panel>.ts. Every method and event is named
// `<panel>/<name>` (`host/<name>` for what the panel host sends to every panel).

/** Constraint for a panel's request map (an interface works: no index signature needed). */
export type RequestMap<R> = { [M in keyof R]: readonly [unknown, unknown] };
export type ParamsOf<R extends RequestMap<R>, M extends keyof R> = R[M][0];
export type ResultOf<R extends RequestMap<R>, M extends keyof R> = R[M][1];
/** Params of a method that takes none: the webview sends `{}`. */
export type NoParams = Record<string, never>;

/** How the open source stands in Stitch now, sent by the panel host to every panel of a source. */
export interface SourceStatusView {
  readonly sourceId: number;
  readonly name: string;
  readonly paused: boolean;
  readonly deleted: boolean;
  /** One sentence for the panel's status strip, localised by the host; empty when nothing to say. */
  readonly text: string;
}

/** Events every panel of a source receives from the panel host. */
export interface HostEvents {
  'host/sourceStatus': SourceStatusView;
}
