/**
 * File secrets: values in SecretStorage under the account, never anywhere else; the salted hash of
 * the last value sent in global state (a hash is not a secret). `$env` references read the
 * extension host's environment.
 */
import * as vscode from 'vscode';
import type { CredentialRef } from '../core/sourceFile/model';
import type { HashRecord, HashStore } from '../core/sourceFile/secretHash';
import type { Services } from '../services';

const secretKey = (account: string, name: string) => `stitch.fileSecret.${account}.${name}`;
const HASHES_KEY = 'stitch.files.secretHashes';

export class FileSecrets {
  constructor(private readonly services: Services) {}

  /** The active profile's id: secrets of one account are never offered to another. */
  get account(): string | undefined { return this.services.accounts.active?.id; }

  async get(name: string): Promise<string | undefined> {
    const account = this.account;
    if (!account) return undefined;
    const value = await this.services.context.secrets.get(secretKey(account, name));
    if (value) this.services.redactor.add(value);
    return value || undefined;
  }

  async set(name: string, value: string): Promise<void> {
    const account = this.account;
    if (!account) throw new Error(vscode.l10n.t('Sign in first: secrets are kept per account.'));
    this.services.redactor.add(value);
    await this.services.context.secrets.store(secretKey(account, name), value);
  }

  async resolve(ref: CredentialRef): Promise<string | undefined> {
    if ('$secret' in ref) return this.get(ref.$secret);
    const value = process.env[ref.$env];
    if (value) this.services.redactor.add(value);
    return value || undefined;
  }

  hashes(): HashStore {
    const state = this.services.context.globalState;
    return {
      get: (key) => state.get<Record<string, HashRecord>>(HASHES_KEY, {})[key],
      set: async (key, record) => {
        const all = { ...state.get<Record<string, HashRecord>>(HASHES_KEY, {}) };
        if (record) all[key] = record; else delete all[key];
        await state.update(HASHES_KEY, all);
      },
    };
  }
}
