/**
 * Which input control a report-card property gets, decided from its json_schema alone.
 */

import { describePattern, isStringBooleanPattern, MIDNIGHT_UTC_PATTERN, patternAlternatives } from './patterns';
import { labelFromName } from './labels';

export type JsonSchema = Record<string, unknown>;

/** How the control's value is stored in the API's `properties` map. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'any';

export type Control =
  | { kind: 'text'; valueType: ValueType; format?: string; inputType: 'text' | 'url' | 'email'; hint?: string }
  | { kind: 'password'; valueType: 'string' }
  | { kind: 'number'; valueType: 'integer' | 'number'; minimum?: number; maximum?: number }
  /** `valueType: 'string'` for Stitch's `^(true|false)$` string booleans. */
  | { kind: 'boolean'; valueType: 'boolean' | 'string' }
  | { kind: 'select'; valueType: 'string'; options: SelectOption[] }
  /** An ISO-8601 UTC timestamp; `midnightOnly` for start dates that must be at 00:00:00Z. */
  | { kind: 'datetime'; valueType: 'string'; midnightOnly: boolean }
  /** One input accepting any branch of an `anyOf` (integer or digit string, hostname or IP…). */
  | { kind: 'union'; valueType: 'any'; input: 'integer' | 'host' | 'textOrList' | 'text'; hint: string }
  | { kind: 'stringList'; valueType: 'array' }
  | { kind: 'objectList'; valueType: 'array'; columns: ObjectListColumn[] }
  /** A `null` schema: Stitch accepts any string. */
  | { kind: 'freeText'; valueType: 'string' }
  | { kind: 'json'; valueType: 'any' };

export interface SelectOption {
  readonly value: string;
  readonly label: string;
}

export interface ObjectListColumn {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
}

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

function schemaType(schema: JsonSchema): string | undefined {
  const t = schema['type'];
  if (typeof t === 'string') return t;
  // ["null","integer"] style: the non-null member decides the control.
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return undefined;
}

function isDigitString(branch: JsonSchema): boolean {
  return schemaType(branch) === 'string' && typeof branch['pattern'] === 'string' && /^\^\\d\+\$?$/.test(branch['pattern']);
}

function unionControl(schema: JsonSchema, branches: JsonSchema[]): Control {
  const kinds = branches.map((b) => schemaType(b) ?? schemaType(schema));
  if (branches.every((b, i) => kinds[i] === 'integer' || isDigitString(b))) {
    return { kind: 'union', valueType: 'any', input: 'integer', hint: 'a whole number' };
  }
  const formats = branches.map((b) => b['format']).filter((f): f is string => typeof f === 'string');
  if (formats.length === branches.length && formats.every((f) => ['hostname', 'ipv4', 'ipv6'].includes(f))) {
    const names = formats.map((f) => (f === 'hostname' ? 'a hostname' : f === 'ipv4' ? 'an IPv4 address' : 'an IPv6 address'));
    return { kind: 'union', valueType: 'any', input: 'host', hint: names.join(' or ') };
  }
  if (kinds.includes('array') && kinds.includes('string')) {
    return { kind: 'union', valueType: 'any', input: 'textOrList', hint: 'one value, or several separated by commas' };
  }
  return { kind: 'union', valueType: 'any', input: 'text', hint: 'any of the accepted forms' };
}

function optionLabel(value: string): string {
  if (/^[A-Z0-9_]+$/.test(value) && value.length > 4) return labelFromName(value.toLowerCase());
  return value;
}

/** The control for a property schema; credentials are always password inputs. */
export function controlForSchema(schema: unknown, isCredential = false): Control {
  if (isCredential) return { kind: 'password', valueType: 'string' };
  if (!isObject(schema)) return { kind: 'freeText', valueType: 'string' };
  const branches = Array.isArray(schema['anyOf']) ? (schema['anyOf'] as unknown[]).filter(isObject) : undefined;
  if (branches && branches.length > 0) return unionControl(schema, branches);
  if (Array.isArray(schema['enum'])) {
    const options = (schema['enum'] as unknown[]).map(String).map((value) => ({ value, label: optionLabel(value) }));
    return { kind: 'select', valueType: 'string', options };
  }
  const type = schemaType(schema);
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined;
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  switch (type) {
    case 'integer':
    case 'number': {
      const control: Control = { kind: 'number', valueType: type };
      if (typeof schema['minimum'] === 'number') control.minimum = schema['minimum'];
      if (typeof schema['maximum'] === 'number') control.maximum = schema['maximum'];
      return control;
    }
    case 'boolean':
      return { kind: 'boolean', valueType: 'boolean' };
    case 'array': {
      const items = isObject(schema['items']) ? schema['items'] : undefined;
      if (items && schemaType(items) === 'object' && isObject(items['properties'])) {
        const required = Array.isArray(items['required']) ? (items['required'] as string[]) : [];
        const columns = Object.keys(items['properties']).map((name) => ({ name, label: labelFromName(name), required: required.includes(name) }));
        return { kind: 'objectList', valueType: 'array', columns };
      }
      return { kind: 'stringList', valueType: 'array' };
    }
    case 'object':
      return { kind: 'json', valueType: 'any' };
    default:
      break;
  }
  if (pattern !== undefined) {
    if (isStringBooleanPattern(pattern)) return { kind: 'boolean', valueType: 'string' };
    if (pattern === MIDNIGHT_UTC_PATTERN) return { kind: 'datetime', valueType: 'string', midnightOnly: true };
    const items = patternAlternatives(pattern);
    if (items) return { kind: 'select', valueType: 'string', options: items.map((value) => ({ value, label: optionLabel(value) })) };
  }
  if (format === 'date-time') return { kind: 'datetime', valueType: 'string', midnightOnly: false };
  const control: Control = { kind: 'text', valueType: 'string', inputType: format === 'uri' ? 'url' : format === 'email' ? 'email' : 'text' };
  if (format) control.format = format;
  if (pattern !== undefined) control.hint = describePattern(pattern);
  return control;
}
