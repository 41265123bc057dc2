// axe-core in a webview-tier page: the audit the panels must pass with no serious or critical
// violation. axe is evaluated through the DevTools protocol, which the page's CSP does not govern,
// so the page under test keeps its real policy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

const axeSource = (): string => fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
}

/** The serious and critical violations axe finds in the page as it is now (open shadow roots included). */
export async function axeViolations(page: Page, context: string = 'body'): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  return page.evaluate(async (selector) => {
    interface AxeNode { target: unknown[]; failureSummary?: string }
    interface AxeResult { id: string; impact?: string | null; help: string; nodes: AxeNode[] }
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document.querySelector(selector) ?? document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id, impact: v.impact ?? '', help: v.help,
        nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
      }));
  }, context);
}

/** One readable line per violating node, for an assertion message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target}: ${n.summary}`)).join('\n');
}

/** Fails with every serious/critical violation listed when axe finds any. */
export async function assertNoSeriousViolations(page: Page, state: string, context?: string): Promise<void> {
  const violations = await axeViolations(page, context);
  if (violations.length > 0) throw new Error(`axe: ${violations.length} serious/critical rule(s) fail in ${state}:\n${describeViolations(violations)}`);
}
