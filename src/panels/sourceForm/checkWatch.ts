/**
 * The setup form's one watch of its source's connection check: starting a watch cancels the one
 * before, and `watching` is the latest (tests and callers await its end). No `vscode` import.
 */
import { StitchApiError } from '../../api/errors';
import type { ConnectionCheck } from '../../api/types';
import type { ConnectionCheckReader } from '../../state/checkStore';
import { CheckPoller, lastCheckOf, type PollOutcome } from './checkPoller';

export interface CheckWatchOptions {
  checks: ConnectionCheckReader;
  /** Poll delays (ms); tests shorten them. */
  delays?: readonly number[];
  onUpdate(check: ConnectionCheck): void;
  onEnded(outcome: PollOutcome): Promise<void>;
}

export class CheckWatch {
  private poller: CheckPoller | undefined;
  private current: Promise<PollOutcome | undefined> = Promise.resolve(undefined);

  constructor(private readonly options: CheckWatchOptions) {}

  get watching(): Promise<PollOutcome | undefined> { return this.current; }

  /** `justStarted`: a save's answer named the check, so the first look waits (see CheckPoller's waitFirst). */
  start(sourceId: number, expectJobName: string | undefined, justStarted: boolean): void {
    this.cancel();
    const o = this.options;
    const poller = new CheckPoller({
      fetch: lastCheckOf(o.checks, sourceId),
      onUpdate: (c) => o.onUpdate(c),
      isTransient: (e) => !StitchApiError.is(e) || e.transient,
      ...(o.delays ? { delays: o.delays } : {}),
      ...(expectJobName ? { expectJobName } : {}),
      waitFirst: justStarted,
    });
    this.poller = poller;
    this.current = poller.run().then(async (outcome) => {
      if (this.poller === poller) this.poller = undefined;
      await o.onEnded(outcome);
      return outcome;
    });
  }

  cancel(): void { this.poller?.cancel(); }
}
