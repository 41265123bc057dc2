/** How long the panel keeps re-reading a source that waits for OAuth; the Refresh button still works after. */
const GIVE_UP_MS = 30 * 60_000;

/**
 * While a source waits for OAuth in Stitch's web app and its panel is visible, re-read it with
 * back-off until `read` says it moved on. A hidden panel stops; `start` again when shown.
 */
export class OAuthWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private startedAt = 0;

  constructor(
    private readonly delays: readonly number[],
    /** Still waiting for OAuth (not disposed, stage `oauth`, a source loaded). */
    private readonly waiting: () => boolean,
    private readonly visible: () => boolean,
    /** One re-read; true when the source moved on (the watch ends). */
    private readonly read: () => Promise<boolean>,
  ) {}

  start(): void {
    if (this.timer || !this.waiting()) return;
    this.startedAt = Date.now();
    let attempt = 0;
    const tick = async (): Promise<void> => {
      this.timer = undefined;
      if (!this.waiting() || !this.visible()) return; // resumes when shown again
      if (Date.now() - this.startedAt > GIVE_UP_MS) return;
      if (await this.read()) return;
      schedule();
    };
    const schedule = (): void => {
      const delay = this.delays[Math.min(attempt++, this.delays.length - 1)]!;
      this.timer = setTimeout(() => { void tick(); }, delay);
    };
    schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
