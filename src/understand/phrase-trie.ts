/**
 * Finds listed phrases in folded text in one left-to-right pass over a trie.
 * It finds exactly what one regular expression of the phrases, longest
 * first, did with the global flag: at each place the longest phrase that
 * fits, then on after it; a phrase starting (ending) with a Latin letter or
 * digit only where no letter or digit precedes (follows) it. The expression
 * tried every phrase at every place of the text, hundreds per character;
 * the trie tries one character.
 */

interface Node {
  next: Map<number, Node>;
  /** The phrase ending here, if one does. */
  phrase?: string;
}

export interface PhraseHit {
  phrase: string;
  start: number;
}

const isLatin = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
const latinAt = (text: string, i: number) => i >= 0 && i < text.length && isLatin(text.charCodeAt(i));

export class PhraseTrie {
  private readonly root: Node = { next: new Map() };

  /** @param phrases folded, non-empty */
  constructor(phrases: Iterable<string>) {
    for (const phrase of phrases) {
      let node = this.root;
      for (let i = 0; i < phrase.length; i++) {
        const code = phrase.charCodeAt(i);
        let child = node.next.get(code);
        if (!child) {
          child = { next: new Map() };
          node.next.set(code, child);
        }
        node = child;
      }
      node.phrase = phrase;
    }
  }

  /** Every phrase found, in text order, none overlapping. */
  hits(text: string): PhraseHit[] {
    const out: PhraseHit[] = [];
    for (let start = 0; start < text.length; ) {
      const phrase = this.longestAt(text, start);
      if (phrase === undefined) {
        start++;
        continue;
      }
      out.push({ phrase, start });
      start += phrase.length;
    }
    return out;
  }

  private longestAt(text: string, start: number): string | undefined {
    let node = this.root.next.get(text.charCodeAt(start));
    // A phrase starting with a letter or digit must not start inside a word.
    if (!node || (latinAt(text, start) && latinAt(text, start - 1))) return undefined;
    let found: string | undefined;
    for (let i = start + 1; ; i++) {
      const { phrase } = node;
      // …nor end inside one.
      if (phrase !== undefined && !(latinAt(text, i - 1) && latinAt(text, i))) found = phrase;
      if (i >= text.length) return found;
      const next = node.next.get(text.charCodeAt(i));
      if (!next) return found;
      node = next;
    }
  }
}
