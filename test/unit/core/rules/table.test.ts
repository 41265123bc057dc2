// The rule engine against a table of rule lists and their expected results. Notation: rules are
// numbered from 1 as the user sees them; "outcome@N" means rule N decided it, "@0" no rule did.
// Field keys are "stream/field" because stream ids may contain dots.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { previewRules, type RulePreview } from '../../../../src/core/rules';
import { authoredModels, ruleCatalogue } from './fixtures';

interface Case {
  rules: string | string[];
  /** The exact set of selected streams. */
  selected?: string[];
  streams?: Record<string, string>;
  fields?: Record<string, string>;
  flags?: Record<number, 'matches-nothing' | 'never-wins'>;
  /** Each must match some conflict (stream-level or field-level). */
  conflicts?: RegExp[];
  /** [line, column, message]. */
  errors?: Array<[number, number, RegExp]>;
  methods?: Record<string, string | undefined>;
  keys?: Record<string, string | undefined>;
  viewKeys?: Record<string, string[] | undefined>;
}

const ALL = ['orders', 'order_items', 'customers', 'shop-public-users', 'shop-public-user_view', 'shop-audit-audit_log', 'events.v2', 'Account', 'traffic'];

const CASES: Record<string, Case> = {
  'no rules select nothing': { rules: [], selected: [], fields: { 'orders/id': 'excluded@0' } },
  'a stream rule selects the stream with what Stitch replicates anyway': {
    rules: ['*'], selected: ALL,
    fields: { 'orders/id': 'automatic@0', 'orders/total': 'default@0', 'orders/note': 'excluded@0', 'orders/legacy': 'unsupported@0' },
  },
  'stream.* selects every field it may': {
    rules: ['*.*'], selected: ALL,
    fields: { 'orders/id': 'automatic@1', 'orders/note': 'selected@1', 'orders/total': 'selected@1', 'orders/legacy': 'unsupported@0' },
    conflicts: [/can't select "legacy": its inclusion is unsupported/],
  },
  'one rule selecting both sides of a fieldExclusions pair keeps the first field': {
    rules: ['*.*'], fields: { 'orders/clicks': 'selected@1', 'orders/bid_type': 'excluded@1', 'traffic/ga:country': 'selected@1', 'traffic/ga:30dayUsers': 'excluded@1' },
    conflicts: [/"bid_type" can't be replicated together with "clicks" \(fieldExclusions\)/],
  },
  'a single stream': { rules: ['orders'], selected: ['orders'], streams: { orders: 'selected@1' }, fields: { 'orders/note': 'excluded@0', 'orders/total': 'default@0' } },
  'a field rule selects its stream first': { rules: ['orders.note'], selected: ['orders'], streams: { orders: 'selected@1' }, fields: { 'orders/note': 'selected@1', 'orders/bid_type': 'excluded@0' } },
  'a later stream exclusion beats earlier field rules': {
    rules: ['orders.*', '!orders'], selected: [], streams: { orders: 'excluded@2' }, fields: { 'orders/note': 'excluded@2' }, flags: { 1: 'never-wins' },
  },
  'a later field rule beats an earlier stream exclusion (the order decides, not the "!")': {
    rules: ['!orders', 'orders.*'], selected: ['orders'], streams: { orders: 'selected@2' }, flags: { 1: 'never-wins' },
  },
  'Meltano #6401: exclude everything, then include one stream': {
    rules: ['!*', 'customers.*'], selected: ['customers'], fields: { 'customers/email': 'selected@2' }, streams: { orders: 'excluded@1' },
  },
  'streams with their defaults, minus passwords': {
    rules: ['*', '!*.password'], selected: ALL,
    fields: { 'customers/password': 'excluded@2', 'shop-public-users/password': 'excluded@2', 'customers/email': 'excluded@0' },
  },
  'all fields minus passwords': { rules: ['*.*', '!*.password'], fields: { 'customers/email': 'selected@1', 'customers/password': 'excluded@2' } },
  'an exclusion placed first is undone by a later include': {
    rules: ['!*.password', '*.*'], fields: { 'customers/password': 'selected@2' }, flags: { 1: 'never-wins' },
  },
  'a suffix wildcard on fields': {
    rules: ['*.*', '!*.*_pii'], fields: { 'customers/email_pii': 'excluded@2', 'shop-public-users/ssn_pii': 'excluded@2', 'customers/email': 'selected@1' },
  },
  'a schema excluded after everything': {
    rules: ['*', '!shop-audit-*'], selected: ALL.filter((s) => s !== 'shop-audit-audit_log'), streams: { 'shop-audit-audit_log': 'excluded@2' },
  },
  'database-schema-table prefix': { rules: ['shop-public-*'], selected: ['shop-public-users', 'shop-public-user_view'] },
  'a wildcard in the middle': { rules: ['shop-*-users'], selected: ['shop-public-users'] },
  '? matches exactly one character': { rules: ['shop-public-user?'], selected: ['shop-public-users'] },
  'a character class': { rules: ['[oc]*'], selected: ['orders', 'order_items', 'customers'] },
  'a negated class with !': { rules: ['[!oc]*'], selected: ['shop-public-users', 'shop-public-user_view', 'shop-audit-audit_log', 'events.v2', 'Account', 'traffic'] },
  'a negated class with ^': { rules: ['[^a-z]*'], selected: ['Account'] },
  'a range is case-sensitive': { rules: ['[a-z]*'], selected: ALL.filter((s) => s !== 'Account') },
  'ids are case-sensitive, and a rule that matches nothing is flagged': {
    rules: ['account'], selected: [], flags: { 1: 'matches-nothing' },
  },
  'an escaped dot is part of the id': { rules: ['events\\.v2.*'], selected: ['events.v2'], fields: { 'events.v2/type': 'selected@1' } },
  'an escaped dot, stream only': { rules: ['events\\.v2'], selected: ['events.v2'], fields: { 'events.v2/type': 'excluded@0', 'events.v2/id': 'automatic@0' } },
  'an unescaped dot splits stream from field': { rules: ['events.v2'], selected: [], flags: { 1: 'matches-nothing' } },
  '? also matches a dot inside an id': { rules: ['events?v2'], selected: ['events.v2'] },
  'an escaped star is literal': { rules: ['orders\\*'], selected: [], flags: { 1: 'matches-nothing' } },
  'field names with colons (Google Analytics)': {
    rules: ['traffic.ga:*'], selected: ['traffic'],
    fields: { 'traffic/ga:date': 'selected@1', 'traffic/ga:country': 'selected@1', 'traffic/ga:30dayUsers': 'excluded@1', 'traffic/_sdc_record_hash': 'automatic@0' },
  },
  'fieldExclusions: the later rule wins (1)': {
    rules: ['traffic.ga:30dayUsers', 'traffic.ga:country'], fields: { 'traffic/ga:country': 'selected@2', 'traffic/ga:30dayUsers': 'excluded@2' },
    conflicts: [/"ga:30dayUsers" can't be replicated together with "ga:country" \(fieldExclusions\): rule 2 \("traffic.ga:country"\) selects "ga:country" and comes later/],
    flags: { 1: 'never-wins' },
  },
  'fieldExclusions: the later rule wins (2)': {
    rules: ['traffic.ga:country', 'traffic.ga:30dayUsers'], fields: { 'traffic/ga:country': 'excluded@2', 'traffic/ga:30dayUsers': 'selected@2' }, flags: { 1: 'never-wins' },
  },
  'fieldExclusions: no conflict once one side is excluded': {
    rules: ['traffic.*', '!traffic.ga:country'], fields: { 'traffic/ga:30dayUsers': 'selected@1', 'traffic/ga:country': 'excluded@2' },
  },
  'fieldExclusions declared on one side only are still mutual': {
    rules: ['orders.bid_type', 'orders.clicks'], fields: { 'orders/clicks': 'selected@2', 'orders/bid_type': 'excluded@2' }, flags: { 1: 'never-wins' },
  },
  'automatic fields cannot be excluded': {
    rules: ['orders', '!orders.id'], fields: { 'orders/id': 'automatic@0' }, flags: { 2: 'never-wins' },
    conflicts: [/Rule 2 \("!orders.id"\) can't deselect "id": its inclusion is automatic, so Stitch always replicates it/],
  },
  'unsupported fields cannot be included (the stream is still selected)': {
    rules: ['orders.legacy'], selected: ['orders'], fields: { 'orders/legacy': 'unsupported@0' },
    conflicts: [/its inclusion is unsupported, so Stitch can't replicate it \(the bulk API does not return it\)/],
  },
  'Salesforce: selected-by-default, unsupported, automatic': {
    rules: ['Account.*'], fields: { 'Account/Id': 'automatic@1', 'Account/Name': 'selected@1', 'Account/BillingAddress': 'unsupported@0' },
  },
  'selected-by-default is replicated even when a rule deselects it (§7.8)': {
    rules: ['Account', '!Account.Name'], fields: { 'Account/Name': 'default@0' },
    conflicts: [/deselects "Name", but it is selected-by-default/], flags: { 2: 'never-wins' },
  },
  'selected-by-default with no field rule': { rules: ['Account'], fields: { 'Account/Name': 'default@0' } },
  'a forced replication method refuses another': {
    rules: ['Account method=INCREMENTAL'], selected: ['Account'], methods: { Account: undefined },
    conflicts: [/asks for INCREMENTAL, but Stitch forces FULL_TABLE for this stream \(forced-replication-method\): No replication keys found/],
  },
  'method and key for a stream': {
    rules: ['customers method=INCREMENTAL key=updated_at'], methods: { customers: 'INCREMENTAL@1' }, keys: { customers: 'updated_at@1' },
  },
  'a key outside valid-replication-keys is refused': {
    rules: ['customers method=incremental key=email'], methods: { customers: 'INCREMENTAL@1' }, keys: { customers: undefined },
    conflicts: [/replication-key "email", which is not one of this stream's valid-replication-keys: updated_at, created_at/],
  },
  'a key that is not a field (no valid-replication-keys) is refused': {
    rules: ['shop-public-users method=INCREMENTAL key=modified'], keys: { 'shop-public-users': undefined }, conflicts: [/"modified", which is not a field of this stream/],
  },
  'a method on every stream: forced ones keep theirs': {
    rules: ['* method=FULL_TABLE'], methods: { customers: 'FULL_TABLE@1', order_items: undefined, orders: undefined },
    conflicts: [/asks for FULL_TABLE, but Stitch forces INCREMENTAL/],
  },
  'qualifiers: the last rule setting each one wins': {
    rules: ['shop-* method=FULL_TABLE', 'shop-public-users method=INCREMENTAL key=updated_at'],
    methods: { 'shop-public-users': 'INCREMENTAL@2', 'shop-public-user_view': 'FULL_TABLE@1' }, keys: { 'shop-public-users': 'updated_at@2' },
  },
  'a qualifier survives a later rule without one': {
    rules: ['customers method=FULL_TABLE', '*'], streams: { customers: 'selected@2' }, methods: { customers: 'FULL_TABLE@1' },
  },
  'view keys for a view': { rules: ['shop-public-user_view view-keys=id,email'], viewKeys: { 'shop-public-user_view': ['id', 'email'] } },
  'view keys on a table are refused': { rules: ['orders view-keys=id'], viewKeys: { orders: undefined }, conflicts: [/only database views take view-key-properties/] },
  'a stream rule overridden everywhere never wins': { rules: ['orders', '*'], flags: { 1: 'never-wins' }, streams: { orders: 'selected@2' } },
  'an exclusion of fields in streams no rule selects never wins': { rules: ['!*.password'], selected: [], flags: { 1: 'never-wins' } },
  'a field rule overridden by a later stream exclusion': {
    rules: ['customers.email', '!customers'], selected: [], fields: { 'customers/email': 'excluded@2' }, flags: { 1: 'never-wins' },
  },
  'a field rule after a stream exclusion': {
    rules: ['!customers', 'customers.email'], selected: ['customers'], fields: { 'customers/email': 'selected@2', 'customers/name': 'excluded@0' }, flags: { 1: 'never-wins' },
  },
  'comments and blank lines are skipped; numbering counts rules': {
    rules: '# everything\n\n*\n   # but no passwords\n!*.password', fields: { 'customers/password': 'excluded@2' }, streams: { customers: 'selected@1' },
  },
  'a line with an error keeps its number and the others still work': {
    rules: 'orders\n[bad\ncustomers', selected: ['orders', 'customers'], streams: { customers: 'selected@3' }, errors: [[2, 1, /never closed/]],
  },
  'errors: a qualifier on an exclusion': { rules: ['!orders method=FULL_TABLE'], errors: [[1, 9, /"!" rule deselects streams, so it takes no method/]] },
  'errors: a qualifier on a field rule': { rules: ['orders.* key=updated_at'], errors: [[1, 10, /belong to streams/]] },
  'errors: an unknown qualifier': { rules: ['orders mode=x'], errors: [[1, 8, /"mode=x" is not understood/]] },
  'errors: an unknown method, at its value': { rules: ['  orders method=SNAPSHOT'], errors: [[1, 17, /"SNAPSHOT" is not a replication method: use FULL_TABLE, INCREMENTAL, LOG_BASED/]] },
  'errors: three parts': { rules: ['a.b.c'], errors: [[1, 4, /at most two parts.*"\\\."/]] },
  'errors: an unclosed class, at the bracket': { rules: ['orders.[abc'], errors: [[1, 8, /never closed/]] },
  'errors: a backwards range': { rules: ['[z-a]*'], errors: [[1, 2, /"z-a" is backwards/]] },
  'errors: a trailing backslash': { rules: ['orders\\'], errors: [[1, 7, /escapes nothing/]] },
  'errors: an empty field part': { rules: ['orders.'], errors: [[1, 7, /field part after the "." is empty/]] },
  'errors: a lone !': { rules: ['!'], errors: [[1, 1, /needs a pattern/]] },
  'errors: an empty class': { rules: ['orders.[]'], errors: [[1, 8, /empty character class/]] },
  'errors: a qualifier given twice': { rules: ['orders key=a key=b'], errors: [[1, 14, /key= is given twice/]] },
  'an escaped space and bracket are literal': { rules: ['my\\ stream', 'orders.\\[x\\]'], errors: [], flags: { 1: 'matches-nothing', 2: 'matches-nothing' } },
};

function at(p: RulePreview, key: string): string {
  const slash = key.lastIndexOf('/');
  const s = p.stream(key.slice(0, slash));
  assert.ok(s, `no stream ${key}`);
  const f = s.fields().find((x) => x.name === key.slice(slash + 1));
  assert.ok(f, `no field ${key}`);
  return `${f.outcome}@${f.rule + 1}`;
}

const qualifier = (v: { value: unknown; rule: number } | undefined): string | undefined => (v ? `${String(v.value)}@${v.rule + 1}` : undefined);

describe('core/rules: the rule table', () => {
  const catalogue = ruleCatalogue();
  it(`has at least 40 rule lists (${Object.keys(CASES).length})`, () => assert.ok(Object.keys(CASES).length >= 40));
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const p = previewRules(catalogue, c.rules);
      assert.deepEqual(p.errors.map((e) => [e.line, e.column]), (c.errors ?? []).map(([l, col]) => [l, col]), JSON.stringify(p.errors));
      (c.errors ?? []).forEach(([, , re], i) => assert.match(p.errors[i]!.message, re));
      if (c.selected) assert.deepEqual(p.streams.filter((s) => s.outcome === 'selected').map((s) => s.id).sort(), [...c.selected].sort());
      for (const [id, want] of Object.entries(c.streams ?? {})) {
        const s = p.stream(id)!;
        assert.equal(`${s.outcome}@${s.rule + 1}`, want, id);
      }
      for (const [key, want] of Object.entries(c.fields ?? {})) assert.equal(at(p, key), want, key);
      const flags = Object.fromEntries(p.rules.filter((r) => r.flag).map((r) => [r.index + 1, r.flag]));
      if (c.flags || c.errors === undefined) assert.deepEqual(flags, c.flags ?? {}, JSON.stringify(p.rules));
      const texts = p.streams.flatMap((s) => [...s.conflicts, ...s.fields().flatMap((f) => (f.conflict ? [f.conflict] : []))]);
      for (const re of c.conflicts ?? []) assert.ok(texts.some((t) => re.test(t)), `${re} among ${JSON.stringify(texts)}`);
      for (const [id, want] of Object.entries(c.methods ?? {})) assert.equal(qualifier(p.stream(id)!.method), want, `method of ${id}`);
      for (const [id, want] of Object.entries(c.keys ?? {})) assert.equal(qualifier(p.stream(id)!.key), want, `key of ${id}`);
      for (const [id, want] of Object.entries(c.viewKeys ?? {})) assert.deepEqual(p.stream(id)!.viewKeys?.value, want, `view keys of ${id}`);
    });
  }

  it('flags say why, in words', () => {
    const p = previewRules(catalogue, ['orders', '*', 'nothing', 'orders.nothing', '!orders.id']);
    assert.equal(p.rules[0]!.message, 'Rule 1 ("orders") never decides anything: rule 2 ("*") comes later and decides what it matches (the last matching rule wins).');
    assert.match(p.rules[2]!.message!, /^Rule 3 \("nothing"\) matches no stream/);
    assert.equal(p.rules[3]!.message, 'Rule 4 ("orders.nothing") matches streams but none of their fields.');
    assert.equal(p.rules[4]!.flag, 'never-wins');
  });

  it('the README\'s example parses and does what the README says on the emulator\'s Postgres catalogue', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const example = /### Selection rules[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1]!;
    const p = previewRules(authoredModels('platform.postgres'), example);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.streams.filter((s) => s.outcome === 'selected').map((s) => s.id).sort(), ['shop-public-customer_view', 'shop-public-customers', 'shop-public-order_items', 'shop-public-orders', 'shop-public-products']);
    assert.deepEqual(p.stream('shop-public-orders')!.method, { value: 'INCREMENTAL', rule: 4 }); // the fifth rule: comments don't count
    assert.deepEqual(p.rules.map((r) => r.flag), [undefined, 'matches-nothing', 'matches-nothing', 'matches-nothing', undefined], 'the emulator has no _pii or password columns and no audit tables');
    assert.equal(p.stream('shop-public-customers')!.fields().find((f) => f.name === 'email')!.outcome, 'selected');
  });

  it('counts matches and wins per rule, and totals', () => {
    const p = previewRules(catalogue, ['*', '!*.password']);
    assert.deepEqual(p.rules.map((r) => [r.matches, r.wins]), [[9, 9], [2, 2]]);
    assert.equal(p.totals.streamsSelected, 9);
    // automatic fields + selected-by-default ones (orders.total, Account.Name).
    const expected = catalogue.reduce((n, s) => n + s.fields!.filter((f) => f.inclusion === 'automatic' || f.selectedByDefault).length, 0);
    assert.equal(p.totals.fieldsReplicated, expected);
  });
});
