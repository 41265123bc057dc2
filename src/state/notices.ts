/**
 * "I changed these sources" notes between the VS Code windows of this machine, as one small file
 * per account in the extension's global storage folder (node fs, no `vscode` import). A window that
 * accepts a write posts the source's id; the other windows see the file change (fs.watch, and a
 * re-read when they gain focus, in case a watch event was missed) and re-read those sources, so a
 * pause in one window shows in the others without waiting for a timer. A sign-out is noted the same
 * way: VS Code tells other windows when a secret changes on the desktop, but not in code-server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Note { owner: string; at: number; ids: number[]; signedOut?: boolean }

/** What other windows did since this one last looked. */
export interface Heard { ids: number[]; signedOut: boolean }

/** Notes older than this are dropped from the file. */
const KEEP_MS = 10 * 60_000;
const KEEP_NOTES = 50;

export class SourceNotices {
  private watcher: fs.FSWatcher | undefined;
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly dir: string, private readonly owner: string, private readonly now: () => number = Date.now) {}

  private file(account: string): string {
    return path.join(this.dir, `sources-${account.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  /** Tells the other windows that these sources of `account` changed, or that this window signed out of it. */
  post(account: string, ids: number[], options: { signedOut?: boolean } = {}): void {
    const at = this.now();
    const notes = this.read(account).filter((n) => n.at > at - KEEP_MS).slice(-KEEP_NOTES + 1);
    notes.push({ owner: this.owner, at, ids, ...(options.signedOut ? { signedOut: true } : {}) });
    this.lastSeen.set(account, Math.max(this.lastSeen.get(account) ?? 0, at));
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const file = this.file(account);
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(notes));
      fs.renameSync(temp, file);
    } catch {
      // Storage unusable: the other windows catch up on their next read of the source.
    }
  }

  /** What other windows did to `account` since this window last asked (the first call only sets the mark). */
  take(account: string): Heard {
    const notes = this.read(account);
    const since = this.lastSeen.get(account);
    const newest = Math.max(since ?? 0, ...notes.map((n) => n.at));
    this.lastSeen.set(account, newest);
    if (since === undefined) return { ids: [], signedOut: false };
    const fresh = notes.filter((n) => n.owner !== this.owner && n.at > since);
    return { ids: [...new Set(fresh.flatMap((n) => n.ids))], signedOut: fresh.some((n) => n.signedOut === true) };
  }

  /** Calls `onChange` when any window writes a note (best effort: fs.watch may be unavailable). */
  watch(onChange: () => void): void {
    if (this.watcher) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      this.watcher = fs.watch(this.dir, (_event, name) => {
        if (typeof name === 'string' && name.startsWith('sources-') && name.endsWith('.json')) onChange();
      });
      this.watcher.on('error', () => this.dispose());
    } catch {
      this.watcher = undefined;
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private read(account: string): Note[] {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file(account), 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isNote) : [];
    } catch {
      return [];
    }
  }
}

function isNote(value: unknown): value is Note {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.owner === 'string' && typeof v.at === 'number' && Array.isArray(v.ids) && v.ids.every((id) => Number.isInteger(id));
}
