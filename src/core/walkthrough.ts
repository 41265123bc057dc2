/**
 * Whether to open "Get started with Stitch" now: once per profile, for someone not signed in yet,
 * unless the user turned off walkthroughs opening on install. VS Code opens it itself when the
 * extension is installed from the Marketplace in a running window; an install from the command
 * line (as `npm run demo` does) never gets that, and showed VS Code's own walkthrough instead.
 */
export function shouldOpenWalkthrough(state: { opened: boolean; openOnInstall: boolean; signedIn: boolean }): boolean {
  return !state.opened && state.openOnInstall && !state.signedIn;
}
