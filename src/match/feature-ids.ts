import { isPrintableAscii } from '../text/normalize.js';
import type { Segment, Segmenter } from '../text/segment.js';
import { tokenOf } from '../text/tokenize.js';
import { PairTable } from './pair-table.js';
import type { FeatureIdsState } from './state.js';

/**
 * A question's features (tokenize.ts `features`) read straight as vocabulary
 * rows: words by their string, which the segmenter already made, and word
 * pairs and character bigrams by the rows or code points of their parts.
 * Building a string per pair and bigram and hashing it for one Map lookup
 * each was most of a Japanese question's feature time.
 */

/** A word or bigram the vocabulary lacks: it weighs nothing, yet counts as unknown for coverage. */
export const UNKNOWN_TERM = -1;
/** A word pair the vocabulary lacks: coverage leaves pairs out. */
export const UNKNOWN_PAIR = -2;

// The characters of tokenize.ts's CONTENT_RUN, one at a time.
const CONTENT_CHAR = /^[\p{Script=Han}\p{Script=Katakana}]$/u;
const NOT_CONTENT = 1;
const CONTENT = 2;
/** By BMP code unit, filled as characters are first met (0: not yet); a regular-expression test per character cost more than the rest. */
const bmpContent = new Uint8Array(0x10000);
/** A segment that is no word token (tokenize.ts wordTokens): a space, a mark, a stop word. */
const NOT_A_TOKEN = -3;
/** A lexicon word whose row is not looked up yet. */
const NOT_LOOKED_UP = -4;

/** The second "character" of a lone bigram (`~x`): no content character is U+0000. */
const ALONE = 0;

/** Whether the character with code point `code` is kanji or katakana (tokenize.ts CONTENT_RUN). */
export function isContent(code: number): boolean {
  // Kana, common kanji and ASCII by range, with no table to read: a table line per character, mostly out of the cache.
  if (code < 0x80 || (code >= 0x3041 && code <= 0x3096)) return false;
  if ((code >= 0x30a1 && code <= 0x30fa) || (code >= 0x4e00 && code <= 0x9fa5)) return true;
  if (code > 0xffff) return CONTENT_CHAR.test(String.fromCodePoint(code));
  let known = bmpContent[code] as number;
  if (known === 0) {
    known = CONTENT_CHAR.test(String.fromCharCode(code)) ? CONTENT : NOT_CONTENT;
    bmpContent[code] = known;
  }
  return known === CONTENT;
}

/** Katakana to hiragana, as foldKana() does. */
const foldKanaCode = (code: number) => (code >= 0x30a1 && code <= 0x30f6 ? code - 0x60 : code);

/** The code point at `i` and the UTF-16 units it takes, as a `for…of` over the string reads it. */
function codePointAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return code;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 : code;
}

export class FeatureIds {
  /** Each row's term: the rare query compared as strings (the matcher's bagCosines) gets them back. */
  readonly terms: string[];
  /** 1 for a row that is a word pair. */
  readonly isPair: Uint8Array;
  private readonly pairs: PairTable;
  private readonly bigrams: PairTable;
  /**
   * Each lexicon word's row (or NOT_A_TOKEN), by its number (Segment `word`), for the segmenter
   * whose words they are: a Map lookup by the word's text, in a table of the whole vocabulary, was
   * most of a Japanese question's feature time.
   */
  private rowByWord = new Int32Array(0);
  private wordsOf: Segmenter | undefined;

  /** @param kept the tables of another FeatureIds over the same vocabulary (state()), instead of reading every term again */
  constructor(
    private readonly rowOf: ReadonlyMap<string, number>,
    kept?: FeatureIdsState,
  ) {
    this.terms = new Array<string>(rowOf.size);
    if (kept) {
      for (const [term, row] of rowOf) this.terms[row] = term;
      this.isPair = kept.isPair;
      this.pairs = new PairTable(kept.pairs);
      this.bigrams = new PairTable(kept.bigrams);
      return;
    }
    this.isPair = new Uint8Array(rowOf.size);
    // Each table as small as what it holds: a question's lookups land all over it, and a small one stays in the cache.
    let pairs = 0;
    let bigrams = 0;
    for (const term of rowOf.keys()) {
      if (term.includes('+')) pairs++;
      else if (term.startsWith('~')) bigrams++;
    }
    this.pairs = new PairTable(pairs);
    this.bigrams = new PairTable(bigrams);
    for (const [term, row] of rowOf) {
      this.terms[row] = term;
      this.index(term, row);
    }
  }

