import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { StitchExtensionApi } from '../../src/extension';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator';

export const EXTENSION_ID = 'stitch-connect-vscode.stitch-connect';

export function getExtension(): vscode.Extension<StitchExtensionApi> {
  const extension = vscode.extensions.getExtension<StitchExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not loaded`);
  return extension;
}

export async function activateExtension(): Promise<StitchExtensionApi> {
  const extension = getExtension();
  return extension.isActive ? extension.exports : extension.activate();
}

/** An emulator in this extension host, quiet, with fast jobs. */
export function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, quiet: true, jobSeconds: 1, scheduler: false, ...options });
}

export async function signIn(em: RunningEmulator, accountIndex = 0, name = `Emulator ${accountIndex + 1}`): Promise<void> {
  const ok = await vscode.commands.executeCommand<boolean>('stitch.signIn', { name, baseUrl: em.url, token: em.accounts[accountIndex].token });
  if (!ok) throw new Error('sign in failed');
}

/** Signs out of every account, so each suite starts from a clean slate. */
export async function signOutAll(api: StitchExtensionApi): Promise<void> {
  for (const profile of api.services.accounts.listProfiles()) await api.services.accounts.signOut(profile.id);
}

export async function control(em: RunningEmulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${em.url}/__emulator/${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : undefined, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

export interface LoggedRequest { method: string; path: string; status: number | null; authorization: boolean; host: string; at: string }

export async function requests(em: RunningEmulator): Promise<LoggedRequest[]> {
  return (await control(em, 'GET', 'requests')) as LoggedRequest[];
}

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Tree item labels as plain strings. */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/**
 * Removes source files a suite wrote. A document VS Code still holds is planned again at the next
 * sign-in, against whichever source has its id then: each is emptied and saved before it goes, so
 * later suites see no request from it.
 */
export async function removeSourceFiles(uris: readonly vscode.Uri[]): Promise<void> {
  for (const uri of uris) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '{}\n');
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    fs.rmSync(uri.fsPath, { force: true });
  }
}
