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

/**
 * The values of the last few string keys, found by comparing keys with no
 * hashing. For memos that serve one answer (the same message folded or cut
 * again a few steps later) and miss across answers: a Map hashed every
 * fresh question string it was asked about, and mostly to find nothing.
 */
export class RecentValues<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(size: number) {
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  /** The value kept for `key` (an equal string will do), else `make`'s, kept in place of the oldest. */
  get(key: string, make: (key: string) => V): V {
    const { keys } = this;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.values[i] as V;
    const made = make(key);
    keys[this.next] = key;
    this.values[this.next] = made;
    this.next = this.next + 1 === keys.length ? 0 : this.next + 1;
    return made;
  }
}
