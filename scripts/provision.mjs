// Installs the Debian packages and the code-server build that the browser and VS Code tiers need.
import { provision } from './lib/provision.mjs';

provision({ codeServer: !process.argv.includes('--browser-only') });
