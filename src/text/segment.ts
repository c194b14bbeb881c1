import { EMPTY_LEXICON, type Lexicon } from './lexicon.js';
import { RecentValues, remember } from './memo.js';
import { foldKana } from './normalize.js';
import { hasJapanese, KATAKANA, LATIN, OTHER, type Script, scriptOf } from './scripts.js';
import { Edges, NO_NODE } from './trie-parts.js';

/**
 * Word segmentation, shared by typo correction, features and follow-ups.
 * Japanese is cut with the knowledge's own lexicon (lexicon.ts): at each
 * place the words it knows, else a stretch of one script (a Latin run is
 * never cut), and of all the ways to cut a chunk the likeliest, by how often
 * the knowledge uses each word (a unigram model). A question costs a few
 * microseconds this way, against a microsecond per word for
 * Intl.Segmenter, and a word of the knowledge is cut the same in a question.
 * Text without kana or kanji (English) keeps Intl.Segmenter's boundaries: a
 * Latin word is itself, and the rare chunk holding other letters or ★ goes through it.
 */

export interface Segment {
  /** As written in the text. */
  readonly text: string;
  /** Katakana folded to hiragana. */
  readonly folded: string;
  readonly isWordLike: boolean;
  /**
   * A word of the lexicon: its number there, from 0. What is worked out from the word alone
   * (its vocabulary row, feature-ids.ts) can be kept by that number rather than looked up by its text.
   */
  readonly word?: number;
}

const CHUNKABLE = /^[\p{L}\p{N}★ ]*$/u;
/**
 * What a prepared question is made of (Latin letters, digits, kana, common kanji, ★, spaces): letters and
 * digits all, told by code ranges. The Unicode-property test looks each character up, ten times the cost.
 */
export const PLAIN_CHUNKABLE = /^[a-z0-9 ★\u3005\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fa5]*$/;
const LATIN_WORD = /^[a-z0-9]+$/;
/** Chunks kept for reuse: enough for one answer's few readings, too few to remember questions. */
const RECENT_CHUNKS = 8;
/** Latin words are vocabulary: the same few thousand come back in every other question. */
const LATIN_WORDS = 20_000;
const latinWords = new Map<string, readonly Segment[]>();

// A cut's cost, as a unigram model's: a known word costs -log of its share of the knowledge's
// words, so of two cuts the one of more frequent words wins; an unknown stretch costs more than
// the rarest known word, and more the longer it is. The unknown costs were chosen for agreeing
// most often with Intl.Segmenter's cuts of the dev questions and the knowledge.
const UNKNOWN = 8;
const UNKNOWN_PER_CHAR = 6;
/** A Latin run or a mark: there is only one way to cut it, so any cost would do. */
const FIXED = 1;
/** An unknown stretch longer than this is cut into several: it bounds the work on a long run. */
const MAX_UNKNOWN = 16;

/** Lower-case Latin letters and digits only: one word-like segment, itself (no segmenter needed). */
export const isLatinWord = (chunk: string): boolean => LATIN_WORD.test(chunk);

const latinWord = (chunk: string): readonly Segment[] => [{ text: chunk, folded: chunk, isWordLike: true }];

let icu: Intl.Segmenter | undefined;

/** Intl.Segmenter's segments, for text without kana or kanji that is not one Latin word. */
function segmentWithIcu(text: string): Segment[] {
  icu ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const out: Segment[] = [];
  for (const { segment, isWordLike } of icu.segment(text)) {
    out.push({ text: segment, folded: segment, isWordLike: isWordLike ?? false });
  }
  return out;
}

const SPACE: Segment = { text: ' ', folded: ' ', isWordLike: false };

/** The words of a lexicon in a trie, each with its segment made once and its cost. */
class LexiconTrie {
  readonly edges: Edges;
  /** The segment of the word ending at each node (undefined: none ends there). */
  readonly wordAt: (Segment | undefined)[] = [undefined];
  readonly costAt: number[] = [0];
  /** The words numbered so far (Segment `word`). */
  wordCount = 0;

  constructor(words: ReadonlyMap<string, number>) {
    let letters = 0;
    let total = 0;
    for (const [word, count] of words) {
      letters += word.length;
      total += count;
    }
    this.edges = new Edges(letters);
    for (const [word, count] of words) {
      let node = 0;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        let child = this.edges.child(node, code);
        if (child === NO_NODE) {
          child = this.wordAt.length;
          this.wordAt.push(undefined);
          this.costAt.push(0);
          this.edges.add(node, code, child);
        }
        node = child;
      }
      this.wordAt[node] = { text: word, folded: foldKana(word), isWordLike: true, word: this.wordCount++ };
      this.costAt[node] = Math.log(total / Math.max(count, 1));
    }
  }
}

/** Per place of a chunk, reused from one chunk to the next: no arrays to allocate per question. */
let cost = new Float64Array(64);
let from = new Int32Array(64);
let known: (Segment | undefined)[] = [];
let runEnd = new Int32Array(64);
let scripts = new Uint8Array(64);

function reserve(length: number): void {
  if (cost.length > length) return;
  const size = 2 * (length + 1);
  cost = new Float64Array(size);
  from = new Int32Array(size);
  runEnd = new Int32Array(size);
  scripts = new Uint8Array(size);
  known = [];
}

