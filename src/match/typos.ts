import Fuse from 'fuse.js';
import { remember } from '../text/memo.js';
import { isLatinWord, type Segmenter } from '../text/segment.js';
import { FUSE_OPTIONS } from './fuse-options.js';
import type { TypoState } from './state.js';

const MEMO_LIMIT = 20_000;

/** From this length fuse finds one-letter slips within its threshold; shorter words use deletions. */
const FUSE_MIN_LENGTH = 6;

function* deletions(word: string): Generator<string> {
  for (let i = 0; i < word.length; i++) yield word.slice(0, i) + word.slice(i + 1);
}

/** Long enough that a near miss is a typo rather than a different short word. */
const MIN_CORRECTABLE = 4;

function isCorrectable(word: string): boolean {
  return /^[a-z]{4,}$/.test(word) || /^\p{Script=Hiragana}{4,}$/u.test(word);
}

/** Text holding a correctable word once katakana is folded to hiragana (isCorrectable's runs). */
const MAY_HOLD_CORRECTABLE = /[a-z]{4}|[\p{Script=Hiragana}\u30A1-\u30F6]{4}/u;
/**
 * The same without the `u` flag, by code ranges (the BMP's Hiragana script is U+3041–3096 and
 * U+309D–309F): several times cheaper, and exact for text without surrogates, i.e. nearly every question.
 */
const MAY_HOLD_CORRECTABLE_IN_BMP = /[a-z]{4}|[\u3041-\u3096\u309d-\u309f\u30a1-\u30f6]{4}/;
const SURROGATE = /[\ud800-\udfff]/;

/** MAY_HOLD_CORRECTABLE.test(text); a text with a character beyond the BMP (a rare hiragana there too) is tested by it. */
export function mayHoldCorrectable(text: string): boolean {
  return MAY_HOLD_CORRECTABLE_IN_BMP.test(text) || (SURROGATE.test(text) && MAY_HOLD_CORRECTABLE.test(text));
}

// Short words ("admn", "mngr") are corrected only to a word sharing their first two
// letters: with four letters, one more edit already reaches unrelated words.
function plausible(word: string, hit: string): boolean {
  if (Math.abs(hit.length - word.length) > 1) return false;
  return word.length >= 6 || hit.slice(0, 2) === word.slice(0, 2);
}

/**
 * Corrects words the knowledge has never seen to the closest word it has
 * ("certificaton" → "certification", "adminstrator" → "administrator"), with
 * fuse.js over the words of the example questions, titles, keywords and
 * glossary. It runs before synonym rewriting, so a corrected word is then
 * rewritten like a correctly typed one. Words are grouped by their first
 * character: typos rarely hit it, and each search scans a few dozen words
 * instead of all of them.
 */
export class TypoCorrector {
  private known = new Set<string>();
  /** Correctable words by first character; each group's fuse index is built on its first search. */
  private groups = new Map<string, string[]>();
  private readonly byInitial = new Map<string, Fuse<string>>();
  /** Known short words by each one-letter deletion of them: "admn" → "admin". */
  private byDeletion = new Map<string, string>();
  /** Unknown words seen before and their correction (null: none); a fuse search costs 100+ µs. */
  private memo = new Map<string, string | null>();

  /**
   * @param texts normalized (not yet synonym-rewritten) texts whose words count as known
   * @param segmenter cuts questions into words as it cut the texts
   */
  constructor(
    texts: Iterable<string>,
    private readonly segmenter: Segmenter,
  ) {
    const groups = this.groups;
    for (const text of texts) {
      for (const { folded, isWordLike } of segmenter.segments(text)) {
        if (!isWordLike || this.known.has(folded)) continue;
        this.known.add(folded);
        if (!isCorrectable(folded)) continue;
        // Up to one letter longer than a short typo can be: "futur" is "future" less a letter.
        if (folded.length <= FUSE_MIN_LENGTH) this.indexDeletions(folded);
        const initial = folded[0] ?? '';
        const group = groups.get(initial) ?? [];
        group.push(folded);
        groups.set(initial, group);
      }
    }
  }

  /** What the constructor learnt, for the prebuilt index. */
  state(): TypoState {
    return { known: this.known, byDeletion: this.byDeletion, groups: this.groups, memo: new Map(this.memo) };
  }

  static fromState(state: TypoState, segmenter: Segmenter): TypoCorrector {
    const corrector = new TypoCorrector([], segmenter);
    corrector.known = state.known;
    corrector.byDeletion = state.byDeletion;
    corrector.groups = state.groups;
    // Corrections looked up while building (the topic names): a pure function of the words, kept.
    corrector.memo = new Map(state.memo);
    return corrector;
  }

