// Bundles the extension host (CommonJS for Node, `vscode` external; this also inlines the
// ESM-only `ky`), the host's form validation (dist/validation.js: ajv and ajv-formats, loaded the
// first time a form validates, not at activation), the panels (dist/panels.js, loaded when one opens) and the webview (a browser IIFE).
// `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  absWorkingDir: repoRoot,
  legalComments: 'none',
};

// src/core/lazyValidation.ts loads src/core/validation with `require('./validation')`. In the host
// bundle that require stays a runtime one, of dist/validation.js beside dist/extension.js, so ajv
// is neither in the activation bundle nor loaded before a form validates.
const lazyValidation = {
  name: 'lazy-validation',
  setup(build) {
    build.onResolve({ filter: /^\.\/validation$/ }, (args) => {
      const importer = path.relative(repoRoot, args.importer).split(path.sep).join('/');
      return importer === 'src/core/lazyValidation.ts' ? { path: './validation.js', external: true } : undefined;
    });
  },
};

// The same for source files: src/files/index.ts loads src/files/feature.ts (the engine,
// jsonc-parser, diagnostics) as dist/files.js when a *.stitch.jsonc file opens or a command runs.
const lazyFiles = {
  name: 'lazy-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/feature$/ }, (args) => {
      const importer = path.relative(repoRoot, args.importer).split(path.sep).join('/');
      return importer === 'src/files/index.ts' ? { path: './files.js', external: true } : undefined;
    });
  },
};

// And for the panels: src/panels/lazyPanels.ts loads src/panels/implementations.ts (the selection
// and source form panels' classes, with rules, the selection view, the schedule editor and Quartz)
// as dist/panels.js the first time a panel opens or a serializer restores one.
const lazyPanels = {
  name: 'lazy-panels',
  setup(build) {
    build.onResolve({ filter: /^\.\/implementations$/ }, (args) => {
      const importer = path.relative(repoRoot, args.importer).split(path.sep).join('/');
      return importer === 'src/panels/lazyPanels.ts' ? { path: './panels.js', external: true } : undefined;
    });
  },
};

const host = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };

const builds = [
  {
    ...host,
    entryPoints: ['src/extension.ts'],
    outfile: path.join('dist', 'extension.js'),
    plugins: [lazyValidation, lazyFiles, lazyPanels],
  },
  {
    ...host,
    entryPoints: ['src/panels/implementations.ts'],
    outfile: path.join('dist', 'panels.js'),
    plugins: [lazyValidation, lazyPanels],
  },
  {
    ...host,
    entryPoints: ['src/files/feature.ts'],
    outfile: path.join('dist', 'files.js'),
    plugins: [lazyValidation],
  },
  {
    ...host,
    entryPoints: ['src/core/validationBundle.ts'],
    outfile: path.join('dist', 'validation.js'),
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: path.join('dist', 'webview.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

// A development map must never ship beside a production bundle. Only maps are removed (not the
// bundles, which esbuild overwrites) so a build never leaves a moment with no bundle on disk.
if (production) {
  for (const file of fs.existsSync(path.join(repoRoot, 'dist')) ? fs.readdirSync(path.join(repoRoot, 'dist')) : []) {
    if (file.endsWith('.map')) fs.rmSync(path.join(repoRoot, 'dist', file), { force: true });
  }
}

// Codicons for the webviews, served from dist/ (a local resource root).
function copyCodicons() {
  const from = path.join(repoRoot, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(repoRoot, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  copyCodicons();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyCodicons();
}
