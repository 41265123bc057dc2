/** Everything a request handler needs, in one object passed around instead of globals. */
import type { SourceTypeCatalogue } from './catalogue/index';
import type { ReportCard } from './catalogue/types';
import type { Clock } from './clock';
import { prng } from './rng';
import type { AccountState, EmulatorState } from './state';

export interface WorldOptions {
  jobSeconds: number;
  seed: number;
  streams?: number;
  fields?: number;
}

export interface World {
  state: EmulatorState;
  clock: Clock;
  sourceTypes: SourceTypeCatalogue;
  destinationTypes: ReportCard[];
  options: WorldOptions;
  /** Base URL of the log host, for the 302 Location. */
  logHostUrl: string;
  /** Presigned log links handed out: signature -> job name and expiry. */
  logLinks: Map<string, { jobName: string; clientId: number; expiresMs: number }>;
  /** Marks state as changed so it is persisted after the request. */
  dirty(): void;
}

/** A fresh deterministic random stream; the counter lives in state so restarts continue it. */
export function random(world: World): () => number {
  world.state.counters.random += 1;
  return prng((world.options.seed * 2654435761) ^ world.state.counters.random);
}

export function account(world: World, clientId: number): AccountState {
  const acc = world.state.accounts[String(clientId)];
  if (!acc) throw new Error(`no account ${clientId}`);
  return acc;
}
