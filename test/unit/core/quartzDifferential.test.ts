/**
 * Differential test against Quartz 2.3.2 itself (Debian's libquartz2-java, run by
 * test/oracle/QuartzOracle.java in one JVM): thousands of generated expressions from several start
 * instants must agree on validity and on the next 5 fire times. The only cases left out are those
 * where Quartz never finishes; they are listed in the output and must be ones we refuse.
 */
import assert from 'node:assert/strict';
import { parseQuartz, quartzRuns, type QuartzParseResult } from '../../../src/core/quartz';
import { askOracle, prepareOracle, type OracleAnswer, type OracleBatch, type OracleCase } from '../../support/quartzOracle';
import { generateExpression, rng, START_INSTANTS } from './quartzCases';

const SEED = Number(process.env.QUARTZ_DIFF_SEED ?? 20261201);
const EXPRESSIONS = Number(process.env.QUARTZ_DIFF_COUNT ?? 3000);
const RUNS = 5;
// QUARTZ_DIFF_STARTS=ISO,ISO,… tries other start instants (whole seconds: Quartz drops milliseconds).
const STARTS = process.env.QUARTZ_DIFF_STARTS?.split(',') ?? START_INSTANTS;

interface Outcome {
  kind: 'valid' | 'invalid' | 'throws' | 'hangs';
  times?: number[];
}

function ours(parsed: QuartzParseResult, fromMs: number): Outcome {
  if (!parsed.ok) return { kind: parsed.code === 'neverFinishes' ? 'hangs' : 'invalid' };
  const result = quartzRuns(parsed.cron, new Date(fromMs), RUNS);
  if (result.end === 'noValues') return { kind: 'throws' };
  if (result.end === 'loops') return { kind: 'hangs' };
  return { kind: 'valid', times: result.runs.map((d) => d.getTime()) };
}

const show = (o: Outcome | OracleAnswer): string =>
  o.kind === 'valid' ? `valid [${(o.times ?? []).map((t) => new Date(t).toISOString().slice(0, 19)).join(', ')}]` : o.kind;

describe('core/quartz differential against Quartz 2.3.2', function () {
  this.timeout(180_000);
  const expressions: string[] = [];
  const random = rng(SEED);
  for (let i = 0; i < EXPRESSIONS; i++) expressions.push(generateExpression(random));
  const cases: Array<OracleCase & { fromMs: number }> = [];
  for (const expr of expressions) for (const start of STARTS) cases.push({ expr, fromMs: Date.parse(start), count: RUNS });
  let batch: OracleBatch;

  before(async function () {
    const oracle = prepareOracle();
    if ('missing' in oracle) {
      // CI provisions Java and Quartz (scripts/lib/provision.mjs): there a missing oracle is a failure.
      if (process.env.CI) throw new Error(`The Quartz oracle cannot run on CI: ${oracle.missing}`);
      console.warn(`    (skipped: the Quartz oracle cannot run here: ${oracle.missing}; npm test provisions it on CI)`);
      this.skip();
    }
    batch = await askOracle(oracle.classDir, cases);
  });

  /** Starts spread over a year and the hours of the day, to confirm Quartz loops on what we refuse. */
  const probeStarts: number[] = [];
  for (let day = 0; day < 365; day += 4) probeStarts.push(Date.UTC(2026, 0, 1) + day * 86_400_000 + (day % 24) * 3_600_000);

  it(`agrees on validity and the next ${RUNS} fire times (seed ${SEED}, ${EXPRESSIONS} expressions × ${STARTS.length} starts)`, async () => {
    // Quartz is merely slow on some (it walks day by day to 2999 on "9#1"): give those cases longer.
    const slow = cases.map((c, i) => ({ c, i })).filter(({ c, i }) => {
      if (batch.answers[i]!.kind !== 'hangs') return false;
      const parsed = parseQuartz(c.expr, { maxYear: batch.maxYear });
      return parsed.ok && quartzRuns(parsed.cron, new Date(c.fromMs), RUNS).end !== 'loops';
    });
    const oracle = prepareOracle();
    if (slow.length && 'classDir' in oracle) {
      const again = await askOracle(oracle.classDir, slow.map(({ c }) => c), 30_000);
      slow.forEach(({ i }, k) => { batch.answers[i] = again.answers[k]!; });
    }
    const parsedCache = new Map<string, QuartzParseResult>();
    const mismatches: string[] = [];
    const excluded: string[] = [];
    const hangsSomewhere = new Set<string>();
    const weRefuseAsLooping = new Set<string>();
    let compared = 0;
    let agreed = 0;
    cases.forEach((c, i) => {
      const answer = batch.answers[i]!;
      let parsed = parsedCache.get(c.expr);
      if (!parsed) parsedCache.set(c.expr, (parsed = parseQuartz(c.expr, { maxYear: batch.maxYear })));
      const mine = ours(parsed, c.fromMs);
      if (answer.kind === 'hangs') hangsSomewhere.add(c.expr);
      if (mine.kind === 'hangs') weRefuseAsLooping.add(c.expr);
      if (answer.kind === 'hangs' || mine.kind === 'hangs') {
        excluded.push(`${JSON.stringify(c.expr)} from ${new Date(c.fromMs).toISOString()}: Quartz ${show(answer)}, ours ${show(mine)}`);
        if (answer.kind === 'hangs' && mine.kind !== 'hangs') mismatches.push(`Quartz never finishes but we do: ${excluded.at(-1)}`);
        return;
      }
      compared++;
      const same = mine.kind === answer.kind && (answer.kind !== 'valid' || JSON.stringify(mine.times) === JSON.stringify(answer.times));
      if (same) agreed++;
      else {
        const why = answer.kind === 'invalid' ? ` (Quartz: ${answer.message})` : '';
        mismatches.push(`${JSON.stringify(c.expr)} from ${new Date(c.fromMs).toISOString()}: Quartz ${show(answer)}${why}; ours ${show(mine)}${parsed.ok ? '' : ` (${parsed.message})`}`);
      }
    });
    // Everything we refuse as "Quartz never finishes" must really loop in Quartz from one of the starts.
    const unconfirmed = [...weRefuseAsLooping].filter((expr) => !hangsSomewhere.has(expr));
    if (unconfirmed.length && 'classDir' in oracle) {
      const probe = await askOracle(oracle.classDir, unconfirmed.map((expr) => ({ expr, fromMs: probeStarts, count: 1 })));
      probe.answers.forEach((a, i) => {
        if (a.kind !== 'hangs') mismatches.push(`We refuse ${JSON.stringify(unconfirmed[i])} as looping, but Quartz finished from every start`);
      });
    }
    const kinds: Record<string, number> = {};
    for (const a of batch.answers) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
    const loopingExprs = [...weRefuseAsLooping];
    console.log(
      `      Quartz oracle (MAX_YEAR ${batch.maxYear}, answers ${JSON.stringify(kinds)}): ${agreed}/${compared} cases agree ` +
        `(${((100 * agreed) / Math.max(compared, 1)).toFixed(2)}%; ${slow.length} slow in Quartz, rechecked with 30 s); ${excluded.length} excluded (Quartz never finishes) ` +
        `from ${loopingExprs.length} expressions: ${loopingExprs.map((e) => JSON.stringify(e)).join(', ')}`,
    );
    assert.ok(compared > cases.length * 0.9, `most cases are compared (${compared} of ${cases.length})`);
    assert.deepEqual(mismatches.slice(0, 40), [], `${mismatches.length} disagreements with Quartz`);
  });
});
