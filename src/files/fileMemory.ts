/**
 * What the source files remember between plans, shared by every VS Code window of this machine:
 * one small JSON file per account in the extension's global storage (as src/state/notices.ts does
 * for source changes; global state is not re-read across windows in code-server). Node fs only, no
 * `vscode`. Per file (by URI):
 *  - `agreed`: the live value of each of the file's keys when file and Stitch last matched, so any
 *    window tells drift (Stitch moved) from an edit (the file moved);
 *  - `reported`: the drift already shown to the user, so another window does not show it again;
 *  - `created`: the id of a source a failed apply created, until a later apply writes it into the file.
 * Values are kept as hashes: a 10,000-stream selection is not copied into storage.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Remembered {
  readonly agreed?: Readonly<Record<string, string>>;
  readonly reported?: string;
  readonly created?: number;
}

type Book = Record<string, Remembered>;

/** Files not touched in this long are forgotten, so the book stays small. */
const KEEP_ENTRIES = 500;

export function fingerprintHash(fingerprint: string): string {
  return createHash('sha256').update(fingerprint).digest('base64url').slice(0, 22);
}

/** A plan's live keys (Plan.liveKeys), hashed. */
export function hashKeys(keys: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, fingerprintHash(v)]));
}

/**
 * The drift between an agreement and the live keys now: a stamp naming the keys that moved and
 * their values now (the same drift gives the same stamp in every window), or undefined. Keys only
 * one side has (declared since, or no longer) are not drift.
 */
export function driftStamp(agreed: Readonly<Record<string, string>> | undefined, now: Readonly<Record<string, string>>): string | undefined {
  if (!agreed) return undefined;
  const moved = Object.keys(now).filter((k) => Object.hasOwn(agreed, k) && agreed[k] !== now[k]).sort();
  return moved.length ? fingerprintHash(moved.map((k) => `${k}=${now[k]}`).join('\n')) : undefined;
}

export class FileMemory {
  constructor(private readonly dir: string) {}

  private file(account: string): string {
    return path.join(this.dir, `files-${account.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  get(account: string, uri: string): Remembered {
    return this.read(account)[uri] ?? {};
  }

  /** Sets (or, with `undefined`, clears) some of a file's entries; read-modify-write of the account's book. */
  update(account: string, uri: string, patch: { [K in keyof Remembered]?: Remembered[K] | undefined }): void {
    const book = this.read(account);
    const next: Record<string, unknown> = { ...book[uri] };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    const same = JSON.stringify(next) === JSON.stringify(book[uri] ?? {});
    if (same) return;
    delete book[uri];
    if (Object.keys(next).length) book[uri] = next as Remembered; // re-added last: the newest stay when trimmed
    const entries = Object.entries(book).slice(-KEEP_ENTRIES);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const file = this.file(account);
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(Object.fromEntries(entries)));
      fs.renameSync(temp, file);
    } catch {
      // Storage unusable: this window still works, it only forgets sooner.
    }
  }

  private read(account: string): Book {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file(account), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      const out: Book = {};
      for (const [uri, v] of Object.entries(parsed as Record<string, unknown>)) if (isRemembered(v)) out[uri] = v;
      return out;
    } catch {
      return {};
    }
  }
}

function isRemembered(v: unknown): v is Remembered {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const agreed = r.agreed as Record<string, unknown> | undefined;
  return (agreed === undefined || (typeof agreed === 'object' && agreed !== null && Object.values(agreed).every((h) => typeof h === 'string')))
    && (r.reported === undefined || typeof r.reported === 'string')
    && (r.created === undefined || (Number.isInteger(r.created) && (r.created as number) > 0));
}
