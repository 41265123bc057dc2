/**
 * Runtime checks for untrusted data (webview messages, API bodies): small predicates that make
 * the checking code read like the shape it expects.
 */
export type Guard<T> = (value: unknown) => value is T;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Keys whose value is a map keyed by names from a report card (the source form's `values`): any
 * string is a legitimate key there, `__proto__` and `constructor` included, so prototype keys are
 * not refused under them. Such maps are read by own key only (src/core/dict).
 */
export const DATA_MAP_KEYS: ReadonlySet<string> = new Set(['values']);
const NO_KEYS: ReadonlySet<string> = new Set();

/** A plain (or prototype-less) object: its keys are data, whatever they spell. */
export function isDataRecord(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A plain object with no prototype-pollution keys, at any depth, except inside the maps named by
 * `dataKeys` (whose keys are names from a card, and whose own prototypes are still checked).
 */
export function isSafeRecord(value: unknown, depth = 0, dataKeys: ReadonlySet<string> = NO_KEYS, keysAreData = false): value is Record<string, unknown> {
  if (!isDataRecord(value) || depth > 32) return false;
  for (const key of Object.keys(value)) {
    if (!keysAreData && FORBIDDEN_KEYS.has(key)) return false;
    const inner = value[key];
    const data = keysAreData || dataKeys.has(key);
    if (isRecord(inner) && !isSafeRecord(inner, depth + 1, dataKeys, data)) return false;
    if (Array.isArray(inner) && !inner.every((item) => !isRecord(item) || isSafeRecord(item, depth + 1, dataKeys, data))) return false;
  }
  return true;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

export function isShortString(max: number): Guard<string> {
  return (value: unknown): value is string => typeof value === 'string' && value.length <= max;
}

export function isArrayOf<T>(guard: Guard<T>, maxLength = 100_000): Guard<T[]> {
  return (value: unknown): value is T[] => Array.isArray(value) && value.length <= maxLength && value.every(guard);
}

export function isOneOf<T extends string>(...options: T[]): Guard<T> {
  return (value: unknown): value is T => typeof value === 'string' && (options as string[]).includes(value);
}
