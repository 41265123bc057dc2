/**
 * The host's way to src/core/validation: loaded the first time a form validates, not at activation.
 *
 * ajv and ajv-formats are most of the weight the host bundle would otherwise carry, and only the
 * source setup panel needs them. scripts/build.mjs bundles src/core/validationBundle.ts (which
 * re-exports ./validation) as dist/validation.js and turns the `require('./validation')` below into
 * a runtime `require("./validation.js")`, resolved beside dist/extension.js. Run from source (the
 * unit tests, tsx) the same require loads ./validation.ts directly. Either way it runs once.
 */

import type * as Validation from './validation';

export type { FormValidation, PayloadOptions, ValidateOptions } from './validation';

let loaded: typeof Validation | undefined;

/** src/core/validation, loaded on first use and memoised. */
export function validation(): typeof Validation {
  return (loaded ??= require('./validation') as typeof Validation);
}

/** Whether validation has been loaded yet (for the tests that keep it off the activation path). */
export function validationLoaded(): boolean {
  return loaded !== undefined;
}

export const validateForm: typeof Validation.validateForm = (properties, values, options) => validation().validateForm(properties, values, options);
export const validateProperty: typeof Validation.validateProperty = (property, value, options) => validation().validateProperty(property, value, options);
export const buildPropertiesPayload: typeof Validation.buildPropertiesPayload = (properties, values, options) => validation().buildPropertiesPayload(properties, values, options);
export const coerceValue: typeof Validation.coerceValue = (schema, value) => validation().coerceValue(schema, value);

export const isBlank: typeof Validation.isBlank = (value) => validation().isBlank(value);
