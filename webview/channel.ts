import { PROTOCOL_VERSION, type HostToWebview, type ResponseMessage } from '../src/protocol';
import { onMessage, post } from './vscodeApi';

type EventHandler = (payload: unknown) => void;

/**
 * The webview end of the protocol: `request` resolves with the host's answer (or rejects with its
 * error message); `on` subscribes to host events. Call `start()` once, after handlers are attached,
 * to send `ready`.
 */
export class HostChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly eventHandlers = new Map<string, EventHandler[]>();

  constructor() {
    onMessage((message: HostToWebview) => {
      if (message.type === 'response') this.settle(message);
      else if (message.type === 'event') for (const handler of this.eventHandlers.get(message.name) ?? []) handler(message.payload);
    });
  }

  start(): void { post({ type: 'ready', protocol: PROTOCOL_VERSION }); }

  request<T = unknown>(method: string, params?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      post({ type: 'request', id, method, params });
    });
  }

  on(name: string, handler: EventHandler): void {
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
