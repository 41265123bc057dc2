import * as vscode from 'vscode';

export interface StitchSettings {
  requestTimeoutSeconds: number;
  maxRetries: number;
  defaultBaseUrl: string;
}

/** The `stitch.*` settings, with the manifest's defaults and sane bounds. The token is never a setting. */
export function readSettings(): StitchSettings {
  const config = vscode.workspace.getConfiguration('stitch');
  return {
    requestTimeoutSeconds: clamp(config.get<number>('requestTimeoutSeconds', 30), 1, 600),
    maxRetries: clamp(config.get<number>('maxRetries', 2), 0, 5),
    defaultBaseUrl: config.get<string>('defaultBaseUrl', 'https://api.stitchdata.com') || 'https://api.stitchdata.com',
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
