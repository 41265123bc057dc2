// The selection view's test host: the real bundle in Chromium, answered by the real session over an in-memory API.
import { SelectionSession } from '../../src/panels/selection/session';
import { FakeApi, type FakeStream } from '../unit/selection/fixtures';
import { openWebview, type WebviewHarness } from './harness';

/** A host for the real bundle: answers its requests with the real session over an in-memory API. */
export class FakeHost {
  readonly requests: Array<{ method: string; params: unknown }> = [];
  private seen = 0;
  private timer: ReturnType<typeof setInterval>;
  readonly session: SelectionSession;
  /** Requests the host answers only once their promise settles (to hold the view in a state). */
  readonly held = new Map<string, Promise<void>>();
  constructor(readonly view: WebviewHarness, readonly api: FakeApi, held?: Record<string, Promise<void>>) {
    for (const [method, until] of Object.entries(held ?? {})) this.held.set(method, until);
    this.session = new SelectionSession(() => api, 7);
    this.timer = setInterval(() => { void this.pump(); }, 15);
  }
  private busy = false;
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const posted = await this.view.posted().catch(() => []);
      for (const m of posted.slice(this.seen)) {
        this.seen++;
        if (m.type !== 'request') continue;
        const method = m.method as string;
        const params = m.params as Record<string, unknown> | undefined;
        this.requests.push({ method, params });
        // Previews are answered concurrently, so a slow one can come back after a newer one.
        if (method === 'selection/previewRules') void this.respond(m.id, method, params);
        else await this.respond(m.id, method, params);
      }
    } finally {
      this.busy = false;
    }
  }
  /** Rule texts whose preview answer the host holds back this long (to answer out of order). */
  readonly slowPreviews = new Map<string, number>();
  private async respond(id: unknown, method: string, params: Record<string, unknown> | undefined): Promise<void> {
    let response: Record<string, unknown>;
    try {
      const result = await this.answer(method, params);
      const delay = method === 'selection/previewRules' ? this.slowPreviews.get(params!.text as string) : undefined;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      response = { type: 'response', id, ok: true, result };
    } catch (error) {
      response = { type: 'response', id, ok: false, error: (error as Error).message };
    }
    await this.view.send(response);
  }
  private async answer(method: string, params: Record<string, unknown> | undefined): Promise<unknown> {
    await this.held.get(method);
    switch (method) {
      case 'selection/init': return this.session.loaded ? this.session.state() : this.session.load(params?.staged as never);
      case 'selection/loadFields': return this.session.loadFields(params!.stream as string);
      case 'selection/edit': return this.session.edit(params!.ops as never);
      case 'selection/discard': return this.session.discard();
      case 'selection/apply': {
        const outcome = await this.session.apply();
        return { state: this.session.state(), appliedText: outcome.appliedText, becameConfigured: outcome.becameConfigured, nextSteps: ['syncNow'] };
      }
      case 'selection/previewRules': return this.session.previewRules(params!.text as string, params!.fieldsFor as string[] | undefined);
      case 'selection/applyRules': return this.session.applyRules(params!.text as string);
      default: throw new Error(`unexpected ${method}`);
    }
  }
  stop(): void { clearInterval(this.timer); }
}

export interface OpenOptions {
  /** What the page shows once it is ready (default: a stream row). */
  ready?: string;
  held?: Record<string, Promise<void>>;
}

export async function open(streams: FakeStream[], state?: unknown, options: OpenOptions = {}): Promise<{ view: WebviewHarness; host: FakeHost }> {
  const view = await openWebview({ bodyAttributes: 'data-view="selection"', ...(state ? { state } : {}) });
  await view.page.setViewportSize({ width: 1000, height: 700 });
  const host = new FakeHost(view, new FakeApi(streams), options.held);
  await view.page.waitForSelector(options.ready ?? '.sel-stream');
  return { view, host };
}


/** Moves the focused settings dropdown with ArrowDown until it shows `value` (each step is an edit the host answers). */
export async function pickWithArrows(view: WebviewHarness, action: string, value: string): Promise<void> {
  const valueOf = (a: string) => view.page.evaluate((x) => (document.querySelector(`[data-action="${x}"]`) as HTMLElement & { value: string } | null)?.value ?? '', a);
  for (let i = 0; i < 6; i++) {
    const current = await valueOf(action);
    if (current === value) return;
    await view.page.waitForFunction((a) => document.activeElement?.getAttribute('data-action') === a, action);
    // The dropdown moves at once; the host's answer rebuilds its row: wait for that (a new element).
    await view.page.evaluate((a) => { (document.querySelector(`[data-action="${a}"]`) as HTMLElement & { stale?: boolean }).stale = true; }, action);
    await view.page.keyboard.press('ArrowDown');
    await view.page.waitForFunction(([a, was]) => {
      const now = document.querySelector(`[data-action="${a}"]`) as HTMLElement & { value: string; stale?: boolean } | null;
      return !!now && !now.stale && now.value !== was;
    }, [action, current] as const);
  }
  throw new Error(`${action} never showed ${value}`);
}
