/**
 * Extraction logs before they reach an editor: secrets scrubbed, problem lines summarised. Pure.
 *
 * A log should never carry a credential, but if one ever appears we replace it: every secret the
 * extension knows (the token, credential values typed this session) by value, and by pattern any
 * `key=value`, `"key": "value"` or `Authorization:`/`Bearer` whose key looks sensitive, plus presigned
 * URL signatures.
 */

const SENSITIVE = '(?:[a-z0-9_-]*(?:token|secret|password|passwd|api[_-]?key|credential|private[_-]?key|signature|client[_-]?secret|refresh)[a-z0-9_-]*)';
const KEY_EQUALS = new RegExp(`(${SENSITIVE})(\\s*[=:]\\s*)(?!["'{\\[])([^\\s&,;"'}]+)`, 'gi');
const JSON_PAIR = new RegExp(`("${SENSITIVE}"\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, 'gi');
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/g;
const AUTH_HEADER = /\b(Authorization\s*[:=]\s*)(?!Bearer|Basic)\S+/gi;
export const MASK = '•••';

export function scrubLog(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const known = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.split(secret).join(MASK);
  out = out.replace(JSON_PAIR, (_m, key: string) => `${key}"${MASK}"`);
  out = out.replace(KEY_EQUALS, (_m, key: string, sep: string) => `${key}${sep}${MASK}`);
  out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`);
  out = out.replace(AUTH_HEADER, (_m, head: string) => `${head}${MASK}`);
  return out;
}

export type ProblemSeverity = 'error' | 'warning';
export interface LogProblem { line: number; severity: ProblemSeverity; text: string }

const ERROR_LINE = /\b(CRITICAL|FATAL|ERROR|Exception|Traceback)\b|exited with status [1-9]\d*|\bstatus=(?:[1-9]\d*)\b/;
const WARN_LINE = /\bWARN(?:ING)?\b|\bterminated\b/i;

/** Lines worth a look, 0-based, in order. */
export function findProblems(text: string): LogProblem[] {
  const problems: LogProblem[] = [];
  text.split('\n').forEach((line, index) => {
    if (ERROR_LINE.test(line)) problems.push({ line: index, severity: 'error', text: line.trim() });
    else if (WARN_LINE.test(line)) problems.push({ line: index, severity: 'warning', text: line.trim() });
  });
  return problems;
}

export interface LogHeader { sourceName: string; jobName: string; result?: string; fetchedAt: string; complete: boolean }

const MAX_LISTED = 10;

/**
 * The document: a short header (what, result, where the problems are) then the log itself. Problem
 * line numbers in the header are 1-based editor lines of the final document.
 */
export function renderLogDocument(header: LogHeader, scrubbedLog: string): { text: string; problems: LogProblem[] } {
  const body = scrubbedLog.endsWith('\n') ? scrubbedLog : `${scrubbedLog}\n`;
  const found = findProblems(body);
  const head: string[] = [
    `# Stitch extraction log: ${header.sourceName}`,
    `# Job: ${header.jobName}`,
  ];
  if (header.result) head.push(`# Result: ${header.result}`);
  head.push(`# Fetched ${header.fetchedAt}${header.complete ? '' : ' while the job was running: reopen it for more'}`);
  const errors = found.filter((p) => p.severity === 'error');
  const warnings = found.filter((p) => p.severity === 'warning');
  // The header's own size depends on how many problems it lists: compute it first.
  const listed = [...errors, ...warnings].slice(0, MAX_LISTED);
  const headerLines = head.length + 1 + listed.length + (found.length > MAX_LISTED ? 1 : 0) + 1;
  const shift = (p: LogProblem) => p.line + headerLines;
  head.push(found.length === 0
    ? '# No error or warning lines.'
    : `# ${errors.length} error line(s), ${warnings.length} warning line(s):`);
  for (const p of listed) head.push(`#   line ${shift(p) + 1}: ${p.text.length > 160 ? `${p.text.slice(0, 157)}...` : p.text}`);
  if (found.length > MAX_LISTED) head.push(`#   ... and ${found.length - MAX_LISTED} more (see the Problems view)`);
  head.push('# ' + '-'.repeat(60));
  return { text: `${head.join('\n')}\n${body}`, problems: found.map((p) => ({ ...p, line: shift(p) })) };
}
