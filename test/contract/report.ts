/** Writes the run's three artifacts: the JSON report, its Markdown summary and the scrubbed capture. */
import fs from 'node:fs';
import path from 'node:path';
import type { ContractResult } from './suite';

export interface WrittenFiles {
  report: string;
  summary: string;
  capture: string;
}

export function writeArtifacts(outDir: string, result: ContractResult): WrittenFiles {
  fs.mkdirSync(outDir, { recursive: true });
  const files = {
    report: path.join(outDir, 'contract-report.json'),
    summary: path.join(outDir, 'contract-report.md'),
    capture: path.join(outDir, 'contract-capture.json'),
  };
  fs.writeFileSync(files.report, `${JSON.stringify(result.report, null, 2)}\n`);
  fs.writeFileSync(files.summary, markdown(result));
  fs.writeFileSync(files.capture, `${JSON.stringify(result.capture, null, 1)}\n`);
  return files;
}

const cell = (s: unknown) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdown({ report }: ContractResult): string {
  const f = report.figures;
  const lines = [
    '# Stitch Connect contract report',
    '',
    `- Server: ${report.server}`,
    `- Mode: ${report.mode}`,
    `- Verdict: **${report.verdict}**${report.aborted ? ` (${report.aborted})` : ''}`,
    `- Requests: ${f.requests} (${Object.entries(f.byMethod).map(([m, n]) => `${m} ${n}`).join(', ')}); writes: ${f.writeRequests}; jobs endpoints: ${f.jobsRequests} of the ${f.jobsLimit} this run allows itself (Stitch's limit: 30 per 10 minutes); log host: ${f.logHostRequests}`,
    `- Breaks (the extension would fail): ${f.breaks}; differences from the docs: ${f.differences}`,
    `- ${report.startedAt} to ${report.finishedAt}`,
    '',
    '## Steps',
    '',
    '| step | call | outcome | HTTP | requests | note |',
    '|---|---|---|---|---|---|',
    ...report.steps.map((s) => `| ${cell(s.name)} | ${cell(s.call)} | ${s.outcome} | ${s.status ?? ''} | ${s.requests} | ${cell(s.info)} |`),
    '',
    '## Findings',
    '',
  ];
  const shown = report.findings.filter((x) => x.severity !== 'note');
  if (shown.length === 0) lines.push('None: every answer had the documented shape.', '');
  else {
    lines.push('| severity | step | kind | where | detail | count |', '|---|---|---|---|---|---|');
    for (const x of shown) lines.push(`| ${x.severity} | ${cell(x.step)} | ${x.kind} | ${cell(x.at ?? '')} | ${cell(x.detail)} | ${x.count ?? ''} |`);
    lines.push('');
  }
  const notes = report.findings.filter((x) => x.severity === 'note');
  if (notes.length > 0) lines.push('## Not checked', '', ...notes.map((n) => `- ${n.step}: ${n.detail}`), '');
  if (report.cleanup) {
    const c = report.cleanup;
    lines.push('## Cleanup', '', `Created ${c.created.length}, deleted ${c.deleted.length}.`);
    if (c.leftBehind.length > 0) lines.push('', '**Left behind (delete these by hand in Stitch):**', ...c.leftBehind.map((l) => `- source ${l.id}: ${l.why}`));
    lines.push('');
  }
  lines.push('The scrubbed capture (contract-capture.json) holds every answer with tokens, credentials, ids, names, emails, URLs and log text replaced. Read it before you attach it to an issue.', '');
  return lines.join('\n');
}
