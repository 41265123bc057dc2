import type { StagedSelection } from '../../src/protocol/selection';
import { getState, setState } from '../vscodeApi';

/** What survives hide, reload and restart (no secrets here: selection only). */
export interface Persisted {
  v: 1;
  sourceId?: number;
  staged?: StagedSelection;
  filter: string;
  selectedOnly: boolean;
  expanded: string[];
  scrollTop: number;
  active?: string;
  /** The Rules box's text. */
  rules?: string;
}

export function savedState(): Persisted | undefined { return getState<Persisted>(); }

/** The scroll position is saved once scrolling has paused, not on every scroll event (or frame). */
const SCROLL_PERSIST_MS = 400;

/** Writes the view's state with setState: debounced, at once when asked, and scroll once it settles. */
export class Persistence {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly snapshot: () => Persisted) {
    // A webview about to be hidden or unloaded saves a pending scroll position now.
    const flushScroll = (): void => { if (this.scrollTimer) { clearTimeout(this.scrollTimer); this.scrollTimer = undefined; this.persist(true); } };
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushScroll(); });
    window.addEventListener('pagehide', flushScroll);
  }

  persist(now = false): void {
    const write = (): void => {
      this.timer = undefined;
      setState(this.snapshot());
    };
    if (this.timer) clearTimeout(this.timer);
    if (now) write();
    else this.timer = setTimeout(write, 150);
  }

  persistScroll(): void {
    if (this.scrollTimer) clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => { this.scrollTimer = undefined; this.persist(true); }, SCROLL_PERSIST_MS);
  }
}
