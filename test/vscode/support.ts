import * as vscode from 'vscode';

export const EXTENSION_ID = 'stitch-connect-vscode.stitch-connect';

export function getExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not loaded`);
  return extension;
}

export async function activateExtension(): Promise<unknown> {
  const extension = getExtension();
  return extension.isActive ? extension.exports : extension.activate();
}
