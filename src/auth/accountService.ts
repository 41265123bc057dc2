import * as vscode from 'vscode';
import { JobsBudget, StitchClient, type RequestEvent } from '../api';
import type { Redactor } from '../core/redaction';
import type { StitchLog } from '../logging';
import { readSettings } from '../settings';
import { ProfileStore, profileIdFor, type Profile } from './profiles';
import { TokenStore } from './tokenStore';

export interface SignInInput { name: string; baseUrl: string; token: string }

/** Thrown by `requireClient` when no account is active; the UI turns it into a Sign In prompt. */
// Branded like StitchApiError (src/api/errors.ts): the lazy bundles carry their own copy of this class.
const NOT_SIGNED_IN: unique symbol = Symbol.for('stitch-connect.NotSignedInError');

export class NotSignedInError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [NOT_SIGNED_IN]?: unknown })[NOT_SIGNED_IN] === true;
  }

  readonly [NOT_SIGNED_IN] = true;
  constructor() { super(vscode.l10n.t('You are not signed in to Stitch.')); }
}

/**
 * The active Stitch account: its profile, its token (read from SecretStorage per request, never
 * cached in a field) and a client built for it. Views and commands get their client here and listen
 * to `onDidChangeAccount` to refresh.
 */
export class AccountService implements vscode.Disposable {
  private readonly profiles: ProfileStore;
  private readonly tokens: TokenStore;
  private readonly changed = new vscode.EventEmitter<Profile | undefined>();
  readonly onDidChangeAccount = this.changed.event;
  private client: { profileId: string; client: StitchClient } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly jobsBudgets = new Map<string, JobsBudget>();
  /** The profile whose token Stitch refused (401) since it last answered it, if any. */
  private rejectedProfile: string | undefined;
  private readonly rejectionChanged = new vscode.EventEmitter<boolean>();
  /** Fires true when Stitch starts refusing the active token, false when it answers it again. */
  readonly onDidChangeTokenRejected = this.rejectionChanged.event;

