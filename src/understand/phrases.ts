import { RecentValues } from '../text/memo.js';
import { foldCharacters, foldKana, isPrintableAscii, singleSpaced } from '../text/normalize.js';
import { foldInOnePass } from '../text/one-pass-fold.js';
import type { PhraseGroup } from '../text/phrase-group.js';
import { PhraseTrie, wordPhrase } from '../text/phrase-trie.js';

/**
 * Phrase lists from knowledge files (details, comparison words, small talk)
 * compiled once into one trie. Text and phrases are folded the same way
 * (NFKC, case, long vowels, kana), so マネージャー and まねーじゃ meet.
 * Latin phrases match whole words only: "ok" must not fire inside "book".
 */
export class PhraseSet {
  /** The folded phrases, in list order, each once. */
  private readonly keys: readonly string[];
  /**
   * Built on first use: a set scanned with its group needs its own trie only
   * to remove() phrases, which most questions never ask of it, and building
   * the tries of every set took some 5 % of a one-shot `ask` (CPU profile).
   */
  private ownTrie: PhraseTrie | undefined;
  private readonly original = new Map<string, string>();
  // One answer asks the same set about the same text several times (asked, askedPhrases, has, remove).
  private lastText: string | undefined;
  private lastFound: readonly string[] = [];
  /** This set's number in its group, when it is scanned together with other sets. */
  private readonly member: number | undefined;

  /** @param group the sets asked about the same messages: one scan finds what each of them finds */
  constructor(
    phrases: readonly string[],
    private readonly group?: PhraseGroup,
  ) {
    for (const phrase of phrases) {
      const key = foldPhrase(phrase);
      if (key && !this.original.has(key)) this.original.set(key, phrase);
    }
    this.keys = [...this.original.keys()];
    this.member = this.keys.length > 0 ? group?.join(this.keys) : undefined;
  }

  /** The set's own trie; undefined when it holds no phrase. */
  private get trie(): PhraseTrie | undefined {
    if (this.keys.length === 0) return undefined;
    this.ownTrie ??= new PhraseTrie(this.keys.map(wordPhrase));
    return this.ownTrie;
  }

  /** Every phrase found in the text, in text order (already folded, the longest at each place). */
  find(text: string): string[] {
    return this.found(text).slice();
  }

  /**
   * As find(), without a copy: kept for the next ask about the same text, not the caller's to change.
   * `kanaFolded`, when given, is foldKana(text), which is mostly the text's fold already (foldPreparedPhrase).
   */
  found(text: string, kanaFolded?: string): readonly string[] {
    if (text !== this.lastText) {
      this.lastFound = this.scan(text, kanaFolded);
      this.lastText = text;
    }
    return this.lastFound;
  }

  private scan(text: string, kanaFolded?: string): readonly string[] {
    if (this.member !== undefined && this.group) return this.group.hitsOfWritten(text, foldPhrase, this.member);
    return this.trie?.hits(foldPreparedPhrase(text, kanaFolded)).map((hit) => hit.phrase) ?? NONE;
  }

  /** The phrases found, as the knowledge spells them (for showing to the user); `kanaFolded` as for found(). */
  findOriginal(text: string, kanaFolded?: string): string[] {
    return this.found(text, kanaFolded).map((m) => this.original.get(m) ?? m);
  }

  /** The folded form a phrase is found under, to map matches back to what listed them. */
  keyOf(phrase: string): string {
    return foldPhrase(phrase);
  }

  has(text: string): boolean {
    return this.found(text).length > 0;
  }

  /** The text with every phrase replaced by a space, for "is anything else left?" checks. */
  remove(text: string): string {
    const folded = foldPhrase(text);
    return this.trie ? this.trie.replace(folded, () => ' ') : folded;
  }
}

const NONE: readonly string[] = [];

// One answer folds the same message for every phrase list (details, names, cues, small talk).
// The last few are enough: what one answer folds again comes a few folds later.
const recentFolds = new RecentValues<string>(8);

export function foldPhrase(text: string): string {
  return recentFolds.get(text, foldFully);
}

/**
 * Lower-case Latin letters, digits, kana with no long-vowel mark and common kanji, in words one space
 * apart: what a prepared question (normalize.ts, the glossary) mostly is. Folding changes nothing in
 * it but katakana, so its fold is its kana fold.
 */
const FOLDED_BUT_KANA =
  /^(?:[a-z0-9\u3041-\u3093\u30a1-\u30f4\u4e00-\u9fff]+(?: [a-z0-9\u3041-\u3093\u30a1-\u30f4\u4e00-\u9fff]+)*)?$/;

/** foldPhrase(text), told foldKana(text), which the matcher made of a prepared question anyway (MatchResult.normalized). */
export function foldPreparedPhrase(text: string, kanaFolded: string | undefined): string {
  return kanaFolded !== undefined && FOLDED_BUT_KANA.test(text) ? kanaFolded : foldPhrase(text);
}

function foldFully(text: string): string {
  // English folds fastest by its own passes; the usual Japanese message in one walk (one-pass-fold.ts).
  const walked = isPrintableAscii(text) ? undefined : foldInOnePass(text, true);
  return walked ?? singleSpaced(foldKana(foldCharacters(text)));
}
