import { wordPhrase } from './phrase-trie.js';
import { Edges, hasBit, isLatin, NO_NODE, PAIR_SLOTS, pairSlot, setBit } from './trie-parts.js';

/**
 * Several phrase lists scanned in one pass. Every answer asks a dozen lists
 * (small talk, details, unknown terms, comparison words…) about the same
 * message; each scan walked the whole message again. Here one trie holds
 * all their phrases, each node marking the lists with a phrase ending there,
 * and one walk from each place of the text finds, for every list at once,
 * exactly what that list's own PhraseTrie finds: at each place the longest
 * phrase of the list that fits, then on after it (each list keeps its own
 * place to go on from).
 */

/** A mask per node: one bit per list. */
const MOST_LISTS = 31;
/** The scans kept: an answer reads its message, the asking sentence and an opening or two. */
const RECENT_SCANS = 4;
const ROOT = 0;

const NONE: readonly string[] = [];

/** The waiting lists still short of where they go on from. */
function stillWaiting(waiting: number, next: Int32Array, start: number): number {
  let still = waiting;
  for (let m = 0; waiting >>> m !== 0; m++)
    if ((waiting & (1 << m)) !== 0 && (next[m] as number) <= start) still &= ~(1 << m);
  return still;
}

/** Whether a phrase may start at `start`, whose character some phrase starts with: by the pair it opens. */
function mayOpenAt(trie: GroupTrie, text: string, start: number, first: number): boolean {
  if (hasBit(trie.singles, first)) return true;
  return start + 1 < text.length && hasBit(trie.openings, pairSlot(first, text.charCodeAt(start + 1)));
}

const latinAt = (text: string, i: number) => i >= 0 && i < text.length && isLatin(text.charCodeAt(i));

interface GroupTrie {
  edges: Edges;
  /** Lists with a phrase ending at each node. */
  lists: Int32Array;
  /** The phrase ending at each node, and its word boundaries (see phrase-trie.ts). */
  texts: (string | undefined)[];
  heads: Uint8Array;
  tails: Uint8Array;
  /** Which characters phrases start with, a bit each: most places of a text start none. */
  firsts: Int32Array;
  /**
   * Which two characters phrases open with (a bit each by a hash of the pair) and which characters are
   * phrases of their own: three in four places that start a first character start no phrase, and a bit
   * says so without the root's probe (a false bit only costs the walk, as in phrase-trie.ts).
   */
  openings: Int32Array;
  singles: Int32Array;
}

export class PhraseGroup {
  private readonly members: (readonly string[])[] = [];
  private trie: GroupTrie | undefined;
  private recent: { text: string; hits: (readonly string[])[] }[] = [];
  /** The last message asked about as it was written, and its scan: the next list asked about it needs no fold. */
  private lastWritten: string | undefined;
  private lastWrittenHits: (readonly string[])[] = [];
  // Per list, reused by every scan.
  private readonly next = new Int32Array(MOST_LISTS);
  private readonly ends = new Int32Array(MOST_LISTS);

  /** Adds a list of folded phrases; its number, or undefined when the group is full. */
  join(phrases: readonly string[]): number | undefined {
    if (this.members.length >= MOST_LISTS) return undefined;
    this.members.push(phrases);
    this.trie = undefined;
    this.recent = [];
    this.lastWritten = undefined;
    return this.members.length - 1;
  }

  /**
   * As hitsOf(fold(text), member). One answer asks a dozen lists about the
   * same message one after another: all but the first find its scan by the
   * text as written, with no fold to look up again.
   */
  hitsOfWritten(text: string, fold: (text: string) => string, member: number): readonly string[] {
    if (text !== this.lastWritten) {
      this.lastWrittenHits = this.scanOf(fold(text));
      this.lastWritten = text;
    }
    return this.lastWrittenHits[member] ?? NONE;
  }

  /** What list `member` finds in the folded text, in text order (as its own PhraseTrie's hits). */
  hitsOf(folded: string, member: number): readonly string[] {
    return this.scanOf(folded)[member] ?? NONE;
  }

