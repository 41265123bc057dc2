/**
 * Quick rules: the checks of a property's value that need no ajv (so no eval), computed on the host
 * from the report card's json_schema and run by the webview on every keystroke for instant feedback.
 * The host's ajv validation stays authoritative (formats, cron, names…); quick rules only report what
 * it would report, with the same words: the message builders here are the ones src/core/validation
 * uses. No ajv import: this module is light enough for the panel to load at any time.
 */

import { controlForSchema, type Control } from './controls';
import { patternCheckable } from '../protocol/linearRegex';
import { describePattern, patternAlternatives } from './patterns';

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- Messages (shared with src/core/validation) --------------------------------------------------

export const requiredMessage = (label: string): string => `${label} is required.`;

/** `type` is ajv's params.type: a type name or a comma-joined list. */
export function typeMessage(label: string, type: string, where = ''): string {
  const words = type.includes('integer') ? 'a whole number' : type.includes('number') ? 'a number' : type.includes('boolean') ? 'true or false' : type.includes('array') ? 'a list' : type.includes('object') ? 'an object' : 'text';
  return `${label}${where} must be ${words}.`;
}

export function patternMessage(label: string, pattern: string): string {
  const choices = patternAlternatives(pattern);
  return choices ? `${label} must be one of: ${choices.join(', ')}.` : `${label} must be ${describePattern(pattern)}.`;
}

export const enumMessage = (label: string, allowed: readonly unknown[]): string => `${label} must be one of: ${allowed.map(String).join(', ')}.`;

/** For a failed minimum/maximum (or exclusive) keyword with its limit. */
export function rangeMessage(label: string, schema: Schema, keyword: string, limit: unknown): string {
  const min = schema['minimum'];
  const max = schema['maximum'];
  if (typeof min === 'number' && typeof max === 'number') return `${label} must be from ${min} to ${max}.`;
  return `${label} must be ${keyword.includes('inimum') ? 'at least' : 'at most'} ${String(limit)}.`;
}

export const unionMessage = (label: string, hint: string): string => `${label} must be ${hint}.`;

export const portMessage = (label: string): string => `${label} must be a whole number from 1 to 65535.`;

/** Property names that hold a TCP port: checked for 1–65535 beyond their schema. */
export const PORT_NAME = /(^|_)port$/;

// ---- Rules ---------------------------------------------------------------------------------------

export type QuickType = 'integer' | 'number' | 'boolean' | 'string';

/** One branch of an `anyOf` the webview can decide: a type, and a pattern for strings. */
export interface QuickBranch { readonly type: 'integer' | 'number' | 'string'; readonly pattern?: string }

/** Mirrors QuickRulesView in src/protocol/sourceForm.ts (structurally identical). */
export interface QuickRules {
  /** The message for a blank value; absent when blank is fine. */
  readonly required?: string;
  /** Credentials are checked exactly as typed; everything else trimmed, as the host does. */
  readonly untrimmed?: boolean;
  /** The schema's types (the value is a string: numeric text counts for integer/number, "true"/"false" for boolean). */
  readonly type?: { readonly types: readonly QuickType[]; readonly message: string };
  readonly enum?: { readonly values: readonly string[]; readonly message: string };
  /** A regex source, tested with the `u` flag as ajv does; applied to values that stay strings. */
  readonly pattern?: { readonly source: string; readonly message: string };
  /** Numbers only (after the numeric text is turned into a number). */
  readonly range?: { readonly min?: number; readonly max?: number; readonly message: string };
  /** An `anyOf` of simple branches: one must accept the value. */
  readonly alternatives?: { readonly branches: readonly QuickBranch[]; readonly message: string };
  /** A port: numeric values must be a whole number from 1 to 65535. */
  readonly port?: { readonly message: string };
}

export interface QuickRulesProperty {
  readonly name: string;
  readonly label: string;
  readonly schema: unknown;
  readonly control: Control;
  readonly credential: boolean;
}

/**
 * Runs on the linear-time matcher (compiles with the `u` flag as ajv does, no backreference or
 * lookaround): other patterns are left to Stitch, here and in the host's validation alike.
 */
export function compiles(pattern: string): boolean {
  return patternCheckable(pattern);
}

const SCALAR_CONTROLS = new Set<Control['kind']>(['text', 'password', 'number', 'select', 'datetime', 'freeText', 'union']);
const SIMPLE_KEYS = new Set(['type', 'pattern', 'enum', 'minimum', 'maximum', 'format', 'description', 'title']);
const QUICK_TYPES = new Set(['integer', 'number', 'boolean', 'string']);

