/**
 * Japanese-aware normalization. Both the knowledge (at index time) and every
 * question go through the same function, so variants meet in one form:
 * ＰＭＯ → pmo, エキスパ-ト → えきすぱと, マネージャ/マネジャー → まねじゃ.
 */

/** Questions are matched on their first characters only; the rest adds noise, not meaning. */
export const MAX_MATCH_CHARS = 600;

// Long-vowel marks and every hyphen/dash look-alike users type for them. Dropping
// them (rather than unifying) makes マネージャ, マネジャー and マネージャー equal,
// and PJM-A / PMO-S equal to pjma / pmos.
const LONG_VOWEL_AND_HYPHENS = /[\u002D\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g;
const KATAKANA = /[\u30A1-\u30F6]/g;
// Anything that is not a letter, digit, or the ★ level mark becomes a word break.
const NON_WORD = /[^\p{L}\p{N}★]+/gu;
// Control, format and private-use characters (zero-width joiners, bidi marks…) carry no meaning here.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}]/gu;

const JA_FILLERS = [
  // Longest first so 「について教えてください」 is removed whole, not as 「教えて」 + leftovers.
  'についておしえてください',
  'についておしえて',
  'についてしりたい',
  'をおしえてください',
  'をおしえてほしい',
  'をおしえて',
  'おしえてください',
  'おしえて',
  'ってなんですか',
  'ってなに',
  'ってなん',
  'とはなんですか',
  'とはなに',
  'ってどういうこと',
  'ってどんなもの',
  'すみません',
  'ください',
  'ですか',
  'でしょうか',
];
const EN_FILLERS = [
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

/** NFKC + case fold + kana fold + long-vowel/hyphen removal; keeps punctuation as-is. */
export function foldCharacters(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(KATAKANA, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(LONG_VOWEL_AND_HYPHENS, '');
}

/** Full normalization for matching: folding, filler removal, punctuation to single spaces. */
export function normalize(text: string): string {
  return foldCharacters(text.slice(0, MAX_MATCH_CHARS))
    .replace(/[’‘`]/g, "'")
    .replace(FILLER_PATTERN, ' ')
    .replace(NON_WORD, ' ')
    .trim();
}
