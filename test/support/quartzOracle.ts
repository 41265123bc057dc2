/**
 * Quartz 2.3.2 itself, as a test oracle: compiles test/oracle/QuartzOracle.java against Debian's
 * libquartz2-java into a gitignored cache, then asks one JVM about a whole batch of cases over
 * stdin/stdout. Returns undefined (with the reason) on a machine without Java or the jar.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const source = path.join(repoRoot, 'test', 'oracle', 'QuartzOracle.java');
const cacheDir = path.join(repoRoot, '.vscode-test', 'quartz-oracle');
export const QUARTZ_JAR = process.env.QUARTZ_JAR || '/usr/share/java/quartz2.jar';

export interface OracleCase {
  expr: string;
  /** Several starts: the answer is "hangs" if Quartz never finishes from one of them, else valid with no times. */
  fromMs: number | readonly number[];
  count: number;
}

export type OracleAnswer =
  | { kind: 'valid'; times: number[] }
  | { kind: 'invalid'; message: string }
  | { kind: 'throws'; exception: string }
  | { kind: 'hangs' };

export interface OracleBatch {
  /** CronExpression.MAX_YEAR as the oracle's JVM computed it. */
  maxYear: number;
  answers: OracleAnswer[];
}

function hasCommand(name: string): boolean {
  try {
    execFileSync(name, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Compiles the oracle when needed; returns a reason string when this machine cannot run it. */
export function prepareOracle(): { classDir: string } | { missing: string } {
  if (!hasCommand('java') || !hasCommand('javac')) return { missing: 'no JDK (java and javac) on PATH' };
  if (!fs.existsSync(QUARTZ_JAR)) return { missing: `Quartz jar not found at ${QUARTZ_JAR} (Debian package libquartz2-java)` };
  const classFile = path.join(cacheDir, 'QuartzOracle.class');
  if (!fs.existsSync(classFile) || fs.statSync(classFile).mtimeMs < fs.statSync(source).mtimeMs) {
    fs.mkdirSync(cacheDir, { recursive: true });
    execFileSync('javac', ['-nowarn', '-d', cacheDir, '-cp', QUARTZ_JAR, source], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return { classDir: cacheDir };
}

function parseAnswer(line: string): OracleAnswer {
  const tag = line[0];
  const rest = line.slice(2);
  if (tag === 'V') return { kind: 'valid', times: rest === '' ? [] : rest.split(' ').map(Number) };
  if (tag === 'I') return { kind: 'invalid', message: rest };
  if (tag === 'X') return { kind: 'throws', exception: rest };
  if (tag === 'H') return { kind: 'hangs' };
  throw new Error(`Unexpected oracle output: ${line}`);
}

/** Runs every case through one JVM; a case still computing after `hangMillis` is answered "hangs". */
export function askOracle(classDir: string, cases: readonly OracleCase[], hangMillis = 400): Promise<OracleBatch> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [`-Doracle.hangMillis=${hangMillis}`, '-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', `${classDir}${path.delimiter}${QUARTZ_JAR}`, 'QuartzOracle'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { out += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((l) => l !== '');
      const header = /^MAXYEAR (\d+)$/.exec(lines[0] ?? '');
      if (!header || lines.length - 1 !== cases.length) {
        reject(new Error(`Quartz oracle exited with ${code} after ${Math.max(lines.length - 1, 0)} of ${cases.length} answers`));
        return;
      }
      resolve({ maxYear: Number(header[1]), answers: lines.slice(1).map(parseAnswer) });
    });
    child.stdin.end(cases.map((c) => `${typeof c.fromMs === 'number' ? c.fromMs : c.fromMs.join(',')} ${c.count} ${encodeURIComponent(c.expr)}\n`).join(''));
  });
}
