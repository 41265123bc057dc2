// Real Stitch data, read from ../shared beside the checkout (never copied into the repo).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReportCard } from '../../../src/core/reportCard';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES_DIR = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'stitch-docs');

export interface FormPropertyDoc {
  name: string;
  required?: boolean;
  type?: string;
  value?: unknown;
}
export interface FormPropertiesDoc {
  'display-name': string;
  'source-type'?: string;
  properties: FormPropertyDoc[];
}

function load<T>(file: string): T | undefined {
  const full = path.join(FIXTURES_DIR, file);
  return existsSync(full) ? (JSON.parse(readFileSync(full, 'utf8')) as T) : undefined;
}

export const sourceTypes = load<ReportCard[]>('source-types.json');
export const formProperties = load<Record<string, FormPropertiesDoc>>('source-form-properties.json');

/** Skips the calling suite with a clear message when the shared fixtures are absent. */
export function requireFixtures(ctx: Mocha.Context, what: unknown): void {
  if (what === undefined) {
    console.warn(`    (skipped: real Stitch fixtures not found at ${FIXTURES_DIR})`);
    ctx.skip();
  }
}
