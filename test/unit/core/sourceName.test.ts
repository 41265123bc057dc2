import assert from 'node:assert/strict';
import {
  SourceNameError,
  checkSourceName,
  deriveSourceName,
  isValidSourceName,
  sourceNameFromDisplayName,
  suggestAvailableDisplayName,
  validateDisplayName,
} from '../../../src/core/sourceName';

describe('core/sourceName', () => {
  it('maps the reference §7.3 examples', () => {
    assert.equal(deriveSourceName('Recurly', []), 'recurly');
    assert.equal(deriveSourceName('Import API', []), 'import_api');
    assert.equal(deriveSourceName('GitHub', []), 'github');
    assert.equal(deriveSourceName('Stitch Shopify', []), 'stitch_shopify');
    assert.equal(deriveSourceName('DISPLAY_NAME!!!', []), 'display_name');
  });

  it('turns spaces and dashes into underscores, drops . ( ) and other punctuation, keeps $', () => {
    assert.equal(sourceNameFromDisplayName('My-Shop (EU). v2'), 'my_shop_eu_v2');
    assert.equal(sourceNameFromDisplayName('a  b'), 'a__b'); // nothing is collapsed
    assert.equal(sourceNameFromDisplayName('cost$center'), 'cost$center');
    assert.equal(sourceNameFromDisplayName('Café'), 'caf');
  });

  it('rejects an empty derived name with InvalidDisplayName and Stitch’s message', () => {
    const result = checkSourceName('####', []);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.code, 'InvalidDisplayName');
    assert.equal(result.message, 'invalid name after deriving it from display_name (#### -> )');
    assert.match(result.hint, /at least one letter/);
  });

  it('rejects a derived name starting with a digit or $', () => {
    assert.throws(() => deriveSourceName('2nd shop', []), (e: unknown) => e instanceof SourceNameError && e.code === 'InvalidDisplayName' && e.derivedName === '2nd_shop');
    assert.throws(() => deriveSourceName('$shop', []), SourceNameError);
    assert.equal(deriveSourceName('_private', []), '_private');
  });

  it('accepts 49 characters and rejects 50 with InvalidName', () => {
    assert.equal(deriveSourceName('a'.repeat(49), []), 'a'.repeat(49));
    const result = checkSourceName('a'.repeat(50), []);
    assert.ok(!result.ok && result.code === 'InvalidName' && /under 50 characters/.test(result.message));
  });

  it('rejects a collision with any existing name, deleted sources included', () => {
    const existing = new Set(['recurly', 'import_api']);
    const result = checkSourceName('RECURLY', existing);
    assert.ok(!result.ok);
    assert.equal(result.code, 'InvalidName');
    assert.equal(result.message, 'non-unique name after deriving it from display_name (RECURLY -> recurly)');
    assert.equal(deriveSourceName('Recurly EU', existing), 'recurly_eu');
    // any iterable works, e.g. a generator over source objects
    function* names(): Generator<string> { yield 'github'; }
    assert.throws(() => deriveSourceName('Git-Hub'.replace('-', ''), names()), /non-unique/);
  });

  it('validates names and display names', () => {
    assert.equal(isValidSourceName('recurly_2'), true);
    assert.equal(isValidSourceName('Recurly'), false);
    assert.equal(isValidSourceName('9lives'), false);
    assert.equal(isValidSourceName(''), false);
    assert.match(validateDisplayName('   ') ?? '', /Enter a display name/);
    assert.match(validateDisplayName(' Recurly') ?? '', /spaces at the start or end/);
    assert.equal(validateDisplayName('Recurly'), undefined);
  });

  it('suggests a free display name', () => {
    assert.equal(suggestAvailableDisplayName('Recurly', ['recurly', 'recurly_2']), 'Recurly 3');
    assert.equal(suggestAvailableDisplayName('Recurly', []), 'Recurly');
    assert.equal(suggestAvailableDisplayName('####', []), undefined);
  });
});
