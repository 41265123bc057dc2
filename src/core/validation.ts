/**
 * Form values against report-card schemas, with ajv (draft-07, as Stitch's schemas are written).
 *
 * Runs in the extension host only: ajv compiles with `new Function`, which the webview CSP forbids.
 * Validators are compiled once per distinct schema and cached, so a form re-validating as the user
 * types costs a lookup and a call.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { controlForSchema } from './controls';
import { own, put } from './dict';
import { linearRegExpEngine } from './patternEngine';
import { propertyText } from './labels';
import { parseQuartz } from './quartz';
import { enumMessage, patternMessage, PORT_NAME, portMessage, rangeMessage, requiredMessage, typeMessage, unionMessage } from './quickRules';
import type { PropertyModel, ReportCardProperty } from './reportCard';

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

let sharedAjv: Ajv | undefined;
const validatorCache = new Map<string, ValidateFunction>();

function ajv(): Ajv {
  if (!sharedAjv) {
    // Patterns from the network run on a linear-time engine: a backtracking pattern can't stall the host.
    sharedAjv = new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: linearRegExpEngine } });
    addFormats(sharedAjv);
  }
  return sharedAjv;
}

/** The same schema object seen again (a card's model is kept while its form is open): no JSON text to build. */
const bySchemaObject = new WeakMap<Schema, ValidateFunction>();

/** The compiled validator for a schema, cached by its JSON text (cards repeat the same schemas). */
export function compiledValidator(schema: Schema): ValidateFunction {
  const known = bySchemaObject.get(schema);
  if (known) return known;
  const key = JSON.stringify(schema);
  let validate = validatorCache.get(key);
  if (!validate) {
    try {
      validate = ajv().compile(schema);
    } catch {
      // A schema ajv can't read (`pattern: 42`, a malformed `items`) is Stitch's to apply, not ours to block on.
      validate = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;
    }
    validatorCache.set(key, validate);
  }
  bySchemaObject.set(schema, validate);
  return validate;
}

/** How many distinct schemas have been compiled (for tests of the cache). */
export function compiledValidatorCount(): number {
  return validatorCache.size;
}

type PropertyLike = Pick<ReportCardProperty, 'name' | 'json_schema' | 'is_required' | 'is_credential' | 'provided' | 'property_type'> & {
  label?: string;
};

function asDescriptor(p: PropertyLike | PropertyModel): PropertyLike {
  if ('control' in p) {
    return { name: p.name, json_schema: p.schema, is_required: p.required, is_credential: p.credential, provided: p.provided, property_type: p.propertyType, label: p.label };
  }
  return p;
}

export const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function typesOf(schema: Schema): string[] {
  const t = schema['type'];
  return typeof t === 'string' ? [t] : Array.isArray(t) ? (t as string[]) : [];
}

/**
 * Turns what a form sends (strings, mostly) into the type the schema asks for: "42" → 42 for
 * integer/number schemas, "true" → true for boolean schemas. For `anyOf` unions the typed string is
 * kept when some branch accepts it as a string (integer-or-digit-string ports stay "3306"), and
 * converted only when just a numeric branch would accept it. Anything unconvertible is returned as
 * is, so validation reports it.
 */
export function coerceValue(schema: unknown, value: unknown): unknown {
  if (!isObject(schema) || typeof value !== 'string') return value;
  const text = value.trim();
  const branches = Array.isArray(schema['anyOf']) ? (schema['anyOf'] as unknown[]).filter(isObject) : undefined;
  if (branches) {
    if (compiledValidator(schema)(value)) return value;
    for (const branch of branches) {
      const coerced = coerceValue({ ...branch, type: branch['type'] ?? schema['type'] }, value);
      if (coerced !== value && compiledValidator(schema)(coerced)) return coerced;
    }
    return value;
  }
  const types = typesOf(schema);
  if (types.includes('string')) return value;
  if ((types.includes('integer') || types.includes('number')) && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return value;
}

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  'date-time': 'a date and time in ISO 8601, like 2024-01-01T00:00:00Z',
  date: 'a date like 2024-01-01',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a hostname',
  uri: 'a full URL, like https://example.com',
  email: 'an email address',
};

