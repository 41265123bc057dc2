import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';

// dist/extension.js and the lazy bundles (dist/panels.js, dist/files.js) each carry their own copy
// of src/api/errors.ts: an error thrown by the activation bundle's client must still be a
// StitchApiError to the panels' code (feedback.describeFailure, the schedule's save failures).
describe('StitchApiError across bundle copies', () => {
  const file = path.join(repoRoot, 'src', 'api', 'errors.ts');
  function freshCopy(): typeof import('../../../src/api/errors') {
    delete require.cache[require.resolve(file)];
    return require(file) as typeof import('../../../src/api/errors');
  }

  it('an error from one copy of the module is an instance of the other copy\'s class', () => {
    const first = freshCopy();
    const second = freshCopy();
    assert.notEqual(first.StitchApiError, second.StitchApiError, 'the test needs two copies of the class');
    const error = new first.StitchApiError({ kind: 'unauthorized', message: 'no', status: 401 });
    assert.ok(error instanceof second.StitchApiError);
    assert.ok(second.StitchApiError.is(error, 'unauthorized'));
    assert.ok(error instanceof Error);
  });

  it('nothing else passes for one: plain errors, look-alikes and non-objects', () => {
    const { StitchApiError } = freshCopy();
    assert.ok(!(new Error('x') instanceof StitchApiError));
    assert.ok(!({ name: 'StitchApiError', kind: 'unauthorized', status: 401 } as unknown instanceof StitchApiError));
    assert.ok(!(null as unknown instanceof StitchApiError));
    assert.ok(!('StitchApiError' as unknown instanceof StitchApiError));
  });
});
