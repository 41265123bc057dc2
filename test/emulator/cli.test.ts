/** The CLI: binds 127.0.0.1, prints exactly the documented line (plus the default token), stops on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './test-helpers';

function run(args: string[]): Promise<{ lines: string[]; code: number | null; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('test', 'emulator', 'cli.ts'), ...args], { cwd: repoRoot });
    let out = '';
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not start: ${out}`));
    }, 15_000);
    child.stdout.on('data', async (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match && (args.includes('--token') || out.includes('token'))) {
        const url = match[1]!;
        const token = args.includes('--token') ? args[args.indexOf('--token') + 1]! : 'emulator-token';
        const res = await fetch(`${url}/v4/sources`, { headers: { Authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200);
        child.kill('SIGTERM');
        child.on('exit', (code) => {
          clearTimeout(deadline);
          resolve({ lines: out.trim().split('\n'), code, url });
        });
      }
    });
    child.on('error', reject);
  });
}

describe('emulator: CLI', function () {
  this.timeout(20_000);

  it('prints the listening line and the default token, serves, and exits 0 on SIGTERM', async () => {
    const { lines, code } = await run(['--port', '0', '--job-seconds', '1']);
    assert.match(lines[0]!, /^Stitch Connect emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lines[1], 'Default API token: emulator-token');
    assert.equal(lines.length, 2);
    assert.equal(code, 0);
  });

  it('with --token prints exactly one line', async () => {
    const { lines } = await run(['--token', 'tok-1', '--demo']);
    assert.equal(lines.length, 1);
  });
});