  constructor(context: vscode.ExtensionContext, private readonly log: StitchLog, private readonly redactor: Redactor) {
    this.profiles = new ProfileStore(context.globalState);
    this.tokens = new TokenStore(context.secrets);
    this.disposables.push(
      this.changed,
      this.rejectionChanged,
      // Another window signed in or out: follow it.
      this.tokens.onDidChange((profileId) => { void this.onTokenChangedElsewhere(profileId); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('stitch')) this.client = undefined; }),
    );
  }

  get active(): Profile | undefined {
    const id = this.profiles.activeId();
    return id ? this.profiles.get(id) : undefined;
  }

  listProfiles(): Profile[] { return this.profiles.list(); }

  /**
   * Whether Stitch refused the active account's token (401) and has not answered it since.
   * Background work (the jobs poller, the trees' timer) stops asking while this is true, so a
   * revoked token costs one prompt, not a loop of 401s.
   */
  get tokenRejected(): boolean {
    const id = this.profiles.activeId();
    return id !== undefined && this.rejectedProfile === id;
  }

  /** Sets the context keys the views' welcome content depends on. No network. */
  async initialize(): Promise<void> {
    const active = this.active;
    const signedIn = Boolean(active && (await this.tokens.get(active.id)));
    await this.setContext(signedIn);
  }

  /** The client of the active account, or undefined when signed out. */
  getClient(): StitchClient | undefined {
    const active = this.active;
    if (!active) return undefined;
    if (this.client?.profileId === active.id) return this.client.client;
    const client = this.buildClient(active.baseUrl, () => this.tokens.get(active.id));
    this.client = { profileId: active.id, client };
    return client;
  }

  requireClient(): StitchClient {
    const client = this.getClient();
    if (!client) throw new NotSignedInError();
    return client;
  }

  /**
   * Checks the token against the API before storing anything. Rejects with the API's error (401,
   * unreachable URL...) and then nothing is stored.
   */
  async signIn(input: SignInInput): Promise<Profile> {
    const baseUrl = input.baseUrl.trim().replace(/\/+$/, '');
    const token = input.token.trim();
    this.redactor.add(token);
    const probe = this.buildClient(baseUrl, async () => token, false);
    const sources = await probe.listSources();
    const profile: Profile = {
      id: profileIdFor(input.name, baseUrl),
      name: input.name.trim(),
      baseUrl,
      stitchClientId: sources.find((s) => typeof s.stitch_client_id === 'number')?.stitch_client_id,
    };
    await this.tokens.store(profile.id, token);
    await this.profiles.upsert(profile);
    await this.profiles.setActive(profile.id);
    this.client = undefined;
    this.setRejected(undefined);
    this.log.info(`Signed in to ${profile.name} (${profile.baseUrl})`);
    await this.setContext(true);
    this.changed.fire(profile);
    return profile;
  }

  async signOut(profileId = this.profiles.activeId()): Promise<void> {
    if (!profileId) return;
    const profile = this.profiles.get(profileId);
    this.redactor.remove(await this.tokens.get(profileId));
    await this.tokens.delete(profileId);
    await this.profiles.remove(profileId);
    if (this.client?.profileId === profileId) this.client = undefined;
    this.log.info(`Signed out of ${profile?.name ?? profileId}`);
    const next = this.profiles.list()[0];
    if (!this.profiles.activeId() && next) await this.profiles.setActive(next.id);
    await this.initialize();
    this.changed.fire(this.active);
  }

  async switchTo(profileId: string): Promise<void> {
    if (!this.profiles.get(profileId)) throw new Error(vscode.l10n.t('No such Stitch account.'));
    await this.profiles.setActive(profileId);
    this.client = undefined;
    await this.initialize();
    this.changed.fire(this.active);
  }

  /** Replaces the token of the active account (after a 401), checking it first. */
  async replaceToken(token: string): Promise<void> {
    const active = this.active;
    if (!active) throw new NotSignedInError();
    await this.signIn({ name: active.name, baseUrl: active.baseUrl, token });
  }

  /**
   * The account's stitch_client_id, learned from any source and remembered in the profile.
   * Undefined when the account has no source yet (the jobs endpoints can't be addressed then).
   */
  async stitchClientId(): Promise<number | undefined> {
    const active = this.active;
    if (!active) return undefined;
    if (active.stitchClientId) return active.stitchClientId;
    const id = await this.requireClient().findStitchClientId();
    if (id) await this.profiles.upsert({ ...active, stitchClientId: id });
    return id;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** `watchAuth` false: a sign-in probe, whose 401 means "that token is wrong", not "the active one was revoked". */
  private buildClient(baseUrl: string, getToken: () => PromiseLike<string | undefined>, watchAuth = true): StitchClient {
    const settings = readSettings();
    return new StitchClient({
      baseUrl,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      retry: { limit: settings.maxRetries },
      jobsBudget: this.jobsBudgetFor(baseUrl),
      getToken: async () => {
        const token = await getToken();
        this.redactor.add(token);
        return token;
      },
      onRequest: (event) => {
        this.logRequest(event);
        if (watchAuth) this.noteAuthOutcome(baseUrl, event);
      },
      userAgent: 'stitch-connect-vscode',
    });
  }

  /**
   * One jobs budget per API server for the whole window (it counts per Stitch client id inside), so
   * switching accounts or rebuilding clients never resets it, and two servers never share one.
   */
  private jobsBudgetFor(baseUrl: string): JobsBudget {
    let budget = this.jobsBudgets.get(baseUrl);
    if (!budget) {
      budget = new JobsBudget();
      this.jobsBudgets.set(baseUrl, budget);
    }
    return budget;
  }

  private logRequest(event: RequestEvent): void {
    const where = event.host === 'logs' ? 'log host ' : '';
    const status = event.status === 0 ? 'no response' : String(event.status);
    const retry = event.retryInMs !== undefined ? `, retrying in ${event.retryInMs} ms` : '';
    const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
    const line = `${event.method} ${where}${event.path} → ${status} in ${Math.round(event.durationMs)} ms${attempt}${retry}`;
    if (event.status === 0 || event.status >= 400) this.log.warn(line); else this.log.info(line);
  }

  /**
   * One place sees every answer: a 401 from the API marks the active token refused and asks the
   * user once to re-enter it; any 2xx from the API clears the mark.
   */
  private noteAuthOutcome(baseUrl: string, event: RequestEvent): void {
    const active = this.active;
    if (!active || active.baseUrl !== baseUrl || event.host === 'logs') return;
    if (event.status === 401 && this.rejectedProfile !== active.id) {
      this.setRejected(active.id);
      this.log.warn(`Stitch refused the token of ${active.name} (401): background requests pause until it is re-entered`);
      const reenter = vscode.l10n.t('Re-enter Token');
      const signOut = vscode.l10n.t('Sign Out');
      void Promise.resolve(vscode.window.showWarningMessage(
        vscode.l10n.t('Stitch refused the API token of "{0}" (401). It may have been revoked. Background updates are paused until you re-enter it.', active.name),
        reenter, signOut,
      )).then(async (choice) => {
        if (choice === reenter) await vscode.commands.executeCommand('stitch.reenterToken');
        else if (choice === signOut) await vscode.commands.executeCommand('stitch.signOut');
      });
    } else if (event.status >= 200 && event.status < 300 && this.rejectedProfile === active.id) {
      this.setRejected(undefined);
    }
  }

  private setRejected(profileId: string | undefined): void {
    if (this.rejectedProfile === profileId) return;
    this.rejectedProfile = profileId;
    this.rejectionChanged.fire(profileId !== undefined);
  }

  private async onTokenChangedElsewhere(profileId: string): Promise<void> {
    if (profileId !== this.profiles.activeId()) return;
    this.client = undefined;
    await this.initialize();
    this.changed.fire(this.active);
  }

  private async setContext(signedIn: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'stitch.signedIn', signedIn);
    await vscode.commands.executeCommand('setContext', 'stitch.multipleAccounts', this.profiles.list().length > 1);
  }
}
