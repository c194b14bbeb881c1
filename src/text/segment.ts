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
  text: string;
  /** Katakana folded to hiragana. */
  folded: string;
  isWordLike: boolean;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const CHUNKABLE = /^[\p{L}\p{N}★ ]*$/u;
const CHUNK_OR_SPACES = /[^ ]+| +/g;
const LATIN_WORD = /^[a-z0-9]+$/;
/** Chunks kept for reuse: enough for one answer's few readings, too few to remember questions. */
const RECENT_CHUNKS = 64;
const recent = new Map<string, readonly Segment[]>();

function segmentWithIcu(text: string): Segment[] {
  const out: Segment[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    out.push({ text: segment, folded: foldKana(segment), isWordLike: isWordLike ?? false });
  }
  return out;
}

function chunkSegments(chunk: string): readonly Segment[] {
  if (chunk.charCodeAt(0) === 0x20) return [{ text: chunk, folded: chunk, isWordLike: false }];
  if (LATIN_WORD.test(chunk)) return [{ text: chunk, folded: chunk, isWordLike: true }];
  let segments = recent.get(chunk);
  if (!segments) {
    segments = segmentWithIcu(chunk);
    if (recent.size >= RECENT_CHUNKS) recent.clear();
    recent.set(chunk, segments);
  }
  return segments;
}

/** The text's segments in order; joined, their `text` is the text again. */
export function segments(text: string): readonly Segment[] {
  if (!CHUNKABLE.test(text)) return segmentWithIcu(text);
  const out: Segment[] = [];
  for (const [chunk] of text.matchAll(CHUNK_OR_SPACES)) out.push(...chunkSegments(chunk));
  return out;
}
