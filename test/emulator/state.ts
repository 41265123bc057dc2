/**
 * The emulator's whole mutable world, as plain JSON so it can be snapshotted (reset) and persisted
 * (--state). Credential values are never kept: only whether one was provided and whether it trips
 * the "invalid" check-failure convention.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface StreamSelection {
  /** Writable stream-level metadata: selected, replication-method, replication-key, view-key-properties. */
  stream: Record<string, unknown>;
  /** Field name -> selected. */
  fields: Record<string, boolean | null>;
}

export interface SourceRecord {
  id: number;
  clientId: number;
  type: string;
  name: string;
  displayName: string;
  properties: Record<string, unknown>;
  credentials: Record<string, { invalid: boolean }>;
  createdAt: string;
  updatedAt: string;
  pausedAt: string | null;
  systemPausedAt: string | null;
  deletedAt: string | null;
  checkJobName: string | null;
  /** The last connection check succeeded, so streams are known. */
  discovered: boolean;
  streamIdBase: number | null;
  /** Per-source catalogue size set through the control plane. */
  catalogueSize?: { streams: number; fields: number };
  selection: Record<string, StreamSelection>;
  /** When the source last became fully_configured or last started a sync: the interval schedule's base. */
  scheduleBaseMs: number | null;
  /** Scheduled fires up to this instant have been handled; null while the source is not schedulable. */
  scheduledThroughMs: number | null;
  destinationId: number | null;
}

export interface CheckRecord {
  name: string;
  sourceId: number;
  startMs: number;
  endMs: number;
  /** Null when the check will pass; otherwise the discovery error it reports. */
  failure: string | null;
  /** Its outcome has been applied to the source. */
  applied: boolean;
}

export type Phase = 'discovery' | 'tap' | 'target';

export interface InjectedFailure {
  phase: Phase;
  exitStatus: number;
  description: string;
}

export interface JobRecord {
  jobName: string;
  sourceId: number;
  sourceType: string;
  startMs: number;
  endMs: number;
  /** Set when the job finished (completed, failed or terminated). */
  done: boolean;
  terminatedMs: number | null;
  failure: InjectedFailure | null;
  /** Selected streams at start and the records each produced. */
  records: Record<string, number>;
  exit: { discovery: number | null; tap: number | null; target: number | null };
  descriptions: { discovery: string | null; tap: string | null; target: string | null };
}

export interface LoadRecord {
  sourceName: string;
  streamName: string;
  lastBatchLoadedAt: string | null;
  errorState: unknown;
  atMs: number;
}

export interface DestinationRecord {
  id: number;
  type: string;
  name: string;
  description: string | null;
  properties: Record<string, unknown>;
  credentials: string[];
  ignoreUnmappedSources: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  checkJobName: string | null;
}

export interface ImportTokenRecord {
  id: number;
  sourceId: number;
  revoked: boolean;
}

export interface AccountState {
  clientId: number;
  sources: SourceRecord[];
  checks: Record<string, CheckRecord>;
  jobs: JobRecord[];
  loads: Record<string, LoadRecord>;
  destinations: DestinationRecord[];
  importTokens: ImportTokenRecord[];
  /** Failures to apply to the next (or current) sync of a source. */
  pendingFailures: Record<string, InjectedFailure>;
  /** Post-load notification hooks (reference §4.15); absent in state files written before they existed. */
  hooks?: HookRecord[];
}

export interface HookRecord {
  id: number;
  destinationId: number | null;
  url: string;
  createdAt: string;
  modifiedAt: string;
  disabledAt: string | null;
}

export interface Settings {
  cronAllowed: boolean;
  maxDestinations: number;
  scheduler: boolean;
  /** Honour details.access (false answers AccessDenied); off = a plan that includes every type. */
  enforceAccess: boolean;
  /** Replication pauses while no destination has passed its check (reference §4.12); off in older tests' worlds. */
  requireDestination?: boolean;
  /** The plan includes post-load hooks (reference §4.15); false answers "Client does not have access to hooks." */
  hooksAllowed?: boolean;
}

export interface EmulatorState {
  version: 1;
  savedAtMs: number;
  counters: { source: number; stream: number; destination: number; token: number; random: number; hook?: number };
  accounts: Record<string, AccountState>;
  settings: Settings;
}

/** A just-created source: nothing provided, checked, selected or scheduled yet. */
export function newSourceRecord(init: { id: number; clientId: number; type: string; name: string; displayName: string; at: string; destinationId?: number | null }): SourceRecord {
  return {
    id: init.id,
    clientId: init.clientId,
    type: init.type,
    name: init.name,
    displayName: init.displayName,
    properties: {},
    credentials: {},
    createdAt: init.at,
    updatedAt: init.at,
    pausedAt: null,
    systemPausedAt: null,
    deletedAt: null,
    checkJobName: null,
    discovered: false,
    streamIdBase: null,
    selection: {},
    scheduleBaseMs: null,
    scheduledThroughMs: null,
    destinationId: init.destinationId ?? null,
  };
}

export function emptyAccount(clientId: number): AccountState {
  return { clientId, sources: [], checks: {}, jobs: [], loads: {}, destinations: [], importTokens: [], pendingFailures: {} };
}

export function emptyState(clientIds: number[], settings: Settings): EmulatorState {
  return {
    version: 1,
    savedAtMs: 0,
    counters: { source: 120640, stream: 2288700, destination: 155580, token: 815713580, random: 0 },
    accounts: Object.fromEntries(clientIds.map((id) => [String(id), emptyAccount(id)])),
    settings,
  };
}

export function cloneState(state: EmulatorState): EmulatorState {
  return structuredClone(state);
}

/** Read a state file; a missing file means "start fresh". A corrupt one is an error, never silently dropped. */
export function loadStateFile(file: string): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as EmulatorState;
  if (parsed?.version !== 1 || typeof parsed.accounts !== 'object') throw new Error(`${file} is not an emulator state file`);
  return parsed;
}

let tempCounter = 0;

/** Write atomically: a temp file in the same folder, fsync, then rename over the target. */
export function saveStateFile(file: string, state: EmulatorState): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(state));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}
