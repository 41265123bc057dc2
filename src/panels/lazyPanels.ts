/**
 * The host's way to the panels' implementations: loaded the first time a panel opens or comes back
 * after a reload, not at activation.
 *
 * The selection panel (rules, the selection view) and the source form panel (the schedule editor,
 * Quartz) are most of what activation would otherwise carry. scripts/build.mjs bundles
 * ./implementations.ts as dist/panels.js and turns the `require('./implementations')` below into a
 * runtime `require("./panels.js")` beside dist/extension.js; run from source (tsx) the same require
 * loads ./implementations.ts. The registries, serializers and commands stay in the activation bundle.
 */

import type * as Implementations from './implementations';

let loaded: typeof Implementations | undefined;

/** The panels' implementations, loaded on first use and memoised. */
export function panelImplementations(): typeof Implementations {
  return (loaded ??= require('./implementations') as typeof Implementations);
}

/** Whether the implementations have been loaded yet (for the tests that keep them off the activation path). */
export function panelsLoaded(): boolean {
  return loaded !== undefined;
}
