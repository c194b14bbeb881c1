import { remember } from './memo.js';
import { characterFoldOfLastWalk, foldInOnePass } from './one-pass-fold.js';

/**
 * Japanese-aware normalization. Both the knowledge (at index time) and every
 * question go through the same function, so variants meet in one form:
 * ＰＭＯ → pmo, エキスパ-ト → エキスパト, マネージャ/マネジャー → マネジャ.
 */

/** Questions are matched on their first characters only; the rest adds noise, not meaning. */
export const MAX_MATCH_CHARS = 600;

// Long-vowel marks and every hyphen/dash look-alike users type for them. Dropping
// them (rather than unifying) makes マネージャ, マネジャー and マネージャー equal,
// and PJM-A / PMO-S equal to pjma / pmos.
const LONG_VOWEL_AND_HYPHENS = /[\u002D\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g;
// Without the global flag: a test keeps no lastIndex between texts.
const HAS_LONG_VOWEL_OR_HYPHEN = new RegExp(LONG_VOWEL_AND_HYPHENS.source);
const HAS_KATAKANA = /[\u30A1-\u30F6]/;
const ACRONYM_PLURAL = /(?<![A-Za-z])([A-Z]{2,})s(?![A-Za-z])/g;
const HAS_ACRONYM_PLURAL = new RegExp(ACRONYM_PLURAL.source);
// Control, format and private-use characters (zero-width joiners, bidi marks…) carry no meaning here.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}]/gu;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

// Question scaffolding that says nothing about the topic. Kanji and kana
// spellings both appear; the longest alternatives come first so
// 「について教えてください」 goes whole rather than leaving 「について」.
const JA_FILLERS = [
  'について(?:教|おし)えて(?:ください|ほしい|もらえますか)?',
  'について(?:知|し)りたい(?:です)?',
  'を(?:教|おし)えて(?:ください|ほしい|もらえますか)?',
  '(?:教|おし)えて(?:ください|ほしい)?',
  'って(?:何|なに|なん)(?:ですか|でしょうか|なの)?',
  'とは(?:何|なに|なん)(?:ですか|でしょうか)?',
  'って(?:どういう|どんな)(?:こと|もの)(?:ですか)?',
  'すみません',
  'ください',
  'でしょうか',
  'ですか',
];
const EN_FILLERS = [
  'i would appreciate a short explanation of',
  'i would appreciate an explanation of',
  'i would appreciate',
  // Advice scaffolding: how people ask for help, not what about.
  'where do i even start',
  'where do i start',
  'where should i start',
  'where to start',
  'how do i get there',
  'any tips',
  'any advice',
  'in practice',
  'long term',
  'i have no clue',
  'have no clue',
  'no clue',
  'i was wondering',
  "i'm wondering",
  'would you be able to give me a brief overview of',
  'give me a brief overview of',
  'give me an overview of',
  'a brief overview of',
  'would you be able to',
  'a brief explanation of',
  'a short explanation of',
  'can you tell me about',
  'can you tell me',
  'could you tell me about',
  'could you tell me',
  'could you please',
  'can you please',
  'tell me about',
  'i would like to know',
  "i'd like to know",
  'i want to know',
  'please',
  'hey bot',
];
const FILLER_PATTERN = new RegExp(
  [...JA_FILLERS, ...EN_FILLERS.map((f) => `(?<![a-z])${f.replace(/'/g, "'?")}(?![a-z])`)].join('|'),
  'g',
);

/**
 * Letters, digits, punctuation and plain spaces of ASCII only: such text is its
 * own NFKC form and holds no invisible character, so most English questions
 * skip both passes, and folding it changes each character on its own.
 */
export function isPrintableAscii(text: string): boolean {
  // A regular expression: measured several times faster here than a loop over charCodeAt.
  return PRINTABLE_ASCII.test(text);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * NFKC + case fold + long-vowel/hyphen removal. Katakana stays katakana here:
 * the segmenter splits it better and the tokenizer needs to tell katakana
 * terms from hiragana particles; tokens are kana-folded afterwards.
 */
export function foldCharacters(text: string): string {
  if (isPrintableAscii(text)) return foldVisible(text);
  // One answer folds the message for its phrase lists first: that walk wrote this fold too.
  const walked = characterFoldOfLastWalk(text);
  if (walked !== undefined) return walked;
  // What normalize() and the glossary leave of most Japanese text (a prepared question, folded again for its names).
  if (FOLDED_ALREADY.test(text)) return text;
  // The usual Japanese message: one walk, no NFKC and passes (one-pass-fold.ts).
  const plain = foldInOnePass(text, false);
  if (plain !== undefined) return plain;
  // One answer folds the message twice, for its phrase scans and in normalize(): NFKC once is enough.
  return remember(recentFolds, RECENT_FOLDS, text, (t) => foldVisible(withoutInvisible(t.normalize('NFKC'))));
}

/**
 * ASCII, CJK punctuation, kana and kanji: no control, format or private-use character among them, told by
 * code ranges. The Unicode-property test looks each character up, several times the cost.
 */
export const PLAIN_VISIBLE = /^[\x20-\x7e\u3001-\u30ff\u4e00-\u9fff]*$/;

function withoutInvisible(text: string): string {
  return PLAIN_VISIBLE.test(text) ? text : dropAll(text, INVISIBLE, HAS_INVISIBLE);
}

/**
 * Lower-case Latin letters, digits, spaces, kana without a separate voicing
 * mark and common kanji: NFKC keeps each as it is and joins none of them, and
 * no other fold touches them.
 */
const FOLDED_ALREADY = /^[a-z0-9 \u3041-\u3093\u30a1-\u30f4\u4e00-\u9fff]*$/;
const recentFolds = new Map<string, string>();
const RECENT_FOLDS = 8;

/** foldCharacters() of text with no invisible character, in NFKC. */
function foldVisible(visible: string): string {
  // Plural acronyms (PMs, PMOs) before case folding, while "PMOs" can still be told from "PMO-S".
  const singular = HAS_ACRONYM_PLURAL.test(visible) ? visible.replace(ACRONYM_PLURAL, '$1') : visible;
  return dropAll(singular.toLowerCase(), LONG_VOWEL_AND_HYPHENS, HAS_LONG_VOWEL_OR_HYPHEN);
}

/** `text` with every match of `pattern` replaced; most text holds none, and a test costs less than a replace finding nothing. */
function dropAll(text: string, pattern: RegExp, present: RegExp, by = ''): string {
  return present.test(text) ? text.replace(pattern, by) : text;
}

// Each whitespace run to one space; a run that is one space already is left alone, which
// saves the replacement per word that dominated `/\s+/g` on ordinary text.
const SPACE_RUN = /[^\S ]\s*| \s+/g;
const HAS_SPACE_RUN = new RegExp(SPACE_RUN.source);

/** Exactly `text.replace(/\s+/g, ' ')`. */
export function singleSpaced(text: string): string {
  return dropAll(text, SPACE_RUN, HAS_SPACE_RUN, ' ');
}

/** Katakana → hiragana, so エキスパート and えきすぱーと meet. */
export function foldKana(text: string): string {
  // Most words hold no katakana at all; they need no copy.
  if (!HAS_KATAKANA.test(text)) return text;
  // Each katakana run copied in hiragana, the rest sliced as it is: no regular expression and callback per run.
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isKatakana(text.charCodeAt(i))) continue;
    const start = i;
    while (i < text.length && isKatakana(text.charCodeAt(i))) i++;
    out += text.slice(from, start) + toHiragana(text, start, i);
    from = i;
  }
  return out + text.slice(from);
}

