/**
 * Property values against each report-card property's json_schema (ajv, compiled once per schema).
 * Stitch sends property values as strings; an empty string is never a valid value.
 * Patterns run on the extension's linear-time engine: a card served with `--catalog` can carry a
 * pattern that backtracks (`^(a+)+$`), and JavaScript's engine would hold the emulator's one thread
 * for minutes on a long value. A pattern that engine can't run passes, as it does in the extension.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { linearRegExpEngine } from '../../src/core/patternEngine';

// ajv-formats is CommonJS with a default export; under tsx/esm interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, code: { regExp: linearRegExpEngine } });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

export function valueMatchesSchema(schema: unknown, value: unknown): boolean {
  if (value === '') return false;
  if (schema === null || schema === undefined) {
    // json_schema null (cron_expression, read-only) still means "a string" on the wire.
    return typeof value === 'string';
  }
  const key = JSON.stringify(schema);
  let fn = cache.get(key);
  if (!fn) {
    try {
      fn = ajv.compile(schema as object);
    } catch {
      // A schema ajv cannot compile (none seen in the capture) should not block the emulator.
      fn = (() => true) as unknown as ValidateFunction;
    }
    cache.set(key, fn);
  }
  return fn(value) as boolean;
}
