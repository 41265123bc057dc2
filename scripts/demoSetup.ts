// What `npm run demo` gives its VS Code: a newcomer's profile, not the test tiers' quiet one.

/**
 * User settings for the demo, laid over the test defaults of test/support/codeServer.ts. `undefined`
 * removes a test default, so the user default applies:
 * - `stitch.autoRefreshSeconds`: the tests turn the timer off; a user has 120 s (package.json).
 * - `workbench.welcomePage.walkthroughs.openOnInstall`: the tests turn it off; a user has it on, so
 *   the extension opens "Get started with Stitch" at its first activation.
 * - `workbench.startupEditor: 'none'`: no workspace README and no VS Code for the Web walkthrough
 *   in front of ours (code-server's welcome page opens its own first walkthrough).
 */
export function demoSettings(emulatorUrl: string): Record<string, unknown> {
  return {
    'stitch.defaultBaseUrl': emulatorUrl,
    'stitch.autoRefreshSeconds': undefined,
    'workbench.welcomePage.walkthroughs.openOnInstall': undefined,
    'workbench.startupEditor': 'none',
  };
}

/** The demo workspace's README: a pointer, not a first screen (nothing opens it). */
export const DEMO_README = '# Stitch demo workspace\n\nClick the Stitch icon in the activity bar: "Get started with Stitch" opens beside the Sign In button.\n';
