import type { IFuseOptions } from 'fuse.js';

/** A searchable string of one entry: an example question, its title or a keyword, normalized. */
export interface FuseDoc {
  entryId: string;
  text: string;
}

/**
 * The one fuse.js configuration, frozen so nothing tunes it at run time.
 * Fuse is the typo-tolerant signal next to the lexical TF-IDF score: it
 * forgives "certificaton" or a dropped kana, which exact tokens cannot.
 */
export const FUSE_OPTIONS: Readonly<IFuseOptions<FuseDoc>> = Object.freeze({
  keys: ['text'],
  includeScore: true,
  shouldSort: true,
  // Questions are normalized already; case and width never differ.
  isCaseSensitive: false,
  // A keyword can sit anywhere in a question ("so what is PMP again"), so the
  // position of a match must not cost score.
  ignoreLocation: true,
  // 0 = exact, 1 = anything. 0.4 keeps one or two typos in a word but drops
  // unrelated strings, which only add noise to the combined score.
  threshold: 0.4,
  // Single characters (particles, "a") match everywhere and mean nothing.
  minMatchCharLength: 2,
  // Short keywords ("PMP") are as good as long questions; don't favour length.
  ignoreFieldNorm: true,
  findAllMatches: false,
  useExtendedSearch: false,
});

/** Fuzzy lookup of a single unknown word against the domain vocabulary. */
export const VOCABULARY_FUSE_OPTIONS: Readonly<IFuseOptions<string>> = Object.freeze({
  includeScore: true,
  shouldSort: true,
  isCaseSensitive: false,
  ignoreLocation: true,
  // Stricter than question search: a word-level correction must be close
  // ("certificaton" → "certification"), never a different word.
  threshold: 0.25,
  minMatchCharLength: 3,
  ignoreFieldNorm: true,
});
