import { hasJapanese } from './scripts.js';

/**
 * What the Japanese segmenter (segment.ts) knows, learnt from the knowledge
 * with Intl.Segmenter once, when the index is built, and kept in the
 * prebuilt index: questions are then cut without it, and its cost (about a
 * microsecond a word) is paid per knowledge text, not per question.
 */
export interface Lexicon {
  /**
   * Every word Intl.Segmenter finds in the knowledge's Japanese (kanji with their
   * kana endings, particles, katakana terms) and how often: of two cuts, the one
   * of more frequent words is the likelier.
   */
  readonly words: ReadonlyMap<string, number>;
  /**
   * The glossary's terms as Intl.Segmenter cut them: the rewriter puts them into
   * questions of both languages as chunks of their own, and so cut, English
   * reads exactly as it did before the segmenter had a lexicon.
   */
  readonly terms: ReadonlyMap<string, readonly string[]>;
}

/**
 * @param texts the knowledge's texts, normalized as questions are (and glossary-rewritten)
 * @param terms the glossary's canonical terms
 * @param known words the reading rules look for (stop words, follow-up words): words even where the knowledge lacks them
 */
export function learnLexicon(texts: Iterable<string>, terms: Iterable<string>, known: Iterable<string>): Lexicon {
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
  const cutOf = (chunk: string) => Array.from(segmenter.segment(chunk), (s) => s.segment);
  const words = wordCounts(texts, cutOf);
  for (const word of known) if (hasJapanese(word) && !words.has(word)) words.set(word, 1);
  const cuts = new Map<string, readonly string[]>();
  for (const chunk of [...terms].flatMap((term) => term.split(' '))) {
    if (hasJapanese(chunk)) cuts.set(chunk, cutOf(chunk));
  }
  return { words, terms: cuts };
}

/**
 * The Japanese words of the texts and how often each appears. Normalized text is cut
 * chunk by chunk alike (no word runs across a space), and chunks repeat from text to
 * text: each is cut once, its words counted every time it appears.
 */
function wordCounts(texts: Iterable<string>, cutOf: (chunk: string) => string[]): Map<string, number> {
  const wordsOfChunk = new Map<string, readonly string[]>();
  const counts = new Map<string, number>();
  for (const text of new Set(texts)) {
    for (const chunk of text.split(' ')) {
      if (!hasJapanese(chunk)) continue;
      let words = wordsOfChunk.get(chunk);
      if (words === undefined) {
        words = cutOf(chunk).filter(hasJapanese);
        wordsOfChunk.set(chunk, words);
      }
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

export const EMPTY_LEXICON: Lexicon = { words: new Map(), terms: new Map() };
