import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCharacters } from '../../src/text/normalize.js';
import { plainFold } from '../helpers/plain-fold.js';

// Kana and kanji at and past the ends of the ranges taken as folded already, voicing marks
// (separate and half-width), compatibility kanji, upper case, a long vowel, wide and invisible spaces.
const characters = fc.constantFrom(...'あかがぁんゔゕゖアガヴヵヶヷーｶﾞ\u3099\u309a゛一龥豈々〆abcPMOs09 -\u3000\u200b');

describe('folding text that is folded already', () => {
  it('leaves every text as the full fold does', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 12 }), (text) => {
        expect(foldCharacters(text)).toBe(plainFold(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the full fold on every single BMP character', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      if (foldCharacters(char) !== plainFold(char))
        expect([code.toString(16), foldCharacters(char)]).toEqual([code.toString(16), plainFold(char)]);
    }
  });
});