  /** Most questions never need a fuse search, so start-up builds none. */
  private fuseFor(initial: string): Fuse<string> | undefined {
    let fuse = this.byInitial.get(initial);
    const group = fuse ? undefined : this.groups.get(initial);
    if (group) {
      fuse = new Fuse(group, FUSE_OPTIONS);
      this.byInitial.set(initial, fuse);
    }
    return fuse;
  }

  /** The text with every correctable unknown word replaced by its closest known word; `onCorrect` hears each. */
  correctText(normalized: string, onCorrect?: (typo: string, word: string) => void): string {
    // Normalized text is segmented chunk by chunk anyway (src/text/segment.ts); a chunk
    // without four letters or kana in a row holds no correctable word and needs no segmenting.
    // No run of four can span a space: a text without one needs no splitting either.
    if (!mayHoldCorrectable(normalized)) return normalized;
    // Half the Japanese questions are one chunk, tested just now: no array to split it into and join.
    if (!normalized.includes(' ')) return this.correctChunk(normalized, onCorrect);
    const chunks = normalized.split(' ');
    let corrected = false;
    for (const [i, chunk] of chunks.entries()) {
      if (!mayHoldCorrectable(chunk)) continue;
      const fixed = this.correctChunk(chunk, onCorrect);
      if (fixed !== chunk) chunks[i] = fixed;
      corrected ||= fixed !== chunk;
    }
    // Most questions hold no typo: the text itself, not a copy joined from its chunks.
    return corrected ? chunks.join(' ') : normalized;
  }

  private correctChunk(chunk: string, onCorrect?: (typo: string, word: string) => void): string {
    // A Latin chunk is one word, as the segmenter reads it: no segments to walk.
    if (isLatinWord(chunk)) return chunk.length >= MIN_CORRECTABLE ? this.correctWord(chunk, chunk, onCorrect) : chunk;
    // Built only from the first correction on; until then the chunk is its own answer.
    let out: string | undefined;
    let at = 0;
    for (const { text, folded, isWordLike } of this.segmenter.segments(chunk)) {
      // A word shorter than a correctable one is never corrected: no lookups for it.
      const word = isWordLike && folded.length >= MIN_CORRECTABLE ? this.correctWord(text, folded, onCorrect) : text;
      if (out !== undefined) out += word;
      else if (word !== text) out = chunk.slice(0, at) + word;
      at += text.length;
    }
    return out ?? chunk;
  }

  private correctWord(text: string, folded: string, onCorrect?: (typo: string, word: string) => void): string {
    const fix = this.known.has(folded) ? undefined : this.remembered(folded);
    if (fix) onCorrect?.(text, fix);
    return fix ?? text;
  }

  private remembered(word: string): string | undefined {
    // null: looked up, nothing close (a miss is remembered too).
    return remember(this.memo, MEMO_LIMIT, word, (w) => this.closest(w) ?? null) ?? undefined;
  }

  private indexDeletions(word: string): void {
    for (const variant of deletions(word)) if (!this.byDeletion.has(variant)) this.byDeletion.set(variant, word);
  }

  /**
   * Fuse's threshold is a share of the word's length, so one slip in a
   * four-letter word is already too far for it; short words are looked up by
   * one-letter deletions instead: a missing letter ("admn") or an extra one.
   * A wrong letter is not corrected: "stuff" → "staff" changes the meaning.
   */
  private closestShort(word: string): string | undefined {
    const missing = this.byDeletion.get(word);
    if (missing && plausible(word, missing)) return missing;
    for (const variant of deletions(word)) {
      if (this.known.has(variant) && isCorrectable(variant) && plausible(word, variant)) return variant;
    }
    return undefined;
  }

  /** Two neighbouring letters swapped ("expret", "dose"): a known word one swap away. */
  private swapped(word: string): string | undefined {
    for (let i = 0; i + 1 < word.length; i++) {
      const candidate = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
      if (candidate !== word && this.known.has(candidate) && isCorrectable(candidate)) return candidate;
    }
    return undefined;
  }

  private closest(word: string): string | undefined {
    if (!isCorrectable(word)) return undefined;
    const swap = this.swapped(word);
    if (swap) return swap;
    if (word.length < FUSE_MIN_LENGTH && /^[a-z]+$/.test(word)) return this.closestShort(word);
    const hit = this.fuseFor(word[0] ?? '')?.search(word, { limit: 1 })[0]?.item;
    // Fuse matches inside longer words too ("specific" in "specialist"); a typo keeps the length.
    return hit && plausible(word, hit) ? hit : undefined;
  }
}
