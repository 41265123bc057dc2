// ky's module-level feature checks build a `Request` with a stream body, which makes Node load its
// fetch implementation: tens of milliseconds. The API layer must not pay that when it is loaded (at
// activation), only on the first request.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('api: ky loads on the first request, not with the module', () => {
  it('loading src/api touches no Request; the first request loads ky once and succeeds', function () {
    this.timeout(30_000);
    const script = `
      let touched = 0;
      const real = globalThis.Request;
      Object.defineProperty(globalThis, 'Request', { configurable: true, get() { touched++; return real; } });
      const api = require(${JSON.stringify(path.join(repoRoot, 'src', 'api', 'http.ts'))});
      const afterLoad = touched;
      const core = new api.HttpCore({
        baseUrl: 'http://stitch.invalid', getToken: async () => 'tok', timeoutMs: 5000,
        retry: { limit: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
        fetch: async () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
      });
      Promise.all([core.request({ method: 'GET', path: '/v4/sources' }), api.loadKy(), api.loadKy()]).then(([res, a, b]) => {
        process.stdout.write(JSON.stringify({ afterLoad, afterRequest: touched, status: res.status, text: res.text, same: a === b }));
      }, (e) => { console.error(e); process.exit(1); });
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as Record<string, unknown>;
    assert.equal(out.afterLoad, 0, 'loading the API layer touched globalThis.Request (ky evaluated eagerly)');
    assert.ok(Number(out.afterRequest) > 0, 'the first request did not load ky');
    assert.equal(out.status, 200);
    assert.equal(out.text, '{"ok":true}');
    assert.equal(out.same, true, 'loadKy is not memoised');
  });
});
