/**
 * The pure parts of src/api: error-body normalisation for every shape in reference §5.15,
 * Retry-After parsing, back-off bounds, pagination links and the stream-schema decoder.
 * (The same code paths are exercised over HTTP against the emulator in the other files.)
 */
import assert from 'node:assert/strict';
import {
  backoffDelay,
  bodyCarriesError,
  errorFromResponse,
  linkToPath,
  parseRetryAfter,
  parseStreamSchema,
  StitchApiError,
} from '../../../src/api';
import { resolveRetryOptions } from '../../../src/api/retry';

const base = { method: 'POST', path: '/v4/sources' };

describe('api/errors: normalising every error body shape', () => {
  it('{"error":"Code","data":{...}} with InvalidProperties gives badProperties and the report card in details', () => {
    const body = {
      error: 'InvalidProperties',
      data: { message: 'properties do not match schema', bad_properties: ['start_date', 'frequency_in_minutes'], report_card: { type: 'x' } },
    };
    const e = errorFromResponse({ ...base, status: 400, bodyText: JSON.stringify(body) });
    assert.equal(e.kind, 'invalid_properties');
    assert.equal(e.status, 400);
    assert.equal(e.code, 'InvalidProperties');
    assert.deepEqual(e.badProperties, ['start_date', 'frequency_in_minutes']);
    assert.deepEqual((e.details as { report_card: unknown }).report_card, { type: 'x' });
    assert.match(e.message, /properties do not match schema: start_date, frequency_in_minutes/);
    assert.match(e.message, /HTTP 400 InvalidProperties, POST \/v4\/sources/);
  });

  it('AccessDenied and InvalidId get meaningful kinds despite being HTTP 400', () => {
    const denied = errorFromResponse({ ...base, status: 400, bodyText: '{"error":"AccessDenied","data":{"message":"you do not have access to source type (platform.oracle)"}}' });
    assert.equal(denied.kind, 'forbidden');
    assert.equal(denied.code, 'AccessDenied');
    const missing = errorFromResponse({ ...base, method: 'PUT', status: 400, bodyText: '{"error":"InvalidId","data":{"message":"source not found (9)"}}' });
    assert.equal(missing.kind, 'not_found');
    assert.match(missing.message, /^source not found \(9\)/);
  });

  it('{"error":{type,message}}: already_running is its own kind, even on HTTP 200', () => {
    const e = errorFromResponse({
      ...base,
      status: 200,
      bodyText: '{"error":{"type":"already_running","message":"Did not create job for client-id: 1; connection-id: 2 because one already exists"}}',
    });
    assert.equal(e.kind, 'already_running');
    assert.equal(e.type, 'already_running');
    assert.match(e.message, /because one already exists/);
    const invalid = errorFromResponse({ ...base, status: 400, bodyText: '{"error":{"type":"invalid_source","message":"Integration is deleted."}}' });
    assert.equal(invalid.kind, 'bad_request');
    assert.equal(invalid.type, 'invalid_source');
    assert.match(invalid.message, /^Integration is deleted\./);
  });

  it('{"error":{"message":{field: text}}} (notifications) flattens the message object', () => {
    const e = errorFromResponse({ ...base, status: 400, bodyText: '{"error":{"message":{"email_address":"Required. Must be valid email address format."}}}' });
    assert.match(e.message, /^email_address: Required\. Must be valid email address format\./);
  });

  it('{"invalid_fields":"..."} (stream metadata)', () => {
    const e = errorFromResponse({ ...base, method: 'PUT', status: 400, bodyText: '{"invalid_fields":"invalid tap-stream-ids:  [nope]"}' });
    assert.equal(e.kind, 'bad_request');
    assert.equal(e.code, 'InvalidFields');
    assert.match(e.message, /^invalid tap-stream-ids: {2}\[nope\]/);
  });

  it('a bare JSON string body (streams, destinations)', () => {
    const e = errorFromResponse({ ...base, method: 'GET', status: 400, bodyText: '"invalid stream-id: 42"' });
    assert.equal(e.kind, 'bad_request');
    assert.match(e.message, /^invalid stream-id: 42 \(HTTP 400, GET/);
  });

  it('{"code","message","errors"} (accounts)', () => {
    const e = errorFromResponse({ ...base, status: 400, bodyText: '{"code":"BadRequest","message":"Invalid form data.","errors":{"partner_id":"required"}}' });
    assert.equal(e.code, 'BadRequest');
    assert.deepEqual(e.details, { partner_id: 'required' });
    assert.match(e.message, /^Invalid form data\./);
  });

  it('{"status":"NOT FOUND"} and {"error":"NotFound"}', () => {
    assert.equal(errorFromResponse({ ...base, status: 404, bodyText: '{"status":"NOT FOUND"}' }).kind, 'not_found');
    const e = errorFromResponse({ ...base, status: 400, bodyText: '{"error":"NotFound"}' });
    assert.equal(e.kind, 'not_found');
    assert.equal(e.code, 'NotFound');
  });

  it('an HTML error page gives its title, not markup', () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';
    const e = errorFromResponse({ ...base, method: 'GET', status: 502, contentType: 'text/html', bodyText: html });
    assert.equal(e.kind, 'server');
    assert.match(e.message, /HTML error page: 502 Bad Gateway/);
    assert.doesNotMatch(e.message, /<\w/);
  });

  it('empty and truncated bodies still give a clear message by status', () => {
    const empty = errorFromResponse({ ...base, method: 'GET', status: 401, bodyText: '' });
    assert.equal(empty.kind, 'unauthorized');
    assert.match(empty.message, /rejected the access token/);
    const cut = errorFromResponse({ ...base, method: 'GET', status: 500, bodyText: '{"error":"Inter' });
    assert.equal(cut.kind, 'server');
    assert.match(cut.message, /truncated or malformed/);
    assert.deepEqual(cut.details, { raw: '{"error":"Inter' });
  });

  it('maps statuses to kinds', () => {
    const kinds = [401, 403, 404, 408, 429, 500, 503, 418].map((status) => errorFromResponse({ ...base, status, bodyText: '' }).kind);
    assert.deepEqual(kinds, ['unauthorized', 'forbidden', 'not_found', 'timeout', 'rate_limited', 'server', 'server', 'bad_request']);
  });

  it('never lets a secret value through in message or details', () => {
    const token = 'at_0123456789abcdef';
    const e = errorFromResponse({ ...base, status: 400, bodyText: JSON.stringify({ error: 'InvalidBody', data: { message: `bad token ${token}`, echo: token } }), secrets: [token] });
    assert.ok(!e.message.includes(token));
    assert.ok(!JSON.stringify(e.details).includes(token));
    assert.match(e.message, /\[redacted\]/);
  });

  it('bodyCarriesError: a string or object `error` is an error; the boolean `error` of a connection check is data', () => {
    assert.equal(bodyCarriesError({ error: 'InvalidBody' }), true);
    assert.equal(bodyCarriesError({ error: { type: 'already_running' } }), true);
    assert.equal(bodyCarriesError({ error: false, status: 'succeeded' }), false);
    assert.equal(bodyCarriesError({ error: true, status: 'failed' }), false);
    assert.equal(bodyCarriesError({ error: null }), false);
    assert.equal(bodyCarriesError([{ error: 'x' }]), false);
  });

  it('StitchApiError.is narrows by kind', () => {
    const e = new StitchApiError({ kind: 'timeout', message: 'slow' });
    assert.equal(StitchApiError.is(e, 'timeout'), true);
    assert.equal(StitchApiError.is(e, 'network'), false);
    assert.equal(StitchApiError.is(new Error('x')), false);
    assert.equal(e.status, 0);
    assert.equal(e.transient, true);
  });
});

