import { Edges, hasBit, isLatin, latinRunEnd, NO_NODE, PAIR_SLOTS, pairSlot, setBit } from './trie-parts.js';

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

const latinAt = (text: string, i: number) => i >= 0 && i < text.length && isLatin(text.charCodeAt(i));

/** Boundaries as phrase lists use them: a phrase starting (ending) with a Latin letter or digit is a whole word there. */
export function wordPhrase(text: string): Phrase {
  return { text, head: latinAt(text, 0), tail: latinAt(text, text.length - 1) };
}

const ROOT = 0;

export class PhraseTrie {
  private readonly edges: Edges;
  /** The phrase ending at each node, if one does. */
  private readonly phraseAt: (Phrase | undefined)[] = [undefined];
  /** Which characters phrases start with, a bit each: most places of a text start none, and a bit says so cheaper than a probe. */
  private readonly firsts = new Int32Array(0x10000 >>> 5);
  /** The same for phrases without a `head` boundary: only they can start right after a letter or digit. */
  private readonly midWordFirstBytes = new Uint8Array(256);
  /** Those of them starting with a letter or digit, by that character: most places inside a word start none. */
  private readonly midWordLatinStarts = new Uint8Array(0x80);
  /** Whether there are any; if none, the rest of a Latin word is skipped. */
  private midWordLatin = false;
  /**
   * Which two characters phrases open with, a bit each by a hash of the pair, and which characters are
   * phrases of their own: most places that start a phrase's first character start no phrase, and a
   * second bit says so cheaper than the probes of a walk (a false bit only costs the walk).
   */
  private readonly openings = new Int32Array(PAIR_SLOTS >>> 5);
  private readonly singles = new Int32Array(0x10000 >>> 5);

  /** @param phrases non-empty; of two with the same text, the first */
  constructor(phrases: Iterable<Phrase>) {
    const all = [...phrases];
    this.edges = new Edges(all.reduce((sum, { text }) => sum + text.length, 0));
    for (const phrase of all) {
      const first = phrase.text.charCodeAt(0);
      setBit(this.firsts, first);
      if (phrase.text.length === 1) setBit(this.singles, first);
      else setBit(this.openings, pairSlot(first, phrase.text.charCodeAt(1)));
      if (!phrase.head) this.midWordFirstBytes[first & 0xff] = 1;
      if (!phrase.head && isLatin(first)) {
        this.midWordLatin = true;
        this.midWordLatinStarts[first] = 1;
      }
      let node = ROOT;
      for (let i = 0; i < phrase.text.length; i++) {
        const code = phrase.text.charCodeAt(i);
        let child = this.edges.child(node, code);
        if (child === NO_NODE) {
          child = this.phraseAt.length;
          this.phraseAt.push(undefined);
          this.edges.add(node, code, child);
        }
        node = child;
      }
      this.phraseAt[node] ??= phrase;
    }
  }

  /** Every phrase found, in text order, none overlapping. */
  hits(text: string): PhraseHit[] {
    const out: PhraseHit[] = [];
    for (let start = 0; start < text.length; ) {
      const first = text.charCodeAt(start);
      // Most places start no phrase at all: told by a bit or two, with no call to look further.
      const phrase = this.mayStartAt(text, start, first) ? this.longestAt(text, start) : undefined;
      if (phrase === undefined) {
        start = this.midWordLatin || !isLatin(first) ? start + 1 : latinRunEnd(text, start + 1);
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

  /** Whether a phrase may start at `start`, by its first character and the pair it opens with. */
  private mayStartAt(text: string, start: number, first: number): boolean {
    if (!hasBit(this.firsts, first)) return false;
    if (hasBit(this.singles, first)) return true;
    return start + 1 < text.length && hasBit(this.openings, pairSlot(first, text.charCodeAt(start + 1)));
  }

  /** Right after a letter or digit only phrases without a `head` boundary start; a Latin one, by its exact first character. */
  private mayStartInsideWord(first: number): boolean {
    return isLatin(first) ? this.midWordLatinStarts[first] === 1 : this.midWordFirstBytes[first & 0xff] === 1;
  }

  /** The longest phrase at `start`, whose first character some phrase starts with. */
  private longestAt(text: string, start: number): string | undefined {
    const first = text.charCodeAt(start);
    const afterWord = latinAt(text, start - 1);
    if (afterWord && !this.mayStartInsideWord(first)) return undefined;
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
