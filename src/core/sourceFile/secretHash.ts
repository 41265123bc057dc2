/**
 * Whether a credential changed since it was last sent, without keeping it: a salted hash per
 * (account, source, property). The record holds the salt and the hash only; the value is gone
 * once sent. `HashStore` is where the records live (global state in the extension, a Map in tests).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface HashRecord { readonly salt: string; readonly hash: string }

export interface HashStore {
  get(key: string): HashRecord | undefined;
  set(key: string, record: HashRecord | undefined): void | Promise<void>;
}

export function hashKey(account: number | string, sourceId: number | string, property: string): string {
  return `${account}/${sourceId}/${property}`;
}

function hmac(salt: string, value: string): string {
  return createHmac('sha256', Buffer.from(salt, 'base64')).update(value, 'utf8').digest('base64');
}

/** A fresh record for a value just sent (new salt each time, so equal values don't share hashes). */
export function recordFor(value: string): HashRecord {
  const salt = randomBytes(16).toString('base64');
  return { salt, hash: hmac(salt, value) };
}

/** True when the value is the one the record was made from. */
export function matches(record: HashRecord | undefined, value: string): boolean {
  if (!record) return false;
  const a = Buffer.from(hmac(record.salt, value), 'base64');
  const b = Buffer.from(record.hash, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}