describe('api/retry: Retry-After and back-off', () => {
  it('parses delta-seconds and HTTP dates, ignores garbage', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter('0'), 0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter(''), undefined);
  });

  it('backs off exponentially with bounded jitter and a cap', () => {
    const lo = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    const hi = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, lo)), [50, 100, 200, 400, 500]);
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, hi)), [100, 200, 400, 800, 1000]);
  });
});

describe('api/pagination: relative links', () => {
  it('follows only relative links to the same endpoint', () => {
    const ep = '/v4/116078/extractions';
    assert.equal(linkToPath('/v4/116078/extractions?page=3', ep), '/v4/116078/extractions?page=3');
    assert.equal(linkToPath('https://evil.example/v4/116078/extractions?page=3', ep), undefined, 'absolute URL refused');
    assert.equal(linkToPath('//evil.example/v4/116078/extractions', ep), undefined, 'protocol-relative refused');
    assert.equal(linkToPath('/v4/sources', ep), undefined, 'another endpoint refused');
    assert.equal(linkToPath(undefined, ep), undefined);
    assert.equal(linkToPath('', ep), undefined);
  });
});

describe('api/shape: parseStreamSchema', () => {
  it('decodes the JSON-in-a-string schema and rejects junk with malformed_response', () => {
    const s = parseStreamSchema({ schema: '{"type":"object","properties":{"id":{"type":["null","integer"]}}}', metadata: [] });
    assert.deepEqual(s.properties?.id?.type, ['null', 'integer']);
    assert.throws(() => parseStreamSchema('{"type":'), (e: unknown) => StitchApiError.is(e, 'malformed_response'));
    assert.throws(() => parseStreamSchema('[1]'), (e: unknown) => StitchApiError.is(e, 'malformed_response'));
  });
});
