import type { IFuseOptions } from 'fuse.js';

/**
 * The one fuse.js configuration, frozen so nothing tunes it at run time.
 *
 * Fuse searches the vocabulary of the knowledge's example questions, titles
 * and keywords one word at a time: a word of the question the knowledge has
 * never seen ("certificaton", "adminstrator", エキスパト) is replaced by the
 * closest known word before scoring. Searching whole questions with fuse
 * instead cost ~5 ms per question and ranked worse than TF-IDF (see
 * docs/matching.md), so word-level correction is where it earns its keep.
 */
export const FUSE_OPTIONS: Readonly<IFuseOptions<string>> = Object.freeze({
  includeScore: true,
  shouldSort: true,
  // Text is normalized already; case and width never differ.
  isCaseSensitive: false,
  // A typo can sit anywhere in a word, the first letters included.
  ignoreLocation: true,
  // 0 = exact, 1 = anything. At 0.3 one or two slips in a long word are
  // forgiven, but a short word never turns into a different one.
  threshold: 0.3,
  minMatchCharLength: 2,
  // The vocabulary is single words; field length says nothing.
  ignoreFieldNorm: true,
  findAllMatches: false,
  useExtendedSearch: false,
});

/** Fuse scores above this (worse matches) are not trusted as corrections. */
export const MAX_CORRECTION_SCORE = 0.3;
