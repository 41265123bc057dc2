/**
 * Captures replay: the suite walks a scrubbed capture through the extension's own client and reaches
 * the verdict and findings the live run reached. Every capture in test/contract/captures/ (the
 * emulator's own, and any a user attaches to an issue) is a fixture this way.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Emu } from './helpers';
import { replay, REPLAY_BASE_URL } from './replay';
import { CAPTURE_FORMAT, type Capture } from './scrub';
import { runContract, type ContractResult } from './suite';

const CAPTURES = path.join(__dirname, 'captures');

function fakeAccountId(capture: Capture): string | undefined {
  const list = capture.exchanges.find((e) => e.method === 'GET' && e.path === '/v4/sources' && e.status === 200)?.body;
  return Array.isArray(list) ? String((list[0] as { stitch_client_id?: number })?.stitch_client_id) : undefined;
}

async function replayCapture(capture: Capture): Promise<{ result: ContractResult; unmatched: string[]; unused: number }> {
  const r = replay(capture);
  const confirm = fakeAccountId(capture);
  const result = await runContract({
    baseUrl: REPLAY_BASE_URL,
    token: 'replay-token',
    fetch: r.fetch,
    pollMs: 0,
    checkTimeoutMs: 1_000,
    ...(capture.mode === 'writes' && confirm ? { allowWrites: true, confirmAccount: confirm } : {}),
  });
  return { result, unmatched: r.unmatched, unused: r.unused().length };
}

const outcomeOf = (result: ContractResult) => result.capture.outcome;

describe('contract suite: captures replay', function () {
  this.timeout(30_000);

  it('a fresh capture of the emulator replays to the same steps, verdict and findings', async () => {
    const emu = await Emu.start();
    try {
      for (const deviation of [undefined, 'numberAsString', 'renamedField'] as const) {
        await emu.control('POST', '/reset');
        await emu.control('POST', '/clock', { speed: 20 });
        if (deviation) await emu.control('POST', '/deviations', { [deviation]: true });
        const live = await emu.run({ allowWrites: true, confirmAccount: String(emu.clientId) });
        const { result, unmatched, unused } = await replayCapture(JSON.parse(JSON.stringify(live.capture)) as Capture);
        assert.deepEqual(unmatched, [], `${deviation}: every request found its captured answer`);
        assert.equal(unused, 0, `${deviation}: every captured answer was asked for`);
        assert.deepEqual(outcomeOf(result), outcomeOf(live), deviation ?? 'as the emulator stands');
        const steps = (r: ContractResult) => r.report.steps.map((s) => `${s.name}: ${s.outcome} ${s.status ?? ''}`);
        assert.deepEqual(steps(result), steps(live));
      }
    } finally {
      await emu.close();
    }
  });

  const files = fs.existsSync(CAPTURES) ? fs.readdirSync(CAPTURES).filter((f) => f.endsWith('.json')) : [];
  it('there is at least one stored capture', () => assert.ok(files.length >= 1, `captures in ${CAPTURES}`));
  for (const file of files) {
    it(`stored capture ${file} replays to its recorded outcome`, async () => {
      const capture = JSON.parse(fs.readFileSync(path.join(CAPTURES, file), 'utf8')) as Capture;
      assert.equal(capture.format, CAPTURE_FORMAT);
      const { result, unmatched } = await replayCapture(capture);
      assert.deepEqual(unmatched, []);
      assert.deepEqual(outcomeOf(result), capture.outcome);
    });
  }
});