const isKatakana = (code: number) => code >= 0x30a1 && code <= 0x30f6;

/** Letters [start, end) of a katakana run in hiragana: each 0x60 code points lower (in slices: arguments are limited). */
const codes: number[] = [];
function toHiragana(text: string, start: number, end: number): string {
  let out = '';
  codes.length = 0;
  for (let i = start; i < end; i++) {
    codes.push(text.charCodeAt(i) - 0x60);
    if (codes.length === 1024) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

// Most questions (all but a few English ones) hold no quote: a test instead of a replace finding nothing.
const QUOTE = /[’‘`]/g;
const HAS_QUOTE = new RegExp(QUOTE.source);
const POSSESSIVE = /'s(?![a-z])/g;

/** Full normalization for matching: folding, filler removal, punctuation to single spaces. */
export function normalize(text: string): string {
  const folded = dropAll(foldCharacters(text.slice(0, MAX_MATCH_CHARS)), QUOTE, HAS_QUOTE, "'");
  // Possessive and contracted 's ("PMO's", "what's") would otherwise leave a stray "s" word.
  const unpossessed = folded.includes("'") ? folded.replace(POSSESSIVE, '') : folded;
  return spacedWords(unpossessed.replace(FILLER_PATTERN, ' ')).trim();
}

// Anything that is not a letter, digit, or the ★ level mark becomes a word break: each run one space.
const WORD_CHARACTER = /^[\p{L}\p{N}★]$/u;
const UNKNOWN = 0;
const WORD = 1;
const NOT_WORD = 2;
/** By BMP code unit, filled as characters are first met: a Unicode-property lookup per character of every question cost more than the rest of the pass. */
const wordUnits = new Uint8Array(0x10000);

/** How many UTF-16 units the character at `i` takes, negative when it is no letter, digit or ★. */
function wordStep(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const low = code >= 0xd800 && code <= 0xdbff ? text.charCodeAt(i + 1) : 0;
  // A surrogate pair is one character, rare enough to test as it comes.
  if (low >= 0xdc00 && low <= 0xdfff) return WORD_CHARACTER.test(text.slice(i, i + 2)) ? 2 : -2;
  // Kana and common kanji by range, with no table to read: a table line per character, mostly out of the cache.
  if ((code >= 0x3041 && code <= 0x3096) || (code >= 0x30a1 && code <= 0x30fa) || (code >= 0x4e00 && code <= 0x9fa5))
    return 1;
  let kind = wordUnits[code] as number;
  if (kind === UNKNOWN) {
    kind = WORD_CHARACTER.test(String.fromCharCode(code)) ? WORD : NOT_WORD;
    wordUnits[code] = kind;
  }
  return kind === WORD ? 1 : -1;
}

/** Letters and digits all (wordStep's ranges, and ASCII ones): what most of a question is made of. */
export const PLAIN_WORD_RUN = /[0-9A-Za-z\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fa5]*/y;

/** Exactly `text.replace(/[^\p{L}\p{N}★]+/gu, ' ')`: each run of other characters one space; the text itself when nothing changes. */
export function spacedWords(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; ) {
    // Runs of kana, common kanji and ASCII letters and digits are skipped by one sticky test, not a step per character.
    PLAIN_WORD_RUN.lastIndex = i;
    PLAIN_WORD_RUN.test(text);
    i = PLAIN_WORD_RUN.lastIndex;
    if (i >= text.length) break;
    let step = wordStep(text, i);
    if (step > 0) {
      i += step;
      continue;
    }
    const start = i;
    while (step < 0) {
      i -= step;
      step = i < text.length ? wordStep(text, i) : 1;
    }
    // A run that is one space already stays as it is: the usual question copies nothing.
    if (i - start === 1 && text.charCodeAt(start) === 0x20) continue;
    out += `${text.slice(copied, start)} `;
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
