// Installs what the test tiers need, idempotently, into gitignored caches:
// Debian packages (Chromium, headers for code-server's native modules, ripgrep, and Quartz 2.3.2
// with a JDK for the unit tier's differential cron test)
// and code-server 4.100.3 (= VS Code 1.100.3, the newest line that runs on Node 20),
// with the workarounds from ../shared/real-vscode-testing.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const codeServerDir = path.join(cacheDir, 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev', 'pkg-config', 'ripgrep'];
// Quartz itself, the oracle of test/unit/core/quartzDifferential.test.ts; without them that test skips.
const ORACLE_APT_PACKAGES = ['libquartz2-java', 'default-jdk-headless'];
const readyMarker = path.join(codeServerDir, `.ready-${CODE_SERVER_VERSION}`);

function log(message) { process.stderr.write(`[provision] ${message}\n`); }

function run(cmd, args, cwd, extraEnv = {}) {
  log(`${cwd ? `(${path.relative(repoRoot, cwd) || '.'}) ` : ''}${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } });
}

function missingDebianPackages(packages = APT_PACKAGES) {
  return packages.filter((pkg) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      return !status.includes('install ok installed');
    } catch { return true; }
  });
}

class ProvisionError extends Error {}

function canApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try { execFileSync('which', ['apt-get'], { stdio: 'ignore' }); hasApt = true; } catch { /* no apt */ }
  return isRoot && hasApt;
}

function aptInstall(packages) {
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], undefined, { DEBIAN_FRONTEND: 'noninteractive' });
}

/** Quartz and a JDK for the differential test: installed where apt can, else that test skips. */
export function provisionQuartzOracle() {
  const missing = missingDebianPackages(ORACLE_APT_PACKAGES);
  if (missing.length === 0) return;
  if (!canApt()) {
    log(`the Quartz differential test will skip: install ${missing.join(' ')} (sudo apt-get install -y ${missing.join(' ')})`);
    return;
  }
  aptInstall(missing);
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (!canApt()) {
    throw new ProvisionError(
      `These Debian packages are needed by the browser and VS Code test tiers but are missing: ${missing.join(' ')}.\n` +
      `Install them, then run the tests again:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  aptInstall(missing);
}

function ensureCodeServer() {
  if (fs.existsSync(readyMarker) && fs.existsSync(codeServerEntry)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, codeServerDir)} (2-4 minutes, once)`);
  fs.mkdirSync(codeServerDir, { recursive: true });
  const pkgJson = path.join(codeServerDir, 'package.json');
  if (!fs.existsSync(pkgJson)) fs.writeFileSync(pkgJson, JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
  const npmEnv = { npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save'], codeServerDir, npmEnv);
  run('npm', ['rebuild', 'argon2'], codeServerDir, npmEnv);
  const vscodeDir = path.join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, npmEnv);
  // @vscode/ripgrep downloads its binary from GitHub unless bin/ already holds one.
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgBin, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgBin, 'rg'));
  fs.chmodSync(path.join(rgBin, 'rg'), 0o755);
  run('npm', ['rebuild'], vscodeDir, npmEnv);
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run('npm', ['install', '--omit=dev', '--ignore-scripts'], path.join(vscodeDir, 'extensions'), npmEnv);
  fs.writeFileSync(readyMarker, new Date().toISOString());
}

function symlink(target, linkPath) {
  try { fs.rmSync(linkPath, { force: true }); } catch { /* absent */ }
  fs.symlinkSync(target, linkPath);
}

/** Browser tiers need Chromium; the VS Code tiers also need code-server. */
export function provision({ codeServer }) {
  try {
    ensureDebianPackages();
    provisionQuartzOracle();
    if (!fs.existsSync(chromiumPath)) throw new ProvisionError(`Chromium was not found at ${chromiumPath}. Install the Debian package 'chromium' or set CHROMIUM_PATH.`);
    if (codeServer) ensureCodeServer();
  } catch (error) {
    if (error instanceof ProvisionError) {
      process.stderr.write(`\nCannot provision the test environment:\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