/** One readable sentence for ajv's errors on a single property's value. */
function messageFor(label: string, schema: Schema, errors: readonly ErrorObject[]): string {
  const control = controlForSchema(schema);
  if (control.kind === 'union') return unionMessage(label, control.hint);
  const first = errors.find((e) => e.keyword !== 'anyOf') ?? errors[0]!;
  const where = first.instancePath ? ` (item ${first.instancePath.replace(/^\//, '').replace(/\//g, ' → ')})` : '';
  switch (first.keyword) {
    case 'type':
      return typeMessage(label, String(first.params['type']), where);
    case 'pattern':
      return patternMessage(label, String(first.params['pattern']));
    case 'format':
      return `${label}${where} must be ${own(FORMAT_WORDS, String(first.params['format'])) ?? `in ${String(first.params['format'])} format`}.`;
    case 'enum':
      return enumMessage(label, first.params['allowedValues'] as unknown[]);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return rangeMessage(label, schema, first.keyword, first.params['limit']);
    case 'required':
      return `Each entry in ${label} needs ${errors.filter((e) => e.keyword === 'required').map((e) => String(e.params['missingProperty'])).filter((v, i, a) => a.indexOf(v) === i).join(' and ')}.`;
    case 'additionalProperties':
      return `${label}${where} has a field it doesn't accept: ${String(first.params['additionalProperty'])}.`;
    default:
      return `${label}${where} ${first.message ?? 'is not valid'}.`;
  }
}

// Checks beyond the card's schemas, for names whose meaning is certain.

function extraCheck(name: string, label: string, value: unknown): string | undefined {
  if (name === 'cron_expression' && typeof value === 'string') {
    const parsed = parseQuartz(value);
    return parsed.ok ? undefined : parsed.message;
  }
  if (PORT_NAME.test(name) && (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))) {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return portMessage(label);
  }
  return undefined;
}

export interface ValidateOptions {
  /** 'edit': a provided credential left blank means "keep it", not "missing". */
  mode?: 'create' | 'edit';
}

/** The error for one property's value, or undefined. Blank values are only checked for required-ness. */
export function validateProperty(property: PropertyLike | PropertyModel, rawValue: unknown, options: ValidateOptions = {}): string | undefined {
  const p = asDescriptor(property);
  const label = p.label ?? propertyText(p.name).label;
  if (isBlank(rawValue)) {
    const keptCredential = options.mode === 'edit' && p.is_credential === true && p.provided === true;
    return p.is_required === true && !keptCredential ? requiredMessage(label) : undefined;
  }
  const schema = isObject(p.json_schema) ? p.json_schema : undefined;
  const value = coerceValue(schema, rawValue);
  if (schema) {
    const validate = compiledValidator(schema);
    if (!validate(value)) return messageFor(label, schema, validate.errors ?? []);
  }
  return extraCheck(p.name, label, value);
}

export interface FormValidation {
  readonly valid: boolean;
  /** Property name → message, only for properties with a problem. */
  readonly errors: Readonly<Record<string, string>>;
  /** The values after coercion, for properties that have one. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** Validates every non-read-only property; values for unknown names are ignored. */
export function validateForm(
  properties: ReadonlyArray<PropertyLike | PropertyModel>,
  values: Readonly<Record<string, unknown>>,
  options: ValidateOptions = {},
): FormValidation {
  const errors: Record<string, string> = {};
  const coerced: Record<string, unknown> = {};
  for (const property of properties) {
    const p = asDescriptor(property);
    if (p.property_type === 'read_only') continue;
    const raw = own(values, p.name);
    const error = validateProperty(property, raw, options);
    if (error) put(errors, p.name, error);
    if (!isBlank(raw)) put(coerced, p.name, coerceValue(p.json_schema, raw));
  }
  return { valid: Object.keys(errors).length === 0, errors, values: coerced };
}

export interface PayloadOptions {
  mode: 'create' | 'edit';
  /** The source's current `properties` (edit only); credentials never appear there. */
  initial?: Readonly<Record<string, unknown>>;
}

/**
 * The `properties` object for POST (create) or PUT (edit). Blank values are left out. On edit,
 * unchanged values and blank credentials are left out too, since PUT merges and a blank credential
 * means "keep the saved one". [Inferred] An optional value the user clears on edit is sent as null,
 * the only way to unset it through a merge (Stitch itself shows nulls such as `cron_expression`).
 * Read-only properties are never sent.
 */
export function buildPropertiesPayload(
  properties: ReadonlyArray<PropertyLike | PropertyModel>,
  values: Readonly<Record<string, unknown>>,
  options: PayloadOptions,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const initial = options.initial;
  for (const property of properties) {
    const p = asDescriptor(property);
    if (p.property_type === 'read_only') continue;
    if (options.mode === 'edit' && p.property_type === 'user_provided_immutable') continue;
    const raw = own(values, p.name);
    if (isBlank(raw)) {
      const hadValue = options.mode === 'edit' && !p.is_credential && !isBlank(own(initial, p.name));
      if (hadValue && !p.is_required) put(payload, p.name, null);
      continue;
    }
    const value = coerceValue(p.json_schema, raw);
    if (options.mode === 'edit' && !p.is_credential && sameValue(own(initial, p.name), value)) continue;
    put(payload, p.name, value);
  }
  return payload;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return false;
  // Stitch echoes many values as strings: "3306" and 3306 are the same setting.
  if (typeof a !== 'object' && typeof b !== 'object') return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
