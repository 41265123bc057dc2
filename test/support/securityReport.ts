import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Merges one section into artifacts/security-report.json: the figures the security and reliability
 * tests measure (the README reports them). `repoRoot` is explicit because suites bundled into the
 * extension host don't sit where their sources do.
 */
export function writeSecurityFigures(repoRoot: string, section: string, figures: object): void {
  const file = path.join(repoRoot, 'artifacts', 'security-report.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let report: Record<string, unknown> = {};
  try { report = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>; } catch { /* first section */ }
  report[section] = { ...figures, measuredAt: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
