import * as vscode from 'vscode';

const PREFIX = 'stitch.token.';

/** API tokens in SecretStorage, one per profile. The only place a token is persisted. */
export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(profileId: string): Thenable<string | undefined> { return this.secrets.get(PREFIX + profileId); }
  store(profileId: string, token: string): Thenable<void> { return this.secrets.store(PREFIX + profileId, token); }
  delete(profileId: string): Thenable<void> { return this.secrets.delete(PREFIX + profileId); }

  /** Fires with the profile id whose token changed, in this window or another. */
  onDidChange(listener: (profileId: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(PREFIX)) listener(event.key.slice(PREFIX.length));
    });
  }
}
