/**
 * normalize.ts foldCharacters() of the usual Japanese message in one walk
 * over its characters. The full fold makes a pass per step (NFKC, invisible
 * characters, plural acronyms, case, long vowels; phrase lists then fold kana
 * and spaces too), each a regular expression or a copy, and it was the
 * costliest part of the first thing every answer does (reading it for small
 * talk). Most messages are made of characters NFKC leaves alone or turns into
 * one ASCII character (ASCII, full-width ASCII, the ideographic space, kana,
 * common kanji, CJK brackets and ★), none of which NFKC joins to its
 * neighbour: for them every step is a test of one character. Any other
 * character, and the caller folds the text the full way.
 */

/** What NFKC makes of the character, when it is one of the plain ones above; -1 otherwise. */
export function plainCode(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return code;
  // Hiragana without ゔゕゖ, katakana up to ヶ, common kanji: NFKC leaves each alone.
  if ((code >= 0x3041 && code <= 0x3093) || (code >= 0x30a1 && code <= 0x30f6) || (code >= 0x4e00 && code <= 0x9fff))
    return code;
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  if (code === 0x3000) return 0x20;
  // 、。「」『』【】・ー★
  if (code === 0x3001 || code === 0x3002 || (code >= 0x300c && code <= 0x3011)) return code;
  return code === 0x30fb || code === 0x30fc || code === 0x2605 ? code : -1;
}

/** Katakana to hiragana, as normalize.ts foldKana() does. */
const hiragana = (code: number) => (code >= 0x30a1 && code <= 0x30f6 ? code - 0x60 : code);
const isUpper = (code: number) => code >= 0x41 && code <= 0x5a;
const isLetter = (code: number) => isUpper(code) || (code >= 0x61 && code <= 0x7a);
/** The plain code at `i`, 0 (no letter) past either end. */
const plainAt = (text: string, i: number) => (i >= 0 && i < text.length ? plainCode(text.charCodeAt(i)) : 0);

/** The folded code units, reused from one text to the next. */
let out = new Uint16Array(256);
/** With `forPhrases`, the same walk's character fold (before kana and spaces), for the next normalize(). */
let characterOut = new Uint16Array(256);
/** The text the phrase fold read last, and its character fold's length in characterOut (made a string when asked). */
let walked: string | undefined;
let walkedLength = 0;
let walkedFold: string | undefined;

/**
 * foldCharacters(text), and with `forPhrases` also kana folded and each run
 * of spaces made one (phrases.ts foldPhrase); undefined when a character of
 * the text is not a plain one.
 */
export function foldInOnePass(text: string, forPhrases: boolean): string | undefined {
  reserve(text.length);
  walked = undefined;
  let length = 0;
  let characters = 0;
  let afterSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = plainCode(text.charCodeAt(i));
    if (code < 0) return undefined;
    if (isUpper(code)) {
      const end = upperRunEnd(text, i);
      for (let k = i; k < end; k++) {
        const lower = plainAt(text, k) + 0x20;
        out[length++] = lower;
        characterOut[characters++] = lower;
      }
      afterSpace = false;
      // "PMOs" is the plural of PMO: the s goes (normalize.ts ACRONYM_PLURAL).
      i = isPluralAcronym(text, i, end) ? end : end - 1;
      continue;
    }
    // Long vowels and hyphens go (normalize.ts LONG_VOWEL_AND_HYPHENS).
    if (code === 0x2d || code === 0x30fc) continue;
    characterOut[characters++] = code;
    if (forPhrases && code === 0x20 && afterSpace) continue;
    afterSpace = code === 0x20;
    out[length++] = forPhrases ? hiragana(code) : code;
  }
  if (forPhrases) rememberWalk(text, characters);
  return fromCodes(out, length);
}

function reserve(length: number): void {
  if (out.length >= length) return;
  out = new Uint16Array(2 * length);
  characterOut = new Uint16Array(2 * length);
}

function rememberWalk(text: string, characters: number): void {
  walked = text;
  walkedLength = characters;
  walkedFold = undefined;
}

/**
 * foldInOnePass(text, false) when the phrase fold walked this text last (one answer folds the message
 * for its phrase lists and then for matching): the walk wrote it too. Undefined otherwise.
 */
export function characterFoldOfLastWalk(text: string): string | undefined {
  if (text !== walked) return undefined;
  walkedFold ??= fromCodes(characterOut, walkedLength);
  return walkedFold;
}

/** Where the run of upper-case letters from `start` ends (each a plain character, as tested on the way). */
function upperRunEnd(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && isUpper(plainCode(text.charCodeAt(end)))) end++;
  return end;
}

/** Two or more capitals [start, end) and an s, with no letter before or after. */
function isPluralAcronym(text: string, start: number, end: number): boolean {
  return (
    end - start >= 2 &&
    plainAt(text, end) === 0x73 &&
    !isLetter(plainAt(text, start - 1)) &&
    !isLetter(plainAt(text, end + 1))
  );
}

/** A string of the codes, in slices: a call takes a limited number of arguments. */
function fromCodes(codes: Uint16Array, length: number): string {
  let text = '';
  for (let from = 0; from < length; from += 4096) {
    text += String.fromCharCode.apply(null, codes.subarray(from, Math.min(length, from + 4096)) as unknown as number[]);
  }
  return text;
}
