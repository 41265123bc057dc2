import * as assert from 'node:assert/strict';
import { filterSourceTypes, sourceTypeItem } from '../../../src/core/sourceTypeItems';
import { requireFixtures, sourceTypes } from '../core/fixtures';

describe('source type items (Source Types tree model)', () => {
  it('builds an item for each of the 228 real report cards, hiding the 44 legacy ones by default', function () {
    requireFixtures(this, sourceTypes);
    const items = (sourceTypes ?? []).map((card) => sourceTypeItem(card as never));
    assert.equal(items.length, 228);
    assert.equal(items.filter((i) => i.legacy).length, 44);
    const shown = filterSourceTypes(items, {});
    assert.equal(shown.length, 184);
    assert.equal(filterSourceTypes(items, { showLegacy: true }).length, 228);
    for (const item of items) {
      assert.ok(item.label && !item.label.includes('platform.'), `readable label for ${item.type}: ${item.label}`);
      assert.ok(item.tooltip.includes(item.type), 'the type id is in the tooltip');
      assert.match(item.contextValue, /^sourceType (creatable|unavailable) /);
    }
  });

  it('labels state, tier, access and upgrades the way a user reads them', () => {
    const recurly = sourceTypeItem({ type: 'platform.recurly', steps: [{}], details: { access: true, pricing_tier: 'standard', pipeline_state: 'released' } });
    assert.equal(recurly.label, 'Recurly');
    assert.equal(recurly.description, '');
    assert.equal(recurly.creatable, true);
    const beta = sourceTypeItem({ type: 'platform.x', steps: [{}], details: { access: true, pricing_tier: 'enterprise', pipeline_state: 'beta' } });
    assert.equal(beta.description, 'beta · enterprise');
    const deprecated = sourceTypeItem({ type: 'platform.mysql', steps: [{}], details: { access: false, pipeline_state: 'deprecated' }, upgrade_available: { type: 'platform.hp-mysql' } });
    assert.equal(deprecated.creatable, false);
    assert.match(deprecated.unavailableReason ?? '', /Deprecated/);
    assert.match(deprecated.description, /→ MySQL \(HP\)/);
    assert.match(deprecated.contextValue, /\bunavailable\b.*\bupgradable\b/);
    const enterprise = sourceTypeItem({ type: 'platform.y', steps: [{}], details: { access: false, pricing_tier: 'enterprise', pipeline_state: 'released' } });
    assert.equal(enterprise.unavailableReason, 'Needs an Enterprise plan.');
    const legacy = sourceTypeItem({ type: 'platform.old', details: { access: false } });
    assert.equal(legacy.legacy, true);
    assert.equal(legacy.icon, 'archive');
  });

  it('filters by text (name or id) and by state, sorted by name', () => {
    const items = [
      sourceTypeItem({ type: 'platform.postgres', steps: [{}], details: { access: true, pipeline_state: 'released' } }),
      sourceTypeItem({ type: 'platform.mysql', steps: [{}], details: { access: false, pipeline_state: 'deprecated' } }),
      sourceTypeItem({ type: 'platform.hubspot', steps: [{}], details: { access: true, pipeline_state: 'beta' } }),
    ];
    assert.deepEqual(filterSourceTypes(items, { text: 'SQL' }).map((i) => i.type), ['platform.mysql', 'platform.postgres']);
    assert.deepEqual(filterSourceTypes(items, { text: 'platform.hub' }).map((i) => i.type), ['platform.hubspot']);
    assert.deepEqual(filterSourceTypes(items, { state: 'available' }).map((i) => i.type), ['platform.hubspot', 'platform.postgres']);
    assert.deepEqual(filterSourceTypes(items, { state: 'deprecated' }).map((i) => i.type), ['platform.mysql']);
  });
});
