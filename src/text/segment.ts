import { remember } from './memo.js';
import { foldKana } from './normalize.js';

/**
 * Word segmentation (Intl.Segmenter: Japanese word boundaries without a
 * dictionary dependency), shared by typo correction, features and follow-ups.
 * Segmenting is the costliest step of reading a question (about a
 * microsecond per word), and one answer segments nearly the same text
 * several times: typo correction, then features of the corrected text, then
 * the asking sentence alone. Text made only of letters, digits, ★ and spaces
 * (what normalize() leaves) is segmented space-delimited chunk by chunk: no
 * word-boundary rule looks across a space there, so the segments are the
 * ones of the whole text. A Latin word needs no segmenter at all, and a
 * chunk met again within the same answer is not segmented twice.
 */

export interface Segment {
  /** As written in the text. */
  readonly text: string;
  /** Katakana folded to hiragana. */
  readonly folded: string;
  readonly isWordLike: boolean;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const CHUNKABLE = /^[\p{L}\p{N}★ ]*$/u;
const LATIN_WORD = /^[a-z0-9]+$/;
/** Chunks kept for reuse: enough for one answer's few readings, too few to remember questions. */
const RECENT_CHUNKS = 64;
const recent = new Map<string, readonly Segment[]>();
/** Latin words are vocabulary: the same few thousand come back in every other question. */
const LATIN_WORDS = 20_000;
const latinWords = new Map<string, readonly Segment[]>();
/** The glossary's canonical terms: the rewriter puts them into questions as chunks of their own. */
const LEXICON_LIMIT = 10_000;
const lexicon = new Map<string, readonly Segment[]>();

/** Keeps the segments of these texts' chunks for good (knowledge terms, not questions); bounded. */
export function keepSegments(texts: Iterable<string>): void {
  for (const text of texts) {
    for (const chunk of text.split(' ')) {
      if (lexicon.size >= LEXICON_LIMIT) return;
      if (chunk && !LATIN_WORD.test(chunk) && CHUNKABLE.test(chunk)) lexicon.set(chunk, segmentWithIcu(chunk));
    }
  }
}

function segmentWithIcu(text: string): Segment[] {
  const out: Segment[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    out.push({ text: segment, folded: foldKana(segment), isWordLike: isWordLike ?? false });
  }
  return out;
}

const latinWord = (chunk: string): readonly Segment[] => [{ text: chunk, folded: chunk, isWordLike: true }];

/** Lower-case Latin letters and digits only: one word-like segment, itself (no segmenter needed). */
export const isLatinWord = (chunk: string): boolean => LATIN_WORD.test(chunk);

function chunkSegments(chunk: string): readonly Segment[] {
  if (isLatinWord(chunk)) return remember(latinWords, LATIN_WORDS, chunk, latinWord);
  return lexicon.get(chunk) ?? remember(recent, RECENT_CHUNKS, chunk, segmentWithIcu);
}

const SPACE: Segment = { text: ' ', folded: ' ', isWordLike: false };

/** The text's segments in order; joined, their `text` is the text again. */
export function segments(text: string): readonly Segment[] {
  if (!CHUNKABLE.test(text)) return segmentWithIcu(text);
  const out: Segment[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf(' ', start);
    if (end < 0) end = text.length;
    if (end > start) for (const segment of chunkSegments(text.slice(start, end))) out.push(segment);
    // Spaces: one segment per run, as the segmenter makes them.
    start = end;
    while (end < text.length && text.charCodeAt(end) === 0x20) end++;
    if (end === start + 1) out.push(SPACE);
    else if (end > start) out.push({ text: text.slice(start, end), folded: text.slice(start, end), isWordLike: false });
    start = end;
  }
  return out;
}
