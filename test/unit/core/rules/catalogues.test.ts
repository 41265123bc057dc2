// The rule engine over the emulator's catalogues: the 10,000 × 20 synthetic one against a naive
// oracle, every authored one against Stitch's invariants, and the property that applying a
// preview's result and previewing again gives the same result (and nothing left to send).
import assert from 'node:assert/strict';
import { planRules, previewRules, RulePreviewer, stagePreview, type RulePreview } from '../../../../src/core/rules';
import { SelectionEditor, type StreamModel } from '../../../../src/core/selection';
import { pick, prng } from '../../../emulator/rng';
import { AUTHORED, authoredModels, syntheticModels } from './fixtures';

/** Only `*` and `?`: the oracle's globs, built independently of src/core/rules/glob.ts. */
const naiveGlob = (p: string): RegExp => new RegExp(`^${p.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^$()|{}[\]\\]/g, '\\$&'))).join('')}$`, 's');

/** The documented semantics, written the slow and obvious way (no fieldExclusions: the synthetic catalogue has none). */
function oracle(streams: readonly StreamModel[], rules: string[]): Map<string, { selected: boolean; fields: Map<string, boolean> }> {
  const parsed = rules.map((text) => {
    const exclude = text.startsWith('!');
    const [s, f] = text.slice(exclude ? 1 : 0).split('.');
    return { exclude, stream: naiveGlob(s!), field: f === undefined ? undefined : naiveGlob(f) };
  });
  const out = new Map<string, { selected: boolean; fields: Map<string, boolean> }>();
  for (const s of streams) {
    let decider = -1;
    let selected = false;
    const fieldWinner = new Map<string, number>();
    for (const f of s.fields!) {
      let w = -1;
      parsed.forEach((r, i) => { if (r.field && r.stream.test(s.tapStreamId) && r.field.test(f.name)) w = i; });
      fieldWinner.set(f.name, w);
      if (w > decider && !parsed[w]!.exclude) { decider = w; selected = true; }
    }
    parsed.forEach((r, i) => { if (!r.field && r.stream.test(s.tapStreamId) && i > decider) { decider = i; selected = !r.exclude; } });
    const fields = new Map<string, boolean>();
    for (const f of s.fields!) {
      const w = fieldWinner.get(f.name)!;
      const wants = w >= 0 && !parsed[w]!.exclude;
      fields.set(f.name, selected && f.inclusion !== 'unsupported' && (f.inclusion === 'automatic' || wants || f.selectedByDefault));
    }
    out.set(s.tapStreamId, { selected, fields });
  }
  return out;
}

/** Stitch's invariants, whatever the rules. */
function assertStitchInvariants(streams: readonly StreamModel[], p: RulePreview): void {
  streams.forEach((model, i) => {
    const s = p.streams[i]!;
    assert.equal(s.id, model.tapStreamId);
    const fields = s.fields();
    const replicated = new Set(fields.filter((f) => f.replicated).map((f) => f.name));
    model.fields!.forEach((f, j) => {
      const r = fields[j]!;
      if (s.outcome === 'excluded') return assert.equal(r.replicated, false, `${model.tapStreamId}.${f.name} in an excluded stream`);
      if (f.inclusion === 'automatic') assert.equal(r.outcome, 'automatic');
      if (f.inclusion === 'unsupported') assert.equal(r.outcome, 'unsupported');
      if (f.inclusion === 'available' && f.selectedByDefault) assert.equal(r.replicated, true, `${f.name} is selected by default`);
      for (const other of f.excludes) {
        const locked = (name: string) => { const m = model.fields!.find((x) => x.name === name)!; return m.inclusion === 'automatic' || m.selectedByDefault; };
        if (replicated.has(f.name) && replicated.has(other)) assert.ok(locked(f.name) && locked(other), `${f.name} and ${other} both replicated`);
      }
    });
    if (model.forcedMethod) assert.equal(s.method, undefined, 'a forced method is never staged');
  });
}

/** Applies the preview through the panel's editor, commits, and checks the server state it leaves. */
function applyAndCheck(streams: readonly StreamModel[], p: RulePreview, rules: string[]): void {
  const editor = new SelectionEditor(streams);
  const staged = stagePreview(editor, p);
  assert.deepEqual(staged.refused, []);
  for (const s of p.streams) {
    assert.equal(editor.isStreamSelected(s.id), s.outcome === 'selected', s.id);
    for (const f of s.fields()) assert.equal(editor.isFieldReplicated(s.id, f.name), f.replicated, `${s.id}.${f.name} (${f.outcome})`);
  }
  editor.commit();
  const after = editor.allStreamIds().map((id) => editor.stream(id)!);
  const again = previewRules(after, rules);
  assert.deepEqual(again.streams.map((s) => [s.outcome, s.rule, s.method, s.key, s.fields()]), p.streams.map((s) => [s.outcome, s.rule, s.method, s.key, s.fields()]));
  assert.deepEqual(again.rules, p.rules);
  assert.deepEqual(planRules(after, again).body, { streams: [] }, 'applying the same rules again sends nothing');
}

