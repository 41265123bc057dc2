// `npm run bench`: packages the extension (production build + .vsix), makes sure code-server and
// Chromium are there, then runs the measurements in test/bench/run.ts. Writes artifacts/bench.json
// and artifacts/bench.md. Not part of `npm test`: its exit code says whether it ran, not whether
// targets were met.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { provision } from './lib/provision.mjs';

const started = Date.now();
provision({ codeServer: true });
const env = { ...process.env };
const run = (title, command, args, { fatal = true } = {}) => {
  console.log(`\n── ${title}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (result.status !== 0 && fatal) {
    console.error(`${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  return result.status === 0;
};
if (!process.env.STITCH_BENCH_SKIP_PACKAGE) {
  // The .vsix is one figure among many: if packaging fails, measure the production build anyway.
  if (!run('npm run package', process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs')], { fatal: false })) {
    env.STITCH_BENCH_PACKAGE_FAILED = '1';
    run('npm run build:prod (packaging failed)', process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--production']);
  }
}
run('measurements', process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'bench', 'run.ts')]);
console.log(`\nnpm run bench took ${Math.round((Date.now() - started) / 1000)} s.`);
