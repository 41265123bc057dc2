// The entry of dist/validation.js (see scripts/build.mjs and ./lazyValidation.ts): what the host
// loads the first time a form validates, with ajv and ajv-formats inside.
export * from './validation';
