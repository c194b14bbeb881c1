import { foldCharacters, foldKana } from '../text/normalize.js';

/**
 * Phrase lists from knowledge files (details, comparison words, small talk)
 * compiled once into one regular expression. Text and phrases are folded the
 * same way (NFKC, case, long vowels, kana), so マネージャー and まねーじゃ meet.
 * Latin phrases match whole words only: "ok" must not fire inside "book".
 */
export class PhraseSet {
  private readonly pattern: RegExp | undefined;
  private readonly original = new Map<string, string>();
  // One answer asks the same set about the same text several times (asked, askedPhrases, has, remove).
  private lastText: string | undefined;
  private lastFound: readonly string[] = [];

  constructor(phrases: readonly string[]) {
    for (const phrase of phrases) {
      const key = foldPhrase(phrase);
      if (key && !this.original.has(key)) this.original.set(key, phrase);
    }
    const folded = [...this.original.keys()].sort((a, b) => b.length - a.length);
    this.pattern = folded.length > 0 ? new RegExp(alternation(folded), 'gu') : undefined;
  }

  /** Every phrase found in the text, in text order (already folded, longest alternative first at each place). */
  find(text: string): string[] {
    if (!this.pattern) return [];
    if (text !== this.lastText) {
      this.lastFound = [...foldPhrase(text).matchAll(this.pattern)].map((m) => m[0]);
      this.lastText = text;
    }
    return this.lastFound.slice();
  }

  /** The phrases found, as the knowledge spells them (for showing to the user). */
  findOriginal(text: string): string[] {
    return this.find(text).map((m) => this.original.get(m.replace(/\s+/g, ' ')) ?? m);
  }

  /** The folded form a phrase is found under, to map matches back to what listed them. */
  keyOf(phrase: string): string {
    return foldPhrase(phrase);
  }

  has(text: string): boolean {
    return this.find(text).length > 0;
  }

  /** The text with every phrase removed, for "is anything else left?" checks. */
  remove(text: string): string {
    return this.pattern ? foldPhrase(text).replace(this.pattern, ' ') : foldPhrase(text);
  }
}

// One answer folds the same message for every phrase list (details, names, cues, small talk).
const recentFolds = new Map<string, string>();
const RECENT_FOLDS = 32;

export function foldPhrase(text: string): string {
  let folded = recentFolds.get(text);
  if (folded === undefined) {
    folded = foldKana(foldCharacters(text)).replace(/\s+/g, ' ');
    if (recentFolds.size >= RECENT_FOLDS) recentFolds.clear();
    recentFolds.set(text, folded);
  }
  return folded;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LATIN_START = /^[a-z0-9]/;
const LATIN_END = /[a-z0-9]$/;

function alternative(phrase: string): string {
  const body = escapeRegExp(phrase).replace(/\s+/g, '\\s+');
  const tail = LATIN_END.test(phrase) ? '(?![a-z0-9])' : '';
  return `${body}${tail}`;
}

/**
 * Longest first. The phrases starting with a Latin letter or digit share one
 * "not inside a word" check instead of one each; at any place of a text either
 * they or the others can match (their first characters differ), so each
 * group keeping its own order finds exactly what one list in length order did.
 */
function alternation(folded: readonly string[]): string {
  const latin = folded.filter((p) => LATIN_START.test(p)).map(alternative);
  const other = folded.filter((p) => !LATIN_START.test(p)).map(alternative);
  const groups = [...(latin.length > 0 ? [`(?<![a-z0-9])(?:${latin.join('|')})`] : []), ...other];
  return groups.join('|');
}
