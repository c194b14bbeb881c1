import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldCorrectable } from '../../src/match/typos.js';

/** The test as first written, by Unicode script. */
const FULL = /[a-z]{4}|[\p{Script=Hiragana}\u30A1-\u30F6]{4}/u;

// Letters and kana at and past the ends of the ranges, voicing marks and iteration marks (Common and
// Hiragana), a hiragana and a pictograph beyond the BMP, and lone surrogates.
const characters = fc.constantFrom(
  ...['a', 'z', 'A', '`', '{', '0', ' ', 'ー', '漢'],
  ...['\u3040', 'ぁ', 'ゖ', '\u3097', '゛', '゜', 'ゝ', 'ゞ', 'ゟ', '゠', 'ァ', 'ヶ', 'ヷ', 'ヺ'],
  ...['\u{1b001}', '\u{1f200}', '\u{1f600}', '\ud82c', '\udc01'],
);

describe('telling a text that may hold a correctable word', () => {
  it('agrees with the test by Unicode script on every text', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 10 }), (text) => {
        expect(mayHoldCorrectable(text)).toBe(FULL.test(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on four of each BMP character in a row', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = String.fromCharCode(code).repeat(4);
      if (mayHoldCorrectable(text) !== FULL.test(text)) expect(code.toString(16)).toBe('agreeing');
    }
  });
});
