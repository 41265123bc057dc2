/**
 * Runtime checks for untrusted data (webview messages, API bodies): small predicates that make
 * the checking code read like the shape it expects.
 */
export type Guard<T> = (value: unknown) => value is T;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object with no prototype-pollution keys, at any depth. */
export function isSafeRecord(value: unknown, depth = 0): value is Record<string, unknown> {
  if (!isRecord(value) || depth > 32) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return false;
    const inner = value[key];
    if (isRecord(inner) && !isSafeRecord(inner, depth + 1)) return false;
    if (Array.isArray(inner) && !inner.every((item) => !isRecord(item) || isSafeRecord(item, depth + 1))) return false;
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