export class Segmenter {
  private trie: LexiconTrie | undefined;
  private readonly recent = new RecentValues<readonly Segment[]>(RECENT_CHUNKS);
  private lastText: string | undefined;
  private lastSegments: readonly Segment[] = [];
  /** The glossary's terms, cut as the lexicon says. */
  private readonly terms = new Map<string, readonly Segment[]>();

  /** @param lexicon put in a trie on the first Japanese text: English never needs one */
  constructor(private readonly lexicon: Lexicon) {
    for (const [term, pieces] of lexicon.terms) {
      this.terms.set(
        term,
        pieces.map((piece) => unknownSegment(piece, scriptOf(piece.charCodeAt(0)) !== OTHER)),
      );
    }
  }

  /** The text's segments in order; joined, their `text` is the text again. Not the caller's to change. */
  segments(text: string): readonly Segment[] {
    // A question is segmented for typo correction and again for its features, mostly as the same
    // text (nothing corrected or rewritten): the second time is told by one comparison.
    if (text !== this.lastText) {
      this.lastSegments = this.segmentsOf(text);
      this.lastText = text;
    }
    return this.lastSegments;
  }

  private segmentsOf(text: string): readonly Segment[] {
    if (!PLAIN_CHUNKABLE.test(text) && !CHUNKABLE.test(text))
      return hasJapanese(text) ? this.cut(text) : segmentWithIcu(text);
    const out: Segment[] = [];
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf(' ', start);
      if (end < 0) end = text.length;
      if (end > start) for (const segment of this.chunkSegments(text.slice(start, end))) out.push(segment);
      // Spaces: one segment per run, as Intl.Segmenter makes them.
      start = end;
      while (end < text.length && text.charCodeAt(end) === 0x20) end++;
      if (end === start + 1) out.push(SPACE);
      else if (end > start)
        out.push({ text: text.slice(start, end), folded: text.slice(start, end), isWordLike: false });
      start = end;
    }
    return out;
  }

  private chunkSegments(chunk: string): readonly Segment[] {
    if (isLatinWord(chunk)) return remember(latinWords, LATIN_WORDS, chunk, latinWord);
    if (!hasJapanese(chunk)) return this.recent.get(chunk, segmentWithIcu);
    return this.terms.get(chunk) ?? this.recent.get(chunk, (c) => this.cut(c));
  }

  /** The cheapest cut of the text (see the costs above), by dynamic programming over its places. */
  private cut(text: string): Segment[] {
    this.trie ??= new LexiconTrie(this.lexicon.words);
    const n = text.length;
    reserve(n);
    markRuns(text);
    cost.fill(Number.POSITIVE_INFINITY, 1, n + 1);
    cost[0] = 0;
    for (let i = 0; i < n; i++) if (cost[i] !== Number.POSITIVE_INFINITY) this.stepsFrom(text, i);
    const out: Segment[] = [];
    for (let end = n; end > 0; end = from[end] as number) {
      const start = from[end] as number;
      out.push(known[end] ?? stretchOf(text.slice(start, end), scripts[start] as Script));
    }
    return out.reverse();
  }

  /** Every cut that goes on from place `i`: a known word, an unknown stretch of one script, a whole Latin run. */
  private stepsFrom(text: string, i: number): void {
    const base = cost[i] as number;
    const script = scripts[i];
    if (script === LATIN || script === OTHER) {
      relax(script === LATIN ? (runEnd[i] as number) : i + 1, base + FIXED, i, undefined);
      return;
    }
    const { edges, wordAt, costAt } = this.trie as LexiconTrie;
    let node = 0;
    for (let j = i; j < text.length; j++) {
      node = edges.child(node, text.charCodeAt(j));
      if (node === NO_NODE) break;
      const word = wordAt[node];
      if (word) relax(j + 1, base + (costAt[node] as number), i, word);
    }
    const end = Math.min(runEnd[i] as number, i + MAX_UNKNOWN);
    for (let j = i + 1; j <= end; j++) relax(j, base + UNKNOWN + UNKNOWN_PER_CHAR * (j - i), i, undefined);
  }
}

function relax(end: number, total: number, start: number, word: Segment | undefined): void {
  if (total >= (cost[end] as number)) return;
  cost[end] = total;
  from[end] = start;
  known[end] = word;
}

/** Each place's script, and where the run of that script it is in ends. */
function markRuns(text: string): void {
  // From the end, in one pass: a place's run ends where the next place's does when they share a script.
  let next = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    const script = scriptOf(text.charCodeAt(i));
    scripts[i] = script;
    runEnd[i] = script === next ? (runEnd[i + 1] as number) : i + 1;
    next = script;
  }
}

/** An unknown stretch of one script: only a katakana one has kana to fold (no other script holds U+30A1–30F6). */
function stretchOf(text: string, script: Script): Segment {
  return { text, folded: script === KATAKANA ? foldKana(text) : text, isWordLike: script !== OTHER };
}

function unknownSegment(text: string, isWordLike: boolean): Segment {
  return { text, folded: foldKana(text), isWordLike };
}

/** A segmenter with no lexicon: Japanese cut into runs of one script. */
export const plainSegmenter = new Segmenter(EMPTY_LEXICON);
