/**
 * One contract run: each step makes one kind of call through the extension's own client (so its
 * shape checks in src/api/shape.ts judge the answer), then the raw answer is compared with the
 * documented fields. Findings are sorted by how much they matter:
 * - break: the extension would fail on this answer (a shape check failed, an error it cannot read,
 *   a redirect it cannot follow, a call that should succeed and did not);
 * - difference: the answer differs from the documentation, but the extension copes;
 * - note: something the run could not check, and why.
 */
import { readErrorBody, StitchApiError, type ErrorBodyFamily, type StitchClient } from '../../src/api';
import { diffFields, type Spec } from './fields';
import type { Exchange, Recorder } from './recorder';

export type Severity = 'break' | 'difference' | 'note';

export interface Finding {
  severity: Severity;
  step: string;
  kind: string;
  detail: string;
  at?: string;
  example?: string;
  count?: number;
}

export interface StepResult {
  name: string;
  call: string;
  outcome: 'ok' | 'break' | 'difference' | 'skipped';
  status?: number;
  /** HTTP requests this step made. */
  requests: number;
  info?: string;
}

/** A 401 or an unreachable server: nothing after it can be judged. */
export class FatalRun extends Error {
  override readonly name = 'FatalRun';
}

interface Shape {
  spec: Spec | 'array';
  item?: Spec;
  root: string;
}

export class Run {
  readonly findings: Finding[] = [];
  readonly steps: StepResult[] = [];

  constructor(readonly client: StitchClient, readonly recorder: Recorder) {}

  private begin(name: string): number {
    this.recorder.step = name;
    return this.recorder.last;
  }

  add(f: Finding): void {
    this.findings.push(f);
  }

  skip(name: string, call: string, why: string): void {
    this.steps.push({ name, call, outcome: 'skipped', requests: 0, info: why });
    this.add({ severity: 'note', step: name, kind: 'skipped', detail: why });
  }

  private outcome(name: string): StepResult['outcome'] {
    const mine = this.findings.filter((f) => f.step === name);
    if (mine.some((f) => f.severity === 'break')) return 'break';
    if (mine.some((f) => f.severity === 'difference')) return 'difference';
    return 'ok';
  }

  private finish(name: string, call: string, start: number, info?: string): void {
    const made = this.recorder.since(start);
    const status = made.filter((e) => e.host === 'api').at(-1)?.status;
    this.steps.push({ name, call, outcome: this.outcome(name), requests: made.length, ...(status !== undefined ? { status } : {}), ...(info ? { info } : {}) });
  }

  /** A call that should succeed. Returns undefined when it did not (the finding says why). */
  async call<T>(name: string, call: string, fn: () => Promise<T>, shape?: Shape): Promise<T | undefined> {
    const start = this.begin(name);
    try {
      return await fn();
    } catch (error) {
      this.failure(name, error);
      return undefined;
    } finally {
      // Also after a failed shape check: the field differences say precisely what changed.
      if (shape) this.compare(name, this.recorder.since(start), shape);
      this.finish(name, call, start);
    }
  }

  /**
   * A call that must fail (an id that does not exist): the extension has to be able to read the
   * error. `documented` is the family and status the docs give, when they give one.
   */
  async expectError(name: string, call: string, fn: () => Promise<unknown>, documented?: { family: ErrorBodyFamily; status: number; code?: string }): Promise<void> {
    const start = this.begin(name);
    let info: string | undefined;
    try {
      await fn();
      this.add({ severity: 'difference', step: name, kind: 'unexpected_success', detail: `${call} succeeded; an error was expected` });
    } catch (error) {
      if (!(error instanceof StitchApiError) || error.status === 0) return this.failure(name, error);
      if (error.status === 401) throw new FatalRun(`the token was rejected (HTTP 401) during "${name}"`);
      const ex = this.recorder.since(start).filter((e) => e.host === 'api').at(-1);
      const reading = readErrorBody(ex?.bodyText ?? '', ex?.contentType);
      info = `HTTP ${error.status}, ${reading.family} body${reading.code ? ` ${reading.code}` : ''}${reading.type ? ` ${reading.type}` : ''}`;
      if (reading.family === 'unknown' || !reading.message) {
        this.add({
          severity: 'break', step: name, kind: 'error_body',
          detail: `HTTP ${error.status} error body the extension cannot read (no known family, no message): ${clip(ex?.bodyText ?? '')}`,
        });
      } else if (documented && (reading.family !== documented.family || error.status !== documented.status || (documented.code && reading.code !== documented.code))) {
        this.add({
          severity: 'difference', step: name, kind: 'error_body',
          detail: `documented HTTP ${documented.status} ${documented.family}${documented.code ? ` ${documented.code}` : ''}; got ${info}`,
        });
      }
    } finally {
      this.finish(name, call, start, info);
    }
  }

  private failure(name: string, error: unknown): void {
    if (error instanceof StitchApiError) {
      if (error.status === 401) throw new FatalRun(`the token was rejected (HTTP 401) during "${name}"`);
      if (error.kind === 'network' || error.kind === 'timeout') throw new FatalRun(`no answer from the server during "${name}": ${error.message}`);
      const kind = error.kind === 'malformed_response' ? 'shape' : error.kind === 'budget_exhausted' ? 'jobs_budget' : 'call_failed';
      this.add({ severity: 'break', step: name, kind, detail: error.message });
      return;
    }
    if (error instanceof FatalRun) throw error;
    this.add({ severity: 'break', step: name, kind: 'call_failed', detail: (error as Error)?.message ?? String(error) });
  }

  private compare(name: string, made: Exchange[], shape: Shape): void {
    const ex = made.filter((e) => e.host === 'api').at(-1);
    if (!ex || ex.status < 200 || ex.status >= 300) return;
    let body: unknown;
    try {
      body = JSON.parse(ex.bodyText);
    } catch {
      return; // the client already judged an unreadable body
    }
    for (const d of diffFields(body, shape.spec, shape.item, shape.root)) {
      this.add({ severity: 'difference', step: name, kind: d.kind, at: d.at, detail: d.detail, example: d.example, count: d.count });
    }
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