  /** Every list's hits in the folded text, scanned once for the last few texts. */
  private scanOf(folded: string): (readonly string[])[] {
    let scan = this.recent.find((s) => s.text === folded);
    if (!scan) {
      scan = { text: folded, hits: this.scan(folded) };
      this.recent.unshift(scan);
      if (this.recent.length > RECENT_SCANS) this.recent.pop();
    }
    return scan.hits;
  }

  private scan(text: string): (readonly string[])[] {
    this.trie ??= this.build();
    const trie = this.trie;
    const count = this.members.length;
    const hits: string[][] = new Array(count);
    const { next, ends } = this;
    const all = count === MOST_LISTS ? 0x7fffffff : (1 << count) - 1;
    // Lists past a phrase they found wait at its end; the others are open at every place.
    let waiting = 0;
    for (let start = 0; start < text.length; start++) {
      if (waiting !== 0) waiting = stillWaiting(waiting, next, start);
      const first = text.charCodeAt(start);
      if (!hasBit(trie.firsts, first) || !mayOpenAt(trie, text, start, first)) continue;
      const found = this.longestAt(trie, text, start, all & ~waiting);
      for (let m = 0; found >>> m !== 0; m++) {
        if ((found & (1 << m)) === 0) continue;
        const phrase = trie.texts[ends[m] as number] as string;
        const list = hits[m];
        if (list) list.push(phrase);
        else hits[m] = [phrase];
        next[m] = start + phrase.length;
      }
      waiting |= found;
    }
    return hits;
  }

  /** The lists among `open` with a phrase at `start`; each one's longest ends at the node in `ends`. */
  private longestAt(trie: GroupTrie, text: string, start: number, open: number): number {
    const { edges, lists, heads, tails } = trie;
    const afterWord = latinAt(text, start - 1);
    let found = 0;
    let node = edges.child(ROOT, text.charCodeAt(start));
    for (let i = start + 1; node !== NO_NODE; i++) {
      const here = (lists[node] as number) & open;
      if (here !== 0 && !(heads[node] === 1 && afterWord) && !(tails[node] === 1 && latinAt(text, i))) {
        found |= here;
        for (let m = 0; here >>> m !== 0; m++) if ((here & (1 << m)) !== 0) this.ends[m] = node;
      }
      if (i >= text.length) break;
      node = edges.child(node, text.charCodeAt(i));
    }
    return found;
  }

  private build(): GroupTrie {
    const letters = this.members.reduce((sum, list) => sum + list.reduce((n, p) => n + p.length, 0), 0);
    const edges = new Edges(letters);
    const lists = new Int32Array(letters + 1);
    const texts = new Array<string | undefined>(letters + 1).fill(undefined);
    const heads = new Uint8Array(letters + 1);
    const tails = new Uint8Array(letters + 1);
    const firsts = new Int32Array(0x10000 >>> 5);
    const openings = new Int32Array(PAIR_SLOTS >>> 5);
    const singles = new Int32Array(0x10000 >>> 5);
    let nodes = 1;
    this.members.forEach((phrases, member) => {
      for (const phrase of phrases) {
        const first = phrase.charCodeAt(0);
        setBit(firsts, first);
        if (phrase.length === 1) setBit(singles, first);
        else setBit(openings, pairSlot(first, phrase.charCodeAt(1)));
        let node = ROOT;
        for (let i = 0; i < phrase.length; i++) {
          const code = phrase.charCodeAt(i);
          let child = edges.child(node, code);
          if (child === NO_NODE) {
            child = nodes++;
            edges.add(node, code, child);
          }
          node = child;
        }
        const { head, tail } = wordPhrase(phrase);
        lists[node] = (lists[node] as number) | (1 << member);
        texts[node] = phrase;
        heads[node] = head ? 1 : 0;
        tails[node] = tail ? 1 : 0;
      }
    });
    return { edges, lists, texts, heads, tails, firsts, openings, singles };
  }
}
