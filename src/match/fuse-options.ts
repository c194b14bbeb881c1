import type { IFuseOptions } from 'fuse.js';

/**
 * The one fuse.js configuration, frozen so nothing tunes it at run time.
 *
 * Fuse searches the words of the knowledge's example questions, titles and
 * keywords, one question word at a time: a word the knowledge has never seen
 * ("certificaton", "adminstrator", えきすぱと) is replaced by the closest
 * known word before scoring. Searching whole questions with fuse instead cost
 * ~5 ms per question and ranked far worse than TF-IDF (the bench's fuse.js
 * baseline), so word-level correction is where it earns its keep.
 */
export const FUSE_OPTIONS: Readonly<IFuseOptions<string>> = Object.freeze({
  includeScore: true,
  shouldSort: true,
  // Text is normalized already; case and width never differ.
  isCaseSensitive: false,
  // A typo can sit anywhere in a word, the first letters included.
  ignoreLocation: true,
  // 0 = exact, 1 = anything. At 0.2 a slip or two in a long word is forgiven
  // ("certificaton", "adminstrator") while "printer" does not become "intern".
  threshold: 0.2,
  minMatchCharLength: 2,
  // The vocabulary is single words; field length says nothing.
  ignoreFieldNorm: true,
  findAllMatches: false,
  useExtendedSearch: false,
});
