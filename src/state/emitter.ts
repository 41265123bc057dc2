/**
 * A tiny event emitter with the same listener shape as `vscode.Event`, so the stores stay free of
 * `vscode` (unit-tested in plain Node) while views subscribe to them like any VS Code event.
 */
export interface Disposable { dispose(): void }

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    this.listeners.add(bound);
    const subscription = { dispose: () => { this.listeners.delete(bound); } };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every listener; one listener throwing doesn't keep the others from hearing it. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }

  dispose(): void { this.listeners.clear(); }
}
