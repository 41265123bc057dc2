import * as vscode from 'vscode';
import { DATA_MAP_KEYS, isFiniteNumber, isRecord, isSafeRecord, isString } from '../core/guards';
import {
  MAX_INBOUND_MESSAGE_CHARS, PROTOCOL_VERSION,
  type EventMessage, type HostToWebview, type ParamsOf, type RequestMap, type RequestMessage, type ResponseMessage, type ResultOf,
} from '../protocol';

/** Handles one request method, once its params passed the method's guard. */
type RequestHandler = (params: unknown) => Promise<unknown> | unknown;

/** The runtime check every handled method must have: the host never trusts the webview. */
export type ParamsGuard<P> = (params: unknown) => params is P;

export { isNoParams } from './noParams';

/** A request that was refused before any handler ran (bad shape, unknown method, bad params). */
export class RejectedMessageError extends Error {}

/**
 * The host end of the webview protocol: waits for `ready` before posting, answers each request
 * exactly once, and refuses anything malformed without acting on it. Refusals are counted and
 * logged (without the message's content) so hostile input is visible but harmless.
 */
export class WebviewChannel<R extends RequestMap<R> = NoRequests, E = object> implements vscode.Disposable {
  private ready = false;
  private rejected = 0;
  private readonly queue: HostToWebview[] = [];
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly webview: vscode.Webview, private readonly onRejected: (reason: string) => void = () => undefined) {
    this.subscription = webview.onDidReceiveMessage((message: unknown) => { void this.receive(message); });
  }

  get isReady(): boolean { return this.ready; }
  /** Messages refused so far (hostile or malformed input), for the log and the hostile-input tests. */
  get rejectedCount(): number { return this.rejected; }

  /**
   * Answers `method` with `handler`, after `guard` accepted its params; params it refuses are
   * rejected (counted and logged) without the handler running.
   */
  handle<M extends keyof R & string>(method: M, guard: ParamsGuard<ParamsOf<R, M>>,
    handler: (params: ParamsOf<R, M>) => Promise<ResultOf<R, M>> | ResultOf<R, M>): void {
    this.handlers.set(method, (params) => {
      if (!guard(params)) throw new RejectedMessageError(`invalid ${method} params`);
      return handler(params);
    });
  }

  /** The same channel seen through a narrower protocol (e.g. the schedule editor a form embeds). */
  as<R2 extends RequestMap<R2>, E2 = object>(): WebviewChannel<R2, E2> {
    return this as unknown as WebviewChannel<R2, E2>;
  }

  /** Pushes an event; queued until the webview is ready (and after a reload, until it is ready again). */
  emit<N extends keyof E & string>(name: N, payload: E[N]): void {
    const message: EventMessage = { type: 'event', name, payload };
    if (this.ready) void this.webview.postMessage(message);
    else this.queue.push(message);
  }

  /** The webview reloaded (e.g. its HTML was set again): wait for a new `ready`. */
  resetReady(): void { this.ready = false; }

  /** Entry point for every inbound message; public so tests can feed it hostile input directly. */
  async receive(message: unknown): Promise<ResponseMessage | undefined> {
    try {
      checkSize(message);
      if (!isRecord(message) || !isString(message.type)) throw new RejectedMessageError('not a protocol message');
      if (message.type === 'ready') {
        if (message.protocol !== PROTOCOL_VERSION) throw new RejectedMessageError('unsupported protocol version');
        this.ready = true;
        for (const queued of this.queue.splice(0)) void this.webview.postMessage(queued);
        this.readyEmitter.fire();
        return undefined;
      }
      if (message.type !== 'request') throw new RejectedMessageError(`unknown message type`);
      return await this.answer(message);
    } catch (error) {
      if (!(error instanceof RejectedMessageError)) throw error;
      this.rejected++;
      this.onRejected(error.message);
      const id = isRecord(message) && isFiniteNumber(message.id) ? message.id : undefined;
      if (id === undefined) return undefined;
      return this.reply({ type: 'response', id, ok: false, error: vscode.l10n.t('The request was refused: {0}. What you typed is kept. Show Logs has the details; please report this problem.', error.message) });
    }
  }

  private async answer(message: Record<string, unknown>): Promise<ResponseMessage> {
    const { id, method, params } = message as Partial<RequestMessage>;
    if (!isFiniteNumber(id) || !Number.isSafeInteger(id)) throw new RejectedMessageError('request without a valid id');
    if (!isString(method) || !this.handlers.has(method)) throw new RejectedMessageError('unknown request method');
    if (params !== undefined && params !== null && typeof params === 'object' && !Array.isArray(params) && !isSafeRecord(params, 0, DATA_MAP_KEYS)) {
      throw new RejectedMessageError('params carry forbidden keys');
    }
    const handler = this.handlers.get(method) as RequestHandler;
    try {
      const result = await handler(params);
      return this.reply({ type: 'response', id, ok: true, result });
    } catch (error) {
      if (error instanceof RejectedMessageError) throw error;
      return this.reply({ type: 'response', id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private reply(response: ResponseMessage): ResponseMessage {
    void this.webview.postMessage(response);
    return response;
  }

  dispose(): void {
    this.subscription.dispose();
    this.readyEmitter.dispose();
    this.handlers.clear();
  }
}

type NoRequests = Record<never, readonly [unknown, unknown]>;

function checkSize(message: unknown): void {
  // Cheap bound before walking the message: strings are the only way to make it huge.
  let total = 0;
  const stack: unknown[] = [message];
  let visited = 0;
  while (stack.length) {
    const value = stack.pop();
    if (++visited > 200_000) throw new RejectedMessageError('message too large');
    if (typeof value === 'string') total += value.length;
    else if (Array.isArray(value)) stack.push(...value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { total += k.length; stack.push(v); }
    if (total > MAX_INBOUND_MESSAGE_CHARS) throw new RejectedMessageError('message too large');
  }
}
