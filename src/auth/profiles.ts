import * as vscode from 'vscode';

/** Non-secret account metadata, kept in globalState. The token is never here. */
export interface Profile {
  id: string;
  name: string;
  baseUrl: string;
  /** Learned from the API (any Source carries it); needed for the jobs endpoints. */
  stitchClientId?: number;
}

const PROFILES_KEY = 'stitch.profiles';
const ACTIVE_KEY = 'stitch.activeProfileId';

export class ProfileStore {
  constructor(private readonly state: vscode.Memento) {}

  list(): Profile[] {
    const stored = this.state.get<unknown>(PROFILES_KEY);
    return Array.isArray(stored) ? stored.filter(isProfile) : [];
  }

  get(id: string): Profile | undefined {
    return this.list().find((p) => p.id === id);
  }

  activeId(): string | undefined {
    const id = this.state.get<string>(ACTIVE_KEY);
    return id && this.get(id) ? id : undefined;
  }

  async upsert(profile: Profile): Promise<void> {
    const others = this.list().filter((p) => p.id !== profile.id);
    await this.state.update(PROFILES_KEY, [...others, profile]);
  }

  async remove(id: string): Promise<void> {
    await this.state.update(PROFILES_KEY, this.list().filter((p) => p.id !== id));
    if (this.state.get<string>(ACTIVE_KEY) === id) await this.state.update(ACTIVE_KEY, undefined);
  }

  async setActive(id: string | undefined): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
  }
}

function isProfile(value: unknown): value is Profile {
  const p = value as Profile;
  return Boolean(p) && typeof p.id === 'string' && typeof p.name === 'string' && typeof p.baseUrl === 'string';
}

/** A stable id for a name + URL pair, so signing in again to the same account replaces it. */
export function profileIdFor(name: string, baseUrl: string): string {
  const normalised = `${name.trim().toLowerCase()}@${baseUrl.trim().replace(/\/+$/, '').toLowerCase()}`;
  let hash = 0;
  for (let i = 0; i < normalised.length; i++) hash = (Math.imul(hash, 31) + normalised.charCodeAt(i)) | 0;
  return `p${(hash >>> 0).toString(36)}`;
}
