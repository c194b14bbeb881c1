/**
 * `memo`'s value for `key`, made by `make` on a miss. Past `limit` entries the
 * memo starts over: the hot-path memos only need the last few questions' words,
 * and clearing bounds them against a flood of random text with no LRU
 * bookkeeping per lookup.
 */
export function remember<K, V>(memo: Map<K, V>, limit: number, key: K, make: (key: K) => V): V {
  const found = memo.get(key);
  if (found !== undefined) return found;
  const made = make(key);
  if (memo.size >= limit) memo.clear();
  memo.set(key, made);
  return made;
}
