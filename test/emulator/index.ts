/**
 * Programmatic entry point of the Stitch Connect emulator. Tests start it in-process on port 0:
 *
 *   const emu = await startEmulator({ jobSeconds: 3 });
 *   await fetch(`${emu.url}/v4/sources`, { headers: { Authorization: `Bearer ${emu.accounts[0].token}` } });
 *   await emu.close();
 */
import type { AddressInfo } from 'node:net';
import { builtInDestinationTypes } from './catalogue/destination-types';
import { SourceTypeCatalogue } from './catalogue/index';
import { Clock } from './clock';
import type { RequestEntry } from './control';
import { seedDemo, seedWorkingDestination } from './demo';
import { DeviationSwitches } from './deviations';
import { FaultTable } from './faults';
import { EmulatorServer } from './server';
import { cloneState, emptyAccount, emptyState, loadStateFile, saveStateFile, type EmulatorState } from './state';
import type { World } from './world';

export interface EmulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Each token is one account; default one token 'emulator-token'. */
  tokens?: string[];
  /** A GET /v4/source-types JSON response to serve instead of the built-in catalogue. */
  catalogFile?: string;
  /** Persist state here (atomic write: temp file + rename). */
  stateFile?: string;
  /** Simulated duration of connection checks and sync jobs (default 3). */
  jobSeconds?: number;
  /** Deterministic synthetic data (default 1). */
  seed?: number;
  /** Size of every synthetic catalogue, for performance work. */
  streams?: number;
  fields?: number;
  /** Seed the first account with demo sources, and every other account with a working destination. */
  demo?: boolean;
  /** Tokens whose accounts start with nothing, not even a destination, even with `demo` (a newcomer's account). */
  startEmpty?: string[];
  quiet?: boolean;
  /** Fire scheduled syncs as simulated time passes (default true). */
  scheduler?: boolean;
  /** Cron scheduling entitlement (default true; false gives 400 AccessDenied). */
  cronAllowed?: boolean;
  /** Active destinations allowed per account (default 1, the standard plan). */
  maxDestinations?: number;
  /** Honour each type's details.access (default true); false lets every type be created. */
  enforceAccess?: boolean;
  /** Refuse syncs while no destination has passed its connection check (default false; the demo turns it on). */
  requireDestination?: boolean;
  /** The plan includes post-load hooks (default true). */
  hooksAllowed?: boolean;
}

export interface EmulatorAccount {
  token: string;
  clientId: number;
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:PORT' (API base; the client appends /v4/...). */
  url: string;
  port: number;
  /** The second listener (another origin) that serves extraction log text; the 302 points here. */
  logHostUrl: string;
  accounts: EmulatorAccount[];
  /** Closes both listeners and all sockets promptly. */
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'emulator-token';
/** The first account gets the client id the Stitch docs use in their examples. */
export const FIRST_CLIENT_ID = 116078;

function listen(server: import('node:http').Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const tokens = options.tokens && options.tokens.length > 0 ? options.tokens : [DEFAULT_TOKEN];
  const accounts: EmulatorAccount[] = tokens.map((token, i) => ({ token, clientId: FIRST_CLIENT_ID + i }));
  const sourceTypes = options.catalogFile ? SourceTypeCatalogue.fromFile(options.catalogFile) : SourceTypeCatalogue.builtIn();
  const explicit = Object.fromEntries(
    Object.entries({ cronAllowed: options.cronAllowed, maxDestinations: options.maxDestinations, scheduler: options.scheduler, enforceAccess: options.enforceAccess, requireDestination: options.requireDestination, hooksAllowed: options.hooksAllowed }).filter(([, v]) => v !== undefined),
  );
  const defaults = { cronAllowed: true, maxDestinations: 1, scheduler: true, enforceAccess: true, requireDestination: false, hooksAllowed: true };

  const loaded = options.stateFile ? loadStateFile(options.stateFile) : undefined;
  // Simulated time never runs backwards across a restart.
  const clock = new Clock(Math.max(Date.now(), loaded?.savedAtMs ?? 0));
  let dirty = false;
  const world: World = {
    state: loaded ?? emptyState(accounts.map((a) => a.clientId), defaults),
    clock,
    sourceTypes,
    destinationTypes: builtInDestinationTypes(),
    options: {
      jobSeconds: options.jobSeconds ?? 3,
      seed: options.seed ?? 1,
      ...(options.streams !== undefined ? { streams: options.streams } : {}),
      ...(options.fields !== undefined ? { fields: options.fields } : {}),
    },
    logHostUrl: '',
    logLinks: new Map(),
    dirty: () => {
      dirty = true;
    },
  };
  // Options given now win over persisted settings, which win over defaults.
  world.state.settings = { ...defaults, ...(loaded?.settings ?? {}), ...explicit };
  for (const a of accounts) world.state.accounts[String(a.clientId)] ??= emptyAccount(a.clientId);
  if (!loaded && options.demo) {
    seedDemo(world, world.state.accounts[String(accounts[0]!.clientId)]!);
    for (const a of accounts.slice(1)) {
      if (!options.startEmpty?.includes(a.token)) seedWorkingDestination(world, world.state.accounts[String(a.clientId)]!, clock.now() - 24 * 3_600_000);
    }
  }
  // The demo shows Stitch's rule: no working destination, no replication (its other accounts start with none).
  if (!loaded && options.demo && options.requireDestination === undefined) world.state.settings.requireDestination = true;

  const persist = () => {
    if (!dirty || !options.stateFile) return;
    dirty = false;
    saveStateFile(options.stateFile, { ...world.state, savedAtMs: clock.now() });
  };
  persist();

  const initial: EmulatorState = cloneState(world.state);
  const initialTime = clock.now();
  const faults = new FaultTable();
  const deviations = new DeviationSwitches();
  const requests: RequestEntry[] = [];
  const counters = new Map<string, number>();
  const server = new EmulatorServer(world, {
    world,
    faults,
    deviations,
    requests,
    counters,
    accounts,
    tokens: new Map(accounts.map((a) => [a.token, a.clientId])),
    persist,
    warn: (message) => {
      if (!options.quiet) console.warn(`[emulator] ${message}`);
    },
    reset: () => {
      world.state = cloneState(initial);
      world.logLinks.clear();
      clock.reset(initialTime);
      faults.clear();
      deviations.clear();
      requests.length = 0;
      counters.clear();
      dirty = true;
    },
  });

  const logPort = await listen(server.logs, 0);
  world.logHostUrl = `http://127.0.0.1:${logPort}`;
  let port: number;
  try {
    port = await listen(server.api, options.port ?? 0);
  } catch (error) {
    await server.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logHostUrl: world.logHostUrl,
    accounts,
    close: () => {
      closed ??= server.close().then(() => {
        dirty = true;
        persist();
      });
      return closed;
    },
  };
}
