/**
 * Finds listed phrases in text in one left-to-right pass over a trie. It
 * finds exactly what one regular expression of the phrases, longest first,
 * found with the global flag: at each place the longest phrase that fits,
 * then on after it. A phrase may ask for word boundaries: no Latin letter or
 * digit right before it (`head`) or right after it (`tail`). The expression
 * tried every phrase at every place of the text, hundreds per character;
 * the trie tries one character.
 */

export interface Phrase {
  text: string;
  head: boolean;
  tail: boolean;
}

export interface PhraseHit {
  phrase: string;
  start: number;
}

const isLatin = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
const latinAt = (text: string, i: number) => i >= 0 && i < text.length && isLatin(text.charCodeAt(i));

/** Boundaries as phrase lists use them: a phrase starting (ending) with a Latin letter or digit is a whole word there. */
export function wordPhrase(text: string): Phrase {
  return { text, head: latinAt(text, 0), tail: latinAt(text, text.length - 1) };
}

const ROOT = 0;
const NO_NODE = -1;

/**
 * A trie's edges in one open-addressed table of typed arrays: every question
 * walks a dozen phrase lists a character at a time, and a probe of these
 * costs a fraction of a Map lookup per node.
 */
class Edges {
  private readonly parents: Int32Array;
  private readonly codes: Uint16Array;
  private readonly children: Int32Array;
  private readonly shift: number;

  constructor(edges: ReadonlyMap<number, number>) {
    // At most half full, so a probe ends after a step or two.
    const bits = Math.max(4, Math.ceil(Math.log2(edges.size * 2 + 1)));
    this.shift = 32 - bits;
    this.parents = new Int32Array(1 << bits).fill(NO_NODE);
    this.codes = new Uint16Array(1 << bits);
    this.children = new Int32Array(1 << bits);
    const mask = (1 << bits) - 1;
    for (const [key, child] of edges) {
      const parent = Math.floor(key / 0x10000);
      const code = key % 0x10000;
      let slot = this.slotOf(parent, code);
      while (this.parents[slot] !== NO_NODE) slot = (slot + 1) & mask;
      this.parents[slot] = parent;
      this.codes[slot] = code;
      this.children[slot] = child;
    }
  }

  private slotOf(parent: number, code: number): number {
    return (Math.imul(parent, 0x9e3779b1) + Math.imul(code, 0x85ebca6b)) >>> this.shift;
  }

  /** The node after `parent` on character `code`, or NO_NODE. */
  child(parent: number, code: number): number {
    const { parents, codes } = this;
    const mask = parents.length - 1;
    for (let slot = this.slotOf(parent, code); ; slot = (slot + 1) & mask) {
      const found = parents[slot] as number;
      if (found === NO_NODE) return NO_NODE;
      if (found === parent && codes[slot] === code) return this.children[slot] as number;
    }
  }
}

export class PhraseTrie {
  private readonly edges: Edges;
  /** The phrase ending at each node, if one does. */
  private readonly phraseAt: (Phrase | undefined)[] = [undefined];
  /** Which low bytes phrases start with: most places of a text start none, and a typed array says so cheaper than a probe. */
  private readonly firstBytes = new Uint8Array(256);
  /** The same for phrases without a `head` boundary: only they can start right after a letter or digit. */
  private readonly midWordFirstBytes = new Uint8Array(256);
  /** Whether any of those starts with a letter or digit itself; if none does, the rest of a Latin word is skipped. */
  private midWordLatin = false;

  /** @param phrases non-empty; of two with the same text, the first */
  constructor(phrases: Iterable<Phrase>) {
    const edges = new Map<number, number>();
    for (const phrase of phrases) {
      this.firstBytes[phrase.text.charCodeAt(0) & 0xff] = 1;
      if (!phrase.head) this.midWordFirstBytes[phrase.text.charCodeAt(0) & 0xff] = 1;
      if (!phrase.head && latinAt(phrase.text, 0)) this.midWordLatin = true;
      let node = ROOT;
      for (let i = 0; i < phrase.text.length; i++) {
        const key = node * 0x10000 + phrase.text.charCodeAt(i);
        let child = edges.get(key);
        if (child === undefined) {
          child = this.phraseAt.length;
          this.phraseAt.push(undefined);
          edges.set(key, child);
        }
        node = child;
      }
      this.phraseAt[node] ??= phrase;
    }
    this.edges = new Edges(edges);
  }

  /** Every phrase found, in text order, none overlapping. */
  hits(text: string): PhraseHit[] {
    const out: PhraseHit[] = [];
    for (let start = 0; start < text.length; ) {
      const phrase = this.longestAt(text, start);
      if (phrase === undefined) {
        start = this.nextStart(text, start);
        continue;
      }
      out.push({ phrase, start });
      start += phrase.length;
    }
    return out;
  }

  /** The text with each phrase found replaced by what `by` makes of it. */
  replace(text: string, by: (phrase: string) => string): string {
    let out = '';
    let from = 0;
    for (const { phrase, start } of this.hits(text)) {
      out += `${text.slice(from, start)}${by(phrase)}`;
      from = start + phrase.length;
    }
    return from === 0 ? text : out + text.slice(from);
  }

  /** Where to try next after nothing was found at `start`: past the whole Latin word when no phrase may start inside one. */
  private nextStart(text: string, start: number): number {
    let next = start + 1;
    if (this.midWordLatin || !latinAt(text, start)) return next;
    while (latinAt(text, next)) next++;
    return next;
  }

  private longestAt(text: string, start: number): string | undefined {
    const first = text.charCodeAt(start);
    // Most places start no phrase at all: told by one byte before the boundary is even looked at.
    if (this.firstBytes[first & 0xff] === 0) return undefined;
    const afterWord = latinAt(text, start - 1);
    if (afterWord && this.midWordFirstBytes[first & 0xff] === 0) return undefined;
    let node = this.edges.child(ROOT, first);
    let found: string | undefined;
    for (let i = start + 1; node !== NO_NODE; i++) {
      const phrase = this.phraseAt[node];
      if (phrase && !(phrase.head && afterWord) && !(phrase.tail && latinAt(text, i))) found = phrase.text;
      if (i >= text.length) break;
      node = this.edges.child(node, text.charCodeAt(i));
    }
    return found;
  }
}
