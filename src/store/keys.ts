import * as crypto from 'node:crypto';
import { remember } from '../text/memo.js';
import type { User } from '../user.js';

/**
 * What the store does to client-supplied strings before they reach a table:
 * people are reduced to a salted hash, keys to a fixed length, and free text
 * to a bounded size. Anything a stranger can send ends up costing at most a
 * few hundred bytes, and nothing in the database names a platform user.
 */

/** Hex characters kept from a SHA-256: 128 bits, far beyond any collision risk at this scale. */
const HASH_CHARS = 32;

/** Questions are stored for the knowledge team; longer texts are cut (the bot refuses them anyway). */
export const MAX_STORED_TEXT = 500;
/** Entry ids, best guesses, languages: short by construction; the cap only stops abuse. */
export const MAX_STORED_NAME = 100;

/**
 * One user on one platform as a salted hash. The same formula as analytics
 * has always used, so feedback hashes written before onboarding was hashed
 * still match.
 */
export function hashUser(salt: string, user: User): string {
  // Every request of a user hashes them again (profile, topic, analytics): the recent ones are kept.
  return remember(
    userHashes,
    USER_HASHES_KEPT,
    `${salt}\u0000${user.platform}\u0000${user.workspaceId}\u0000${user.userId}`,
    sha256Key,
  );
}

/** Users whose hash is kept; past this the memo starts over (src/text/memo.ts). */
const USER_HASHES_KEPT = 2000;
const userHashes = new Map<string, string>();
/**
 * SHA-256 in hex. Node 20.12+ has the one-shot crypto.hash, which skips
 * building a Hash object: half the cost, and a Slack request hashes a few
 * keys (delivery, conversation). Older Node 20 releases lack it (hence the
 * namespace import: a named one would not even load there).
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');
const sha256Key = (text: string): string => sha256Hex(text).slice(0, HASH_CHARS);

/** A client-chosen key (Slack event id, Teams activity id) at a fixed length, whatever was sent. */
export function hashKey(key: string): string {
  return sha256Key(key);
}

/**
 * A delivery key as the deliveries table keys it: the first 64 bits of its
 * hashKey as a signed integer, in decimal (what both engines print for a
 * BIGINT). An integer key is a quarter of the hex's bytes and, in SQLite, the
 * table's own rowid, so each replay key saved dirties far fewer index pages
 * (docs/deploy.md). 64 bits: an accidental clash among the keys of one
 * 15-minute window stays below one in a billion up to ~190,000 keys.
 */
export function deliveryId(key: string): string {
  return deliveryIdOfHash(hashKey(key));
}

/** deliveryId from a key's hashKey, as rows before schema version 5 stored it. */
export function deliveryIdOfHash(hash: string): string {
  return BigInt.asIntN(64, BigInt(`0x${hash.slice(0, 16)}`)).toString();
}

/** A new random salt, for a database whose operator set no ANALYTICS_SALT. */
export function newSalt(): string {
  return crypto.randomBytes(32).toString('hex');
}

/**
 * At most `max` UTF-16 units, without NUL (PostgreSQL refuses it in TEXT)
 * and without a surrogate half left dangling by the cut.
 */
export function cap(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must go.
  const clean = text.replace(/\u0000/g, '');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
