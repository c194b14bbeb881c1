/**
 * The typed-array parts of the phrase trie (phrase-trie.ts): every question
 * walks a dozen phrase lists a character at a time, so the per-character
 * steps are array reads, not Map lookups.
 */

export const NO_NODE = -1;
/** soleCode of a node with no child at all. */
const LEAF = -1;
/** soleCode of a node with several children: they are in the table. */
const MANY = -2;
const ROOT = 0;

export const isLatin = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);

/** Bits of an opening-pair table (which two characters phrases open with): 8 KB, as a first-character one. */
export const PAIR_SLOTS = 0x10000;

export const pairSlot = (first: number, second: number) => (Math.imul(first, 0x9e3779b1) ^ second) & (PAIR_SLOTS - 1);
export const hasBit = (bits: Int32Array, at: number) => ((bits[at >>> 5] as number) & (1 << (at & 31))) !== 0;
export function setBit(bits: Int32Array, at: number): void {
  bits[at >>> 5] = (bits[at >>> 5] as number) | (1 << (at & 31));
}

/** The root's children by character, in a table of their own that grows as they are added. */
class RootEdges {
  private codes = new Int32Array(64).fill(NO_NODE);
  private children = new Int32Array(64);
  private count = 0;

  add(code: number, child: number): void {
    if (2 * (this.count + 1) > this.codes.length) this.grow();
    this.put(code, child);
    this.count++;
  }

  private put(code: number, child: number): void {
    const mask = this.codes.length - 1;
    let slot = Math.imul(code, 0x9e3779b1) & mask;
    while (this.codes[slot] !== NO_NODE) slot = (slot + 1) & mask;
    this.codes[slot] = code;
    this.children[slot] = child;
  }

  private grow(): void {
    const { codes, children } = this;
    this.codes = new Int32Array(2 * codes.length).fill(NO_NODE);
    this.children = new Int32Array(2 * codes.length);
    for (let slot = 0; slot < codes.length; slot++) {
      if (codes[slot] !== NO_NODE) this.put(codes[slot] as number, children[slot] as number);
    }
  }

  child(code: number): number {
    const { codes } = this;
    const mask = codes.length - 1;
    for (let slot = Math.imul(code, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      const found = codes[slot] as number;
      if (found === code) return this.children[slot] as number;
      if (found === NO_NODE) return NO_NODE;
    }
  }
}

/**
 * A trie's edges. Most nodes deep in a phrase have one child, read straight
 * from two arrays; only the others' edges go in one open-addressed table, which
 * grows as they come: a table of every edge was several times larger, and a
 * question's probes, scattered over it, missed the cache. The root's
 * children, probed at every place of every text, have a small table of their own.
 */
export class Edges {
  private readonly root = new RootEdges();
  private readonly soleCode: Int32Array;
  private readonly soleChild: Int32Array;
  private parents = new Int32Array(16).fill(NO_NODE);
  private codes = new Uint16Array(16);
  private children = new Int32Array(16);
  private shift = 32 - 4;
  private count = 0;

  /** @param most the most edges (and so nodes besides the root) there will be */
  constructor(most: number) {
    this.soleCode = new Int32Array(most + 1).fill(LEAF);
    this.soleChild = new Int32Array(most + 1).fill(NO_NODE);
  }

  /** Adds the edge from `parent` on `code`, which it must not have yet. */
  add(parent: number, code: number, child: number): void {
    if (parent === ROOT) {
      this.root.add(code, child);
      return;
    }
    const sole = this.soleCode[parent] as number;
    if (sole === LEAF) {
      this.soleCode[parent] = code;
      this.soleChild[parent] = child;
      return;
    }
    // A second child: the node's edges are looked up in the table from now on, its first one too.
    if (sole !== MANY) this.put(parent, sole, this.soleChild[parent] as number);
    this.soleCode[parent] = MANY;
    this.put(parent, code, child);
  }

  private put(parent: number, code: number, child: number): void {
    // At most half full, so a probe ends after a step or two.
    if (2 * (this.count + 1) > this.parents.length) this.grow();
    const mask = this.parents.length - 1;
    let slot = this.slotOf(parent, code);
    while (this.parents[slot] !== NO_NODE) slot = (slot + 1) & mask;
    this.parents[slot] = parent;
    this.codes[slot] = code;
    this.children[slot] = child;
    this.count++;
  }

  private grow(): void {
    const { parents, codes, children } = this;
    this.parents = new Int32Array(2 * parents.length).fill(NO_NODE);
    this.codes = new Uint16Array(2 * parents.length);
    this.children = new Int32Array(2 * parents.length);
    this.shift--;
    this.count = 0;
    for (let slot = 0; slot < parents.length; slot++) {
      if (parents[slot] !== NO_NODE) this.put(parents[slot] as number, codes[slot] as number, children[slot] as number);
    }
  }

  private slotOf(parent: number, code: number): number {
    return (Math.imul(parent, 0x9e3779b1) + Math.imul(code, 0x85ebca6b)) >>> this.shift;
  }

  /** The node after `parent` on character `code`, or NO_NODE. */
  child(parent: number, code: number): number {
    if (parent === ROOT) return this.root.child(code);
    const sole = this.soleCode[parent] as number;
    if (sole !== MANY) return sole === code ? (this.soleChild[parent] as number) : NO_NODE;
    const { parents, codes } = this;
    const mask = parents.length - 1;
    for (let slot = this.slotOf(parent, code); ; slot = (slot + 1) & mask) {
      const found = parents[slot] as number;
      if (found === NO_NODE) return NO_NODE;
      if (found === parent && codes[slot] === code) return this.children[slot] as number;
    }
  }
}

/** Where the run of Latin letters and digits from `start` ends. */
export function latinRunEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isLatin(text.charCodeAt(end))) end++;
  return end;
}
