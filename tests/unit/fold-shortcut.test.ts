import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCharacters } from '../../src/text/normalize.js';

/** foldCharacters() with no shortcut: NFKC, invisible characters out, plural acronyms, lower case, long vowels and hyphens out. */
function fullFold(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}]/gu, '')
    .replace(/(?<![A-Za-z])([A-Z]{2,})s(?![A-Za-z])/g, '$1')
    .toLowerCase()
    .replace(/[\u002D\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g, '');
}

// Kana and kanji at and past the ends of the ranges taken as folded already, voicing marks
// (separate and half-width), compatibility kanji, upper case, a long vowel, wide and invisible spaces.
const characters = fc.constantFrom(...'あかがぁんゔゕゖアガヴヵヶヷーｶﾞ\u3099\u309a゛一龥豈々〆abcPMOs09 -\u3000\u200b');

describe('folding text that is folded already', () => {
  it('leaves every text as the full fold does', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 12 }), (text) => {
        expect(foldCharacters(text)).toBe(fullFold(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the full fold on every single BMP character', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      if (foldCharacters(char) !== fullFold(char))
        expect([code.toString(16), foldCharacters(char)]).toEqual([code.toString(16), fullFold(char)]);
    }
  });
});
