/**
 * Finds listed phrases in text in one left-to-right pass over a trie. It
 * finds exactly what one regular expression of the phrases, longest first,
 * found with the global flag: at each place the longest phrase that fits,
 * then on after it. A phrase may ask for word boundaries: no Latin letter or
 * digit right before it (`head`) or right after it (`tail`). The expression
 * tried every phrase at every place of the text, hundreds per character;
 * the trie tries one character.
 */

interface Node {
  next: Map<number, Node>;
  /** The phrase ending here, if one does. */
  phrase?: Phrase;
}

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

export class PhraseTrie {
  private readonly root: Node = { next: new Map() };
  /** Which low bytes phrases start with: most places of a text start none, and a typed array says so cheaper than a Map. */
  private readonly firstBytes = new Uint8Array(256);
  /** The same for phrases without a `head` boundary: only they can start right after a letter or digit. */
  private readonly midWordFirstBytes = new Uint8Array(256);
  /** Whether any of those starts with a letter or digit itself; if none does, the rest of a Latin word is skipped. */
  private midWordLatin = false;

  /** @param phrases non-empty; of two with the same text, the first */
  constructor(phrases: Iterable<Phrase>) {
    for (const phrase of phrases) {
      this.firstBytes[phrase.text.charCodeAt(0) & 0xff] = 1;
      if (!phrase.head) this.midWordFirstBytes[phrase.text.charCodeAt(0) & 0xff] = 1;
      if (!phrase.head && latinAt(phrase.text, 0)) this.midWordLatin = true;
      let node = this.root;
      for (let i = 0; i < phrase.text.length; i++) {
        const code = phrase.text.charCodeAt(i);
        let child = node.next.get(code);
        if (!child) {
          child = { next: new Map() };
          node.next.set(code, child);
        }
        node = child;
      }
      node.phrase ??= phrase;
    }
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
    const afterWord = latinAt(text, start - 1);
    if ((afterWord ? this.midWordFirstBytes : this.firstBytes)[first & 0xff] === 0) return undefined;
    let node = this.root.next.get(first);
    if (!node) return undefined;
    let found: string | undefined;
    for (let i = start + 1; ; i++) {
      const { phrase } = node;
      if (phrase && !(phrase.head && afterWord) && !(phrase.tail && latinAt(text, i))) found = phrase.text;
      if (i >= text.length) return found;
      const next = node.next.get(text.charCodeAt(i));
      if (!next) return found;
      node = next;
    }
  }
}
