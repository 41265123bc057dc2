/**
 * `npm run contract -- --base-url URL --token-env VAR [--allow-writes --confirm-account ID] [--out DIR]`
 * The token is read from the environment variable named by --token-env, never from the command line
 * (shell history and process lists keep arguments).
 */
import path from 'node:path';
import { writeArtifacts } from './report';
import { runContract, type ContractOptions } from './suite';

export const USAGE = `Usage: npm run contract -- --base-url URL --token-env VAR [--allow-writes --confirm-account ID] [--out DIR]
  --base-url URL          the API to test (default https://api.stitchdata.com)
  --token-env VAR         name of the environment variable that holds the API token
  --allow-writes          also create, rename, pause and delete one throw-away source
  --confirm-account ID    required with --allow-writes: your Stitch account id (stitch_client_id), typed again
  --out DIR               where to write the report and the capture (default artifacts/)`;

export type Parsed = { ok: true; options: ContractOptions; outDir: string } | { ok: false; message: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Parsed {
  const values: Record<string, string> = {};
  let allowWrites = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (/^--(token|api-token|access-token|bearer)$/.test(flag)) {
      return { ok: false, message: `Refusing ${flag}: a token given on the command line stays in your shell history and in the process list. Put it in an environment variable and pass that variable's name: --token-env STITCH_TOKEN` };
    }
    if (flag === '--allow-writes') {
      allowWrites = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') return { ok: false, message: USAGE };
    if (!['--base-url', '--token-env', '--confirm-account', '--out'].includes(flag)) return { ok: false, message: `Unknown argument "${flag}".\n${USAGE}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value.\n${USAGE}` };
    values[flag] = value;
  }
  const baseUrl = values['--base-url'] ?? 'https://api.stitchdata.com';
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
  } catch {
    return { ok: false, message: `--base-url "${baseUrl}" is not an http(s) URL` };
  }
  const varName = values['--token-env'];
  if (!varName) return { ok: false, message: `--token-env VAR is required: the name of the environment variable that holds the token.\n${USAGE}` };
  // Never echo a value that may be the token itself pasted in place of a variable name.
  if (!ENV_NAME.test(varName)) return { ok: false, message: '--token-env takes the NAME of an environment variable (letters, digits, _), not the token itself; the value you gave is not shown' };
  const token = env[varName]?.trim();
  if (!token) return { ok: false, message: `The environment variable ${varName} is not set or is empty` };
  if (allowWrites && !values['--confirm-account']) {
    return { ok: false, message: '--allow-writes needs --confirm-account ID: type your Stitch account id (stitch_client_id) again to confirm which account may be written to' };
  }
  return {
    ok: true,
    outDir: path.resolve(cwd, values['--out'] ?? 'artifacts'),
    options: { baseUrl, token, allowWrites, ...(values['--confirm-account'] ? { confirmAccount: values['--confirm-account'] } : {}) },
  };
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const { options, outDir } = parsed;
  console.log(`Contract run against ${new URL(options.baseUrl).origin} (${options.allowWrites ? 'with writes to one throw-away source' : 'read-only'})`);
  const result = await runContract(options);
  const files = writeArtifacts(outDir, result);
  const f = result.report.figures;
  for (const s of result.report.steps) console.log(`  ${s.outcome.padEnd(10)} ${s.name}${s.info ? ` (${s.info})` : ''}`);
  console.log(`Verdict: ${result.report.verdict}${result.report.aborted ? `: ${result.report.aborted}` : ''}`);
  console.log(`${f.requests} requests (${f.writeRequests} writes, ${f.jobsRequests} on the jobs endpoints); ${f.breaks} breaks, ${f.differences} differences`);
  console.log(`Report: ${files.summary}\nCapture to attach (scrubbed; read it first): ${files.capture}`);
  return result.exitCode;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error((error as Error)?.stack ?? String(error));
    process.exit(2);
  });
}
