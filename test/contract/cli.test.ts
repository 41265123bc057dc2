/** `npm run contract`: the token only from the environment, writes only when confirmed, files written. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './cli';
import { Emu, tempDir } from './helpers';

const TOKEN = 'at_0123456789abcdef0123456789abcdef';
const env = { STITCH_TOKEN: TOKEN };

function refusal(argv: string[], e: NodeJS.ProcessEnv = env): string {
  const parsed = parseArgs(argv, e);
  assert.equal(parsed.ok, false, JSON.stringify(argv));
  return (parsed as { message: string }).message;
}

describe('contract suite: command line', function () {
  this.timeout(60_000);

  it('refuses a token on the command line, in every spelling, without echoing it', () => {
    for (const argv of [['--token', TOKEN], [`--token=${TOKEN}`], ['--api-token', TOKEN], ['--base-url', 'http://x', `--access-token=${TOKEN}`]]) {
      const message = refusal(argv);
      assert.match(message, /^Refusing --[a-z-]+: a token given on the command line stays in your shell history/);
      assert.match(message, /--token-env STITCH_TOKEN/);
      assert.ok(!message.includes(TOKEN), 'the token is not repeated');
    }
  });

  it('takes the token from the named variable only; a pasted token in place of the name is not shown', () => {
    const ok = parseArgs(['--base-url', 'http://127.0.0.1:1', '--token-env', 'STITCH_TOKEN'], env, '/tmp');
    assert.ok(ok.ok);
    assert.equal(ok.options.token, TOKEN);
    assert.equal(ok.options.allowWrites, false, 'read-only by default');
    assert.equal(ok.outDir, '/tmp/artifacts');
    const pasted = refusal(['--token-env', `Bearer ${TOKEN}`]);
    assert.match(pasted, /takes the NAME of an environment variable/);
    assert.ok(!pasted.includes(TOKEN));
    assert.match(refusal(['--token-env', 'NOT_SET_ANYWHERE'], {}), /NOT_SET_ANYWHERE is not set or is empty/);
    assert.match(refusal([]), /--token-env VAR is required/);
    assert.match(refusal(['--token-env', 'STITCH_TOKEN', '--base-url', 'ftp://x']), /not an http\(s\) URL/);
    assert.match(refusal(['--token-env', 'STITCH_TOKEN', '--bogus']), /Unknown argument "--bogus"/);
  });

  it('--allow-writes needs the account id typed again', () => {
    assert.match(refusal(['--token-env', 'STITCH_TOKEN', '--allow-writes']), /--allow-writes needs --confirm-account ID/);
    const ok = parseArgs(['--token-env', 'STITCH_TOKEN', '--allow-writes', '--confirm-account', '116078'], env);
    assert.ok(ok.ok && ok.options.allowWrites && ok.options.confirmAccount === '116078');
  });

  it('npm run contract against the emulator: exit 0, the three files, the token in none of them', async () => {
    const emu = await Emu.start();
    const out = tempDir();
    try {
      const repo = path.resolve(__dirname, '..', '..');
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract/cli.ts', '--base-url', emu.emu.url, '--token-env', 'CONTRACT_TEST_TOKEN', '--out', out], {
        cwd: repo,
        env: { ...process.env, CONTRACT_TEST_TOKEN: emu.token },
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, output);
      assert.match(output, /Verdict: pass/);
      assert.match(output, /\d+ requests \(0 writes, 3 on the jobs endpoints\); 0 breaks, 0 differences/);
      for (const file of ['contract-report.json', 'contract-report.md', 'contract-capture.json']) {
        const text = fs.readFileSync(path.join(out, file), 'utf8');
        assert.ok(!text.includes(emu.token), `${file} holds no token`);
      }
      assert.ok(!output.includes(emu.token));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      await emu.close();
    }
  });
});
