import {
  PROTOCOL_VERSION, type HostToWebview, type ParamsOf, type RequestMap, type ResponseMessage, type ResultOf,
} from '../src/protocol';
import { onMessage, post } from './vscodeApi';

/**
 * The webview end of the protocol: one transport per page. A view takes a typed face of it with
 * `typed<Requests, Events>()`: `request` then returns the declared result and `on` hands the
 * declared payload. Call `start()` once, after handlers are attached, to send `ready`.
 */
export class HostChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly eventHandlers = new Map<string, Array<(payload: unknown) => void>>();

  constructor() {
    onMessage((message: HostToWebview) => {
      if (message.type === 'response') this.settle(message);
      else if (message.type === 'event') for (const handler of this.eventHandlers.get(message.name) ?? []) handler(message.payload);
    });
  }

  start(): void { post({ type: 'ready', protocol: PROTOCOL_VERSION }); }

  /** This transport, typed by a panel's declared maps (the host is trusted to answer as declared). */
  typed<R extends RequestMap<R>, E>(): TypedHostChannel<R, E> {
    return {
      request: (method, params) => this.send(method, params) as Promise<never>,
      on: (name, handler) => this.listen(name, handler as (payload: unknown) => void),
    };
  }

  private send(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      post({ type: 'request', id, method, params });
    });
  }

  private listen(name: string, handler: (payload: unknown) => void): void {
    this.eventHandlers.set(name, [...(this.eventHandlers.get(name) ?? []), handler]);
  }

  private settle(message: ResponseMessage): void {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error ?? 'The request failed.'));
  }
}

export interface TypedHostChannel<R extends RequestMap<R>, E> {
  request<M extends keyof R & string>(method: M, params: ParamsOf<R, M>): Promise<ResultOf<R, M>>;
  on<N extends keyof E & string>(name: N, handler: (payload: E[N]) => void): void;
}
