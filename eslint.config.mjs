// Flat config: typescript-eslint with type information, so promise mistakes are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Host code a webview file may not import (see the webview block below; proved by test/unit/lint). */
export const WEBVIEW_HOST_IMPORT = '^(?:\\.\\./)+src(?:/?$|/(?!protocol(?:\\.ts)?$|protocol/(?!.*\\.\\.)))';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'artifacts/**', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Tests read loosely typed JSON from the emulator; `any` there is a reading aid, not a hole.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // src/core and src/api stay free of `vscode` so they run (and are tested) in plain Node.
    files: ['src/core/**/*.ts', 'src/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/api must not import vscode.' }] }] },
  },
  {
    // The webview bundle must not pull host code in, except the shared protocol: at any `../` depth,
    // `src` itself or anything under it other than src/protocol(.ts) and src/protocol/* (no `..` back out).
    files: ['webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: WEBVIEW_HOST_IMPORT, message: 'webview/ imports only src/protocol from host code.' }] }] },
  },
);
