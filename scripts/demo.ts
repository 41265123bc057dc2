// `npm run demo`: the extension, packaged as a VSIX, in a real VS Code (code-server) on loopback,
// against a Stitch Connect emulator seeded with a living demo account. Ctrl-C stops everything.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, makeTempDir } from '../test/support/codeServer';
import { startEmulator } from '../test/emulator';
import { artifactsDir } from '../test/support/paths';
import { DEMO_README, demoSettings } from './demoSetup';

const DEMO_TOKEN = 'demo-token';
/** A second account with no destination and no sources: the newcomer's first steps. */
const EMPTY_TOKEN = 'empty-token';

async function main(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(artifactsDir, `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: npm run package should have built it`);

  const emulator = await startEmulator({
    port: Number(process.env.STITCH_DEMO_EMULATOR_PORT ?? 0), tokens: [DEMO_TOKEN, EMPTY_TOKEN], startEmpty: [EMPTY_TOKEN], demo: true, quiet: true, jobSeconds: 20,
  });
  const workspace = makeTempDir('stitch-demo-ws-');
  fs.writeFileSync(path.join(workspace, 'README.md'), DEMO_README);
  const codeServer = await startCodeServer({
    workspace,
    installVsix: [vsix],
    settings: demoSettings(emulator.url),
    port: process.env.STITCH_DEMO_PORT ? Number(process.env.STITCH_DEMO_PORT) : undefined,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the demo…\n');
    await codeServer.close();
    await emulator.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => { void stop(); });
  process.on('SIGTERM', () => { void stop(); });

  const line = '─'.repeat(72);
  process.stdout.write([
    '', line,
    '  Stitch Connect for VS Code: demo',
    '',
    `  1. Open          ${codeServer.url}/?folder=${encodeURIComponent(workspace)}`,
    '  2. Click the Stitch icon in the activity bar: "Get started with Stitch" opens; Sign In.',
    `     Base URL:     ${emulator.url}   (already suggested)`,
    `     API token:    ${DEMO_TOKEN}`,
    `     Or start from an empty account (no destination yet): ${EMPTY_TOKEN}`,
    '',
    `  Emulator:        ${emulator.url}  (demo account, client id ${emulator.accounts[0].clientId})`,
    '  Stop:            Ctrl-C here (stops VS Code and the emulator)',
    line, '',
  ].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