function typesOf(schema: Schema): string[] | undefined {
  const t = schema['type'];
  if (t === undefined) return [];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t) && t.every((x) => typeof x === 'string')) return t as string[];
  return undefined;
}

function branchesOf(schema: Schema): QuickBranch[] | undefined {
  if (Object.keys(schema).some((k) => k !== 'anyOf')) return undefined;
  const raw = schema['anyOf'];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: QuickBranch[] = [];
  for (const b of raw) {
    if (!isObject(b) || Object.keys(b).some((k) => k !== 'type' && k !== 'pattern')) return undefined;
    const type = b['type'];
    if (type !== 'integer' && type !== 'number' && type !== 'string') return undefined;
    const pattern = b['pattern'];
    if (pattern !== undefined && (typeof pattern !== 'string' || type !== 'string' || !compiles(pattern))) return undefined;
    out.push(typeof pattern === 'string' ? { type, pattern } : { type });
  }
  return out;
}

/**
 * The quick rules for a property as the panel enforces it: `required` is whether this form requires
 * it (a form-step property; not a saved credential left blank on edit). Undefined when the control
 * has no value the webview can judge alone (lists, JSON, checkboxes) and the property is optional.
 */
export function quickRulesFor(p: QuickRulesProperty, required: boolean): QuickRules | undefined {
  const rules: { -readonly [K in keyof QuickRules]: QuickRules[K] } = {};
  if (!SCALAR_CONTROLS.has(p.control.kind)) return undefined;
  if (required) rules.required = requiredMessage(p.label);
  if (p.credential) rules.untrimmed = true;
  const schema = isObject(p.schema) ? p.schema : undefined;
  let numeric = false; // does a numeric value reach the checks as a number?
  let schemaDecided = schema === undefined;
  // As the host words it: a union's one message comes from the schema's own control.
  const schemaControl = schema && !p.credential ? controlForSchema(schema) : undefined;
  if (schema && schemaControl?.kind === 'union') {
    const branches = branchesOf(schema);
    if (branches && p.control.kind === 'union' && p.control.input !== 'textOrList') {
      rules.alternatives = { branches, message: unionMessage(p.label, schemaControl.hint) };
      schemaDecided = true;
    }
  } else if (schema && !Array.isArray(schema['anyOf']) && Object.keys(schema).every((k) => SIMPLE_KEYS.has(k))) {
    const types = typesOf(schema);
    if (types && types.every((t) => QUICK_TYPES.has(t) || t === 'null')) {
      const quickTypes = types.filter((t): t is QuickType => QUICK_TYPES.has(t));
      const keepsString = types.length === 0 || types.includes('string');
      numeric = !keepsString && (types.includes('integer') || types.includes('number'));
      if (quickTypes.length > 0 && !types.includes('null')) rules.type = { types: quickTypes, message: typeMessage(p.label, types.join(',')) };
      const en = schema['enum'];
      const enumOk = en === undefined || (Array.isArray(en) && en.every((v) => typeof v === 'string') && keepsString);
      if (Array.isArray(en) && enumOk) rules.enum = { values: en as string[], message: enumMessage(p.label, en) };
      const pattern = schema['pattern'];
      // With a format too, which error ajv names first is not ours to guess: the host decides.
      const patternOk = pattern === undefined || (typeof pattern === 'string' && keepsString && schema['format'] === undefined && compiles(pattern));
      if (typeof pattern === 'string' && patternOk) rules.pattern = { source: pattern, message: patternMessage(p.label, pattern) };
      const min = schema['minimum'];
      const max = schema['maximum'];
      const rangeOk = (min === undefined || typeof min === 'number') && (max === undefined || typeof max === 'number');
      if ((typeof min === 'number' || typeof max === 'number') && rangeOk && numeric) {
        rules.range = {
          ...(typeof min === 'number' ? { min } : {}),
          ...(typeof max === 'number' ? { max } : {}),
          message: typeof min === 'number' && typeof max === 'number'
            ? rangeMessage(p.label, schema, 'minimum', min)
            : typeof min === 'number' ? rangeMessage(p.label, schema, 'minimum', min) : rangeMessage(p.label, schema, 'maximum', max),
        };
      }
      schemaDecided = enumOk && patternOk && rangeOk;
    }
  }
  // The port check runs only after the schema passed: only when every schema rule is known here.
  if (PORT_NAME.test(p.name) && schemaDecided && (schema === undefined || schema['format'] === undefined)) rules.port = { message: portMessage(p.label) };
  return Object.keys(rules).length > 0 ? rules : undefined;
}

