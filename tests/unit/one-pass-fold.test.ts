import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCharacters } from '../../src/text/normalize.js';
import { foldPhrase } from '../../src/understand/phrases.js';
import { plainFold } from '../helpers/plain-fold.js';

/** foldPhrase as first written: the full fold, kana to hiragana, each whitespace run one space. */
const plainPhraseFold = (text: string) =>
  plainFold(text)
    .replace(/[\u30a1-\u30f6]/g, (k) => String.fromCharCode(k.charCodeAt(0) - 0x60))
    .replace(/\s+/g, ' ');

// The one walk's characters at and past the ends of its ranges (full-width ASCII, kana, kanji, brackets),
// plural acronyms in both widths, hyphens and long vowels, spaces of every width, and characters it leaves
// to the full fold: half-width katakana, voicing marks, compatibility kanji, invisible and control characters.
const characters = fc.constantFrom(
  ...'PMOsSAZaz09 -_~!ＰＭＯｓＡＺａｚ０９！～－\uff00\uff5f\u3000\u3001\u3002「」『』【】〔・ー★☆',
  ...'ぁあんゔゕアヴヵヶヷ一龥豈々〆ｶﾞ\u3099゛\u200b\t\n\u00a0',
);

describe('folding a message in one walk', () => {
  it('folds every text as the full fold does, for matching and for phrase lists', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 14 }), (text) => {
        expect(foldCharacters(text)).toBe(plainFold(text));
        expect(foldPhrase(text)).toBe(plainPhraseFold(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('folds for matching what it folded for phrase lists before, in any order of texts, as the full fold does', () => {
    // The phrase fold's walk writes the character fold too, kept for the next foldCharacters() of that text.
    const asks = fc.array(
      fc.tuple(fc.string({ unit: characters, maxLength: 10 }), fc.constantFrom('phrase', 'chars')),
      {
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(asks, (steps) => {
        for (const [text, fold] of steps) {
          if (fold === 'phrase') expect(foldPhrase(text)).toBe(plainPhraseFold(text));
          // A copy of the text too: the fold kept is told by what the text says.
          expect(foldCharacters([...text].join(''))).toBe(plainFold(text));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('folds each BMP character and a plural acronym around it as the full fold does', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `PMOs${String.fromCharCode(code)}ＰＭＯｓ`;
      if (foldPhrase(text) !== plainPhraseFold(text))
        expect([code.toString(16), foldPhrase(text)]).toEqual([code.toString(16), plainPhraseFold(text)]);
      if (foldCharacters(text) !== plainFold(text))
        expect([code.toString(16), foldCharacters(text)]).toEqual([code.toString(16), plainFold(text)]);
    }
  });

  it('folds a long message, past one call of String.fromCharCode', () => {
    const text = 'ＰＭＯsのロードマップ、'.repeat(800);
    expect(foldCharacters(text)).toBe(plainFold(text));
    expect(foldPhrase(text)).toBe(plainPhraseFold(text));
  });
});
