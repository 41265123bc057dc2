/**
 * Sources as `*.stitch.jsonc` files (README "Sources as files"). The light half, in the activation
 * bundle: the `stitch-schema:` and `stitch-plan:` documents (the JSON features ask for the schema as
 * soon as a file opens) and the command entries. The rest (./feature.ts: engine, jsonc-parser,
 * diagnostics, lens) is loaded when a source file is opened or a command runs. scripts/build.mjs
 * bundles it as dist/files.js and turns the `require('./feature')` below into a runtime require;
 * run from source, the same require loads ./feature.ts.
 */
import * as vscode from 'vscode';
import type { CommandTable } from '../commands/table';
import { SCHEMA_SCHEME } from '../core/sourceFile/model';
import { newStreamsNotice } from '../newStreamsNotice';
import type { Services } from '../services';
import type * as Feature from './feature';
import { PLAN_SCHEME, PlanViews, SchemaProvider } from './providers';

export const SOURCE_FILE_SUFFIX = '.stitch.jsonc';

const COMMANDS = ['export', 'clone', 'new', 'setSecret', 'plan', 'apply', 'showDrift'] as const;

export interface SourceFilesEntry {
  readonly disposables: vscode.Disposable[];
  readonly commands: CommandTable;
  /** The loaded feature (loads it): for the test tiers. */
  feature(): Feature.SourceFiles;
}

export function createSourceFiles(services: Services): SourceFilesEntry {
  const schemas = new SchemaProvider(services);
  const views = new PlanViews();
  let loaded: Feature.SourceFiles | undefined;
  const feature = (): Feature.SourceFiles => {
    if (!loaded) {
      loaded = (require('./feature') as typeof Feature).startSourceFiles(services, views);
      services.context.subscriptions.push(...loaded.disposables);
    }
    return loaded;
  };
  const isFile = (d: vscode.TextDocument) => d.uri.path.endsWith(SOURCE_FILE_SUFFIX);
  const commands: Record<string, (...args: never[]) => unknown> = {};
  for (const name of COMMANDS) {
    const id = `stitch.files.${name}`;
    commands[id] = (...args: unknown[]) => (feature().commands[id] as (...a: unknown[]) => unknown)(...args);
  }
  const disposables: vscode.Disposable[] = [
    schemas, views,
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, schemas),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, views),
    vscode.workspace.onDidOpenTextDocument((d) => { if (!loaded && isFile(d)) feature(); }),
    // The feature (and its parser) loads only when the workspace has a source file to read rules from.
    newStreamsNotice.useRules({
      rulesFor: async (id, account) => ((await vscode.workspace.findFiles(`**/*${SOURCE_FILE_SUFFIX}`, '**/node_modules/**', 1)).length ? feature().newStreamsRules.rulesFor(id, account) : undefined),
      apply: (...args) => feature().newStreamsRules.apply(...args),
    }),
  ];
  if (vscode.workspace.textDocuments.some(isFile)) feature();
  return { disposables, commands, feature };
}
