import assert from 'node:assert/strict';
import { sourceTypeDisplayName } from '../../../src/core/displayNames';
import { formProperties, requireFixtures, sourceTypes } from './fixtures';

describe('core/displayNames', () => {
  it('strips prefixes and applies brand spellings', () => {
    assert.equal(sourceTypeDisplayName('platform.recurly'), 'Recurly');
    assert.equal(sourceTypeDisplayName('platform.hubspot'), 'HubSpot');
    assert.equal(sourceTypeDisplayName('platform.postgres'), 'PostgreSQL');
    assert.equal(sourceTypeDisplayName('platform.mysql'), 'MySQL');
    assert.equal(sourceTypeDisplayName('platform.google-analytics'), 'Google Analytics');
    assert.equal(sourceTypeDisplayName('import_api'), 'Import API');
    assert.equal(sourceTypeDisplayName('tap-github'), 'GitHub');
    assert.equal(sourceTypeDisplayName('platform.hp-mysql'), 'MySQL (HP)');
    assert.equal(sourceTypeDisplayName('webhook.sendgrid'), 'SendGrid (webhook)');
    assert.equal(sourceTypeDisplayName('webhook.incoming-webhook'), 'Incoming Webhooks');
  });

  it('title-cases unknown types word by word', () => {
    assert.equal(sourceTypeDisplayName('platform.acme-widgets'), 'Acme Widgets');
    assert.equal(sourceTypeDisplayName('platform.foo_api'), 'Foo API');
  });

  it('gives every real source type a non-empty name without separators', function () {
    requireFixtures(this, sourceTypes);
    for (const card of sourceTypes!) {
      const name = sourceTypeDisplayName(card.type);
      assert.ok(name.length > 0 && !name.includes('_') && !/^(platform|webhook)\./.test(name) && name !== card.type, `${card.type} → ${name}`);
    }
  });

  it("agrees with Stitch's own product names for at least 95% of documented types", function () {
    requireFixtures(this, formProperties);
    const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
    const entries = Object.entries(formProperties!);
    const disagree = entries.filter(([type, doc]) => norm(sourceTypeDisplayName(type)) !== norm(doc['display-name'])).map(([t]) => t);
    assert.ok(disagree.length / entries.length <= 0.05, `disagreements: ${disagree.join(', ')}`);
  });
});
