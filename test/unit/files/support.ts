/** Builds a FileEngine wired to the emulator over real HTTP, with secrets in a Map and a clock-advancing discovery wait. */
import type { StitchClient } from '../../../src/api';
import assert from 'node:assert/strict';
import type { CredentialRef, SourceFile } from '../../../src/core/sourceFile/model';
import { parseFileText } from '../../../src/core/sourceFile/text';
import type { HashRecord, HashStore } from '../../../src/core/sourceFile/secretHash';
import { discoveryDone, FileEngine } from '../../../src/files/engine';
import { SourceStore } from '../../../src/state/sourceStore';
import type { Harness } from '../api/emulator-harness';

export interface TestEngine {
  engine: FileEngine;
  store: SourceStore;
  secrets: Map<string, string>;
  hashes: Map<string, HashRecord>;
}

export function testEngine(h: Harness, client: StitchClient): TestEngine {
  const store = new SourceStore(() => client);
  const secrets = new Map<string, string>();
  const hashes = new Map<string, HashRecord>();
  const hashStore: HashStore = { get: (k) => hashes.get(k), set: (k, r) => { if (r) hashes.set(k, r); else hashes.delete(k); } };
  const engine = new FileEngine({
    api: client as never,
    store,
    account: h.clientId,
    hashes: hashStore,
    resolveSecret: async (ref: CredentialRef) => ('$secret' in ref ? secrets.get(ref.$secret) : process.env[ref.$env]),
    // The test clock is frozen: move it past the check instead of sleeping.
    waitForDiscovery: async (id) => {
      for (let i = 0; i < 20; i++) {
        const s = await store.get(id);
        if (discoveryDone(s)) return s;
        await h.advance(5);
      }
      throw new Error(`source ${id} never finished discovery`);
    },
  });
  return { engine, store, secrets, hashes };
}

/** API requests only (the control plane is never logged, but be explicit). */
export async function apiRequests(h: Harness) {
  return (await h.requests()).filter((r) => !r.path.startsWith('/__emulator'));
}

/** A source file's text parsed, failing the test with the parser's problems when it doesn't parse. */
export function fileOf(text: string): SourceFile {
  const parsed = parseFileText(text);
  assert.ok(parsed.result.ok, JSON.stringify(parsed.problems));
  return parsed.result.file;
}