  /** The tables, for the prebuilt index: reading every term for them took some 4 % of a one-shot `ask` (CPU profile). */
  state(): FeatureIdsState {
    return { isPair: this.isPair, pairs: this.pairs.toSlots(), bigrams: this.bigrams.toSlots() };
  }

  /** A pair by its words' rows (a pair the knowledge uses is made of words it uses), a BMP bigram by its characters. */
  private index(term: string, row: number): void {
    // Words hold no "+" or "~": normalization turned both into spaces.
    const plus = term.indexOf('+');
    if (plus >= 0) {
      this.isPair[row] = 1;
      const first = this.rowOf.get(term.slice(0, plus));
      const second = this.rowOf.get(term.slice(plus + 1));
      if (first !== undefined && second !== undefined) this.pairs.set(first, second, row);
    } else if (term.startsWith('~') && (term.length === 2 || term.length === 3)) {
      // Two UTF-16 units may be one astral character: those are looked up by their string.
      const first = term.charCodeAt(1);
      const second = term.length === 3 ? term.charCodeAt(2) : ALONE;
      if (!isSurrogate(first) && !isSurrogate(second)) this.bigrams.set(first, second, row);
    }
  }

  /** features(normalized, segmenter) as rows, in the same order; a feature the vocabulary lacks as UNKNOWN_TERM or UNKNOWN_PAIR. */
  of(normalized: string, segmenter: Segmenter): number[] {
    const out: number[] = [];
    for (const segment of segmenter.segments(normalized)) {
      const row = this.tokenRow(segment, segmenter);
      if (row !== NOT_A_TOKEN) out.push(row);
    }
    const words = out.length;
    for (let i = 0; i + 1 < words; i++) {
      const first = out[i] as number;
      const second = out[i + 1] as number;
      const row = first >= 0 && second >= 0 ? this.pairs.get(first, second) : -1;
      out.push(row >= 0 ? row : UNKNOWN_PAIR);
    }
    this.addBigrams(normalized, out);
    return out;
  }

  /** The row of the segment's word token (tokenize.ts wordTokens), NOT_A_TOKEN when it makes none. */
  private tokenRow(segment: Segment, segmenter: Segmenter): number {
    const word = segment.word;
    if (word === undefined) return this.rowOfToken(segment);
    if (segmenter !== this.wordsOf || word >= this.rowByWord.length) this.keepRowsFor(segmenter, word);
    let row = this.rowByWord[word] as number;
    if (row === NOT_LOOKED_UP) {
      row = this.rowOfToken(segment);
      this.rowByWord[word] = row;
    }
    return row;
  }

  private rowOfToken(segment: Segment): number {
    const token = tokenOf(segment);
    return token === undefined ? NOT_A_TOKEN : (this.rowOf.get(token) ?? UNKNOWN_TERM);
  }

  /** Room for the rows of `segmenter`'s words up to number `word`; another segmenter's are forgotten. */
  private keepRowsFor(segmenter: Segmenter, word: number): void {
    const kept = segmenter === this.wordsOf ? this.rowByWord : new Int32Array(0);
    this.rowByWord = new Int32Array(Math.max(2 * kept.length, word + 1, 1024)).fill(NOT_LOOKED_UP);
    this.rowByWord.set(kept);
    this.wordsOf = segmenter;
  }

  /** Bigrams of each run of kanji and katakana, kana-folded; a run of one character is itself. */
  private addBigrams(text: string, out: number[]): void {
    // An English question has no kanji or katakana: one cheap test instead of a walk.
    if (isPrintableAscii(text)) return;
    let previous = ALONE;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const code = codePointAt(text, i);
      if (code > 0xffff) i++;
      if (!isContent(code)) {
        if (count === 1) out.push(this.bigramRow(previous, ALONE));
        count = 0;
        continue;
      }
      const folded = foldKanaCode(code);
      if (count > 0) out.push(this.bigramRow(previous, folded));
      previous = folded;
      count++;
    }
    if (count === 1) out.push(this.bigramRow(previous, ALONE));
  }

  private bigramRow(first: number, second: number): number {
    if (first <= 0xffff && second <= 0xffff) {
      const row = this.bigrams.get(first, second);
      return row >= 0 ? row : UNKNOWN_TERM;
    }
    const text = `~${String.fromCodePoint(first)}${second === ALONE ? '' : String.fromCodePoint(second)}`;
    return this.rowOf.get(text) ?? UNKNOWN_TERM;
  }
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}