const PARTS = ['*', '?*', '*s', 'a*', '[a-m]*', '[!a-m]*', '*_*', 'orders', 'accounts', 'shop-public-*', 'traffic', 'Account', '*2'];
const FIELDS = ['*', 'id', 'email', '*_at', 'ga:*', 'ga:country', 'ga:30dayUsers', 'name', '[A-Z]*', '*e*', 'Name', 'BillingAddress', 'properties'];

function randomRules(rand: () => number): string[] {
  const n = 1 + Math.floor(rand() * 6);
  return Array.from({ length: n }, () => {
    const bang = rand() < 0.35 ? '!' : '';
    const stream = pick(rand, PARTS);
    return rand() < 0.5 ? `${bang}${stream}.${pick(rand, FIELDS)}` : `${bang}${stream}`;
  });
}

describe('core/rules over the emulator catalogues', function () {
  this.timeout(60_000);

  it('10,000 × 20 synthetic catalogue: matches a naive oracle for every stream and field', () => {
    const streams = syntheticModels(10_000, 20);
    const previewer = new RulePreviewer(streams);
    for (const rules of [['*.*', '!*.email', '!raw_*'], ['!*', 'daily_*.*', '!*.?ame'], ['*_2*', '*_3*.id', '!*.*t*'], ['*s', '!*s.*', 'custom_*.status']]) {
      const p = previewer.preview(rules);
      assert.deepEqual(p.errors, []);
      const want = oracle(streams, rules);
      let replicated = 0;
      for (const s of p.streams) {
        const w = want.get(s.id)!;
        assert.equal(s.outcome === 'selected', w.selected, `${rules.join(' ')} → ${s.id}`);
        for (const f of s.fields()) {
          assert.equal(f.replicated, w.fields.get(f.name), `${rules.join(' ')} → ${s.id}.${f.name}`);
          if (f.replicated) replicated++;
        }
      }
      assert.equal(p.streams.length, 10_000);
      assert.equal(p.totals.fieldsReplicated, replicated);
      assert.ok(p.totals.streamsSelected > 0 && p.totals.streamsSelected < 10_000, `${rules.join(' ')} selects some but not all`);
      assertStitchInvariants(streams, p);
    }
  });

  it('10,000 × 20: unsupported fields are flagged when a rule asks for them', () => {
    const streams = syntheticModels(10_000, 20);
    const p = previewRules(streams, ['*.*']);
    const unsupported = p.streams.flatMap((s) => s.fields().filter((f) => f.outcome === 'unsupported'));
    assert.equal(unsupported.length, streams.filter((s) => s.fields!.some((f) => f.inclusion === 'unsupported')).length);
    assert.ok(unsupported.length > 300 && unsupported.every((f) => /inclusion is unsupported/.test(f.conflict ?? '')));
  });

  for (const type of Object.keys(AUTHORED)) {
    it(`${type}: Stitch's invariants and apply → preview again gives the same result, for 60 random rule lists`, () => {
      const streams = authoredModels(type);
      assert.ok(streams.length > 0);
      const rand = prng(type.length * 7919);
      let selectedSomething = 0;
      for (let i = 0; i < 60; i++) {
        const rules = randomRules(rand);
        const p = previewRules(streams, rules);
        assert.deepEqual(p.errors, [], rules.join(' '));
        assertStitchInvariants(streams, p);
        applyAndCheck(streams, p, rules);
        if (p.totals.streamsSelected > 0) selectedSomething++;
      }
      assert.ok(selectedSomething >= 10, `only ${selectedSomething} of 60 random lists selected anything`);
    });
  }

  it('property over a 300 × 12 synthetic catalogue, starting from a previous selection', () => {
    const streams = syntheticModels(300, 12);
    const rand = prng(42);
    for (let i = 0; i < 40; i++) {
      // Apply one random list, then a second one on top of what the first left on the server.
      const first = randomRules(rand);
      const editor = new SelectionEditor(streams);
      stagePreview(editor, previewRules(streams, first));
      editor.commit();
      const server = editor.allStreamIds().map((id) => editor.stream(id)!);
      const second = randomRules(rand);
      const p = previewRules(server, second);
      assertStitchInvariants(server, p);
      applyAndCheck(server, p, second);
    }
  });
});
