import * as assert from 'node:assert/strict';
import { Redactor, redactKeys } from '../../src/core/redaction';

describe('redaction', () => {
  it('replaces every occurrence of a registered value, wherever it appears', () => {
    const redactor = new Redactor();
    redactor.add('tok_secret_123');
    assert.equal(redactor.redact('Bearer tok_secret_123 then tok_secret_123!'), 'Bearer ••• then •••!');
  });

  it('stops redacting a value once it is removed, and ignores very short values', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    redactor.add('longer-secret');
    redactor.remove('longer-secret');
    assert.equal(redactor.redact('abc longer-secret'), 'abc longer-secret');
  });

  it('replaces sensitive keys at any depth and keeps the rest', () => {
    const redacted = redactKeys({ host: 'db', password: 'p', nested: [{ api_key: 'k', port: 5432 }], Authorization: 'x' });
    assert.deepEqual(redacted, { host: 'db', password: '•••', nested: [{ api_key: '•••', port: 5432 }], Authorization: '•••' });
  });
});
