/**
 * Which kind of character a UTF-16 unit is, as the Japanese segmenter
 * (segment.ts) cuts text: a word never mixes kanji, hiragana, katakana and
 * Latin letters unless the lexicon says so. By code range, not by Unicode
 * property: the segmenter asks once per character of every question.
 */

/** Not part of a word: ★, punctuation, spaces. */
export const OTHER = 0;
/** Latin letters, digits and letters of other alphabets: a run of them is one word. */
export const LATIN = 1;
export const HAN = 2;
export const HIRAGANA = 3;
export const KATAKANA = 4;
export type Script = typeof OTHER | typeof LATIN | typeof HAN | typeof HIRAGANA | typeof KATAKANA;

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

/** The script of the character whose first (or only) UTF-16 unit is `code`. */
export function scriptOf(code: number): Script {
  if (code < 0x80) {
    const lower = code | 0x20;
    return (lower >= 0x61 && lower <= 0x7a) || (code >= 0x30 && code <= 0x39) ? LATIN : OTHER;
  }
  if (code >= 0x3041 && code <= 0x309f) return HIRAGANA;
  // U+30FB (・) is punctuation; U+30A0 (゠) a hyphen.
  if ((code >= 0x30a1 && code <= 0x30ff && code !== 0x30fb) || (code >= 0x31f0 && code <= 0x31ff)) {
    return KATAKANA;
  }
  if (isHan(code)) return HAN;
  // A surrogate stands for a letter of a supplementary plane (rare kanji, emoji alike): kept whole, never cut.
  if (code >= 0xd800 && code <= 0xdfff) return LATIN;
  return LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? LATIN : OTHER;
}

function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    // 々 〆 〇: written inside kanji words.
    (code >= 0x3005 && code <= 0x3007)
  );
}

const JAPANESE =
  /[\u3005-\u3007\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** Whether the text holds any kana or kanji: text without them never reaches the Japanese segmenter. */
export const hasJapanese = (text: string): boolean => JAPANESE.test(text);
