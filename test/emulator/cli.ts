/**
 * npm run emulator -- [--port N] [--token T]... [--catalog FILE] [--state FILE] [--job-seconds S]
 *                     [--seed N] [--streams N --fields M] [--demo] [--no-scheduler] [--quiet]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN, startEmulator, type EmulatorOptions } from './index';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} needs a number >= 0, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      token: { type: 'string', multiple: true },
      catalog: { type: 'string' },
      state: { type: 'string' },
      'job-seconds': { type: 'string' },
      seed: { type: 'string' },
      streams: { type: 'string' },
      fields: { type: 'string' },
      demo: { type: 'boolean' },
      'no-scheduler': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run emulator -- [--port N] [--token T]... [--catalog FILE] [--state FILE] [--job-seconds S] [--seed N] [--streams N --fields M] [--demo] [--no-scheduler] [--quiet]');
    return;
  }
  const options: EmulatorOptions = {
    port: numberOption('port', values.port) ?? 0,
    ...(values.token ? { tokens: values.token } : {}),
    ...(values.catalog ? { catalogFile: values.catalog } : {}),
    ...(values.state ? { stateFile: values.state } : {}),
    ...(values['job-seconds'] !== undefined ? { jobSeconds: numberOption('job-seconds', values['job-seconds'])! } : {}),
    ...(values.seed !== undefined ? { seed: numberOption('seed', values.seed)! } : {}),
    ...(values.streams !== undefined ? { streams: numberOption('streams', values.streams)! } : {}),
    ...(values.fields !== undefined ? { fields: numberOption('fields', values.fields)! } : {}),
    demo: values.demo ?? false,
    quiet: values.quiet ?? false,
    scheduler: !values['no-scheduler'],
  };
  const emulator = await startEmulator(options);
  console.log(`Stitch Connect emulator listening on ${emulator.url}`);
  if (!values.token) console.log(`Default API token: ${DEFAULT_TOKEN}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`emulator failed to start: ${(error as Error).message}`);
  process.exit(1);
});
