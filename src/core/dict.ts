/**
 * Records keyed by names that come from the network (property names, stream ids, field names,
 * type ids). A plain `{}` treats `__proto__` as its prototype: writing a value there loses it, and
 * reading `constructor` or `toString` finds Object.prototype's members. These records have no
 * prototype, so every string is an ordinary key. No imports: the webview uses this file too.
 */

/** A prototype-less record, optionally filled from entries or another record's own keys. */
export function dict<T>(from?: Iterable<readonly [string, T]> | Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (!from) return out;
  const entries = Symbol.iterator in from ? (from as Iterable<readonly [string, T]>) : Object.entries(from as Record<string, T>);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The record's own value for `key`, never an inherited member such as Object.prototype.constructor. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Whether the record has `key` of its own. */
export const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/**
 * Sets an own data property on any record, plain ones included (`record.__proto__ = v` would set
 * the prototype instead, or do nothing for a string). For records that leave this module as plain
 * objects (payloads, results compared by deep equality).
 */
export function put<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
