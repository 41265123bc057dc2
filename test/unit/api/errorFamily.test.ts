/** readErrorBody: each error-body family of the reference (§5.15), and what falls outside them. */
import assert from 'node:assert/strict';
import { readErrorBody } from '../../../src/api';

describe('api: readErrorBody names the family it read', () => {
  const cases: [string, string, string | undefined, string][] = [
    ['{"error":"InvalidId","data":{"message":"source not found (1)"}}', 'error_code', 'InvalidId', 'source not found (1)'],
    ['{"error":{"type":"already_running","message":"Did not create job"}}', 'error_object', undefined, 'Did not create job'],
    ['{"invalid_fields":"invalid tap-stream-ids:  [x]"}', 'invalid_fields', 'InvalidFields', 'invalid tap-stream-ids:  [x]'],
    ['{"code":"BadRequest","message":"Invalid form data.","errors":{}}', 'code_message', 'BadRequest', 'Invalid form data.'],
    ['{"status":"NOT FOUND"}', 'status', undefined, 'NOT FOUND'],
    ['"invalid stream-id: 7"', 'string', undefined, 'invalid stream-id: 7'],
  ];
  for (const [body, family, code, message] of cases) {
    it(`${family}: ${body.slice(0, 40)}`, () => {
      const read = readErrorBody(body, 'application/json');
      assert.equal(read.family, family);
      assert.equal(read.code, code);
      assert.equal(read.message, message);
    });
  }

  it('html, text, empty, and JSON no family fits (no message: the contract suite calls that a break)', () => {
    assert.equal(readErrorBody('<html><title>502 Bad Gateway</title></html>', 'text/html').family, 'html');
    assert.equal(readErrorBody('upstream timed out', 'text/plain').family, 'text');
    assert.equal(readErrorBody('', null).family, 'empty');
    const other = readErrorBody('{"errors":[{"detail":"source not found"}]}', 'application/json');
    assert.equal(other.family, 'unknown');
    assert.equal(other.message, undefined);
  });
});
