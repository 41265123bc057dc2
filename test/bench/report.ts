// The bench's Markdown table: each figure with its target and where we stand.
export interface Figure {
  area: string;
  name: string;
  value: number;
  unit?: string;
  detail?: string;
  /** The figure is good when `value <comparison> target`. */
  target?: number;
  comparison?: '<' | '<=';
}

export function verdict(f: Figure): 'met' | 'missed' | '' {
  if (f.target === undefined || !Number.isFinite(f.value)) return '';
  return (f.comparison === '<' ? f.value < f.target : f.value <= f.target) ? 'met' : 'missed';
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return n.toLocaleString('en', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
}

export function renderMarkdown(result: {
  generatedAt: string; machine: Record<string, unknown>; vscode: string; durationSeconds: number;
  figures: Figure[]; notes: string[]; failures: string[];
}): string {
  const m = result.machine;
  const lines = [
    `## Stitch Connect bench, ${result.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, ${String(m.os)}, Node ${String(m.node)}; load average at start ${JSON.stringify(m.loadAverage)}, at end ${JSON.stringify(m.loadAverageAtEnd)}. VS Code ${result.vscode}. Bench took ${result.durationSeconds} s.`,
    '',
    '| Area | Figure | Measured | Target | Status | Detail |',
    '|---|---|---:|---|---|---|',
  ];
  for (const f of result.figures) {
    const target = f.target === undefined ? '' : `${f.comparison === '<' ? '<' : '≤'} ${fmt(f.target)}${f.unit ? ` ${f.unit}` : ''}`;
    const status = verdict(f) === 'met' ? '✅ met' : verdict(f) === 'missed' ? '❌ missed' : '';
    lines.push(`| ${f.area} | ${f.name.trim()} | ${fmt(f.value)}${f.unit ? ` ${f.unit}` : ''} | ${target} | ${status} | ${(f.detail ?? '').replace(/\|/g, '\\|')} |`);
  }
  if (result.notes.length) lines.push('', 'Notes:', ...result.notes.map((n) => `- ${n}`));
  if (result.failures.length) lines.push('', 'Parts that could not be measured in this run:', ...result.failures.map((n) => `- ${n.replace(/\n/g, ' ')}`));
  return `${lines.join('\n')}\n`;
}
