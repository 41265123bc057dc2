/**
 * A generated catalogue of unusual and hostile report cards (issue 23), shared by the unit, webview
 * and vscode tiers and the bench: property names that are JavaScript's own, unicode and
 * direction controls, 10,000-character ids and names, patterns that backtrack catastrophically,
 * patterns JavaScript can't compile, and odd schema shapes.
 */

type Schema = Record<string, unknown> | null;

export interface HostileProperty {
  name: string;
  is_required: boolean;
  is_credential: boolean;
  system_provided: boolean;
  property_type: string;
  json_schema: Schema;
  provided: boolean;
  tap_mutable: boolean;
}

export interface HostileCard {
  type: string;
  current_step: number;
  current_step_type: string;
  steps: Array<{ type: string; properties: HostileProperty[] }>;
  details: Record<string, unknown>;
}

/** Names that are members of Object.prototype, or look like them. */
export const JS_OWN_NAMES = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '', 'format_constructor', 'then',
];

/** Patterns whose backtracking takes minutes on a short non-matching value. */
export const BACKTRACKING_PATTERNS = ['^(a+)+$', '^(\\w+\\s?)*$', '^(a|a?)+$', '^(x+x+)+y$'];
/** Patterns JavaScript refuses, or that only a backtracking engine can run. */
export const UNREADABLE_PATTERNS = ['(?<!x', '[z-a]', '(a)\\1', '(?<=x)y', '(?!x)y'];

/** A value each backtracking pattern rejects (after backtracking forever, in JS), 10,000 characters long. */
export const LONG_BAD_VALUE = `${'a'.repeat(9_999)}!`;
export const LONG_GOOD_VALUE = 'a'.repeat(10_000);

const prop = (name: string, json_schema: Schema, extra: Partial<HostileProperty> = {}): HostileProperty => ({
  name, is_required: false, is_credential: false, system_provided: false, property_type: 'user_provided', json_schema, provided: false, tap_mutable: false, ...extra,
});

const card = (type: string, properties: HostileProperty[]): HostileCard => ({
  type, current_step: 1, current_step_type: 'form',
  steps: [{ type: 'form', properties }, { type: 'discover_schema', properties: [] }, { type: 'field_selection', properties: [] }, { type: 'fully_configured', properties: [] }],
  details: { access: true, pricing_tier: 'standard', pipeline_state: 'released', protocol: 'platform.hostile', default_scheduling_interval: null, default_start_date: null, image_version: null },
});

const LONG = 'n'.repeat(10_000);

export function hostileCatalogue(): HostileCard[] {
  return [
    card('hostile.backtracking', [
      prop('nested_plus', { type: 'string', pattern: '^(a+)+$' }, { is_required: true }),
      prop('words', { type: 'string', pattern: '^(\\w+\\s?)*$' }),
      prop('alternation', { type: 'string', pattern: '^(a|a?)+$' }),
      prop('either', { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^(x+x+)+y$' }] }),
      prop('listed', { type: 'array', items: { type: 'string', pattern: '^(a+)+$' } }),
    ]),
    card('hostile.js-names', JS_OWN_NAMES.map((name, i) => prop(name, i % 3 === 0 ? { type: 'integer' } : { type: 'string' }, { is_required: i < 4 }))),
    card('hostile.unreadable-patterns', [
      ...UNREADABLE_PATTERNS.map((pattern, i) => prop(`pattern_${i}`, { type: 'string', pattern }, { is_required: i === 0 })),
      prop('unreadable_in_anyof', { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '(?<!x' }] }),
    ]),
    card(`hostile.${'long-'.repeat(1_999)}id`, [
      prop(LONG, { type: 'string' }, { is_required: true }),
      prop(`${LONG}_port`, { type: 'integer' }),
      prop('pattern_long', { type: 'string', pattern: `^(${'a|'.repeat(2_000)}b)$` }),
    ]),
    card('hostile.ünïcødé 🚀 <b>bold</b> "quoted" \u202Egnp.exe', [
      prop('名前', { type: 'string' }, { is_required: true }),
      prop('emoji_🚀', { type: 'string', pattern: '^\\p{Emoji}+$' }),
      prop('rtl_\u202Eevil', { type: 'string' }),
      prop('zero\u200Bwidth', { type: 'string' }),
      prop('<img src=x onerror=alert(1)>', { type: 'string', enum: ['<b>a</b>', 'b'] }),
      prop('with "quotes" and ] brackets', JSON.parse('{"type":"array","items":{"type":"object","properties":{"__proto__":{"type":"string"},"name":{"type":"string"}}}}') as Schema),
    ]),
    card('hostile.odd-shapes', [
      prop('null_schema', null),
      prop('array_type', { type: ['string', 'null'] }),
      prop('no_type', { pattern: '^\\d+$' }),
      prop('bool_schema_true', true as unknown as Schema),
      prop('number_range', { type: 'number', minimum: 0, maximum: 1 }),
      prop('enum_mixed', { enum: ['a', 1, null, { x: 1 }] }),
      prop('format_unknown', { type: 'string', format: 'not-a-format' }),
      prop('pattern_not_string', { type: 'string', pattern: 42 }),
      prop('object_schema', { type: 'object', properties: { constructor: { type: 'string' } } }),
      prop('items_not_a_schema', { type: 'array', items: { type: 'object', properties: { a: 'not a schema' } } }),
      prop('secret_backtracking', { type: 'string', pattern: '^(a+)+$' }, { is_credential: true }),
    ]),
  ];
}
