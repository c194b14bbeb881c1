import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMixedLanguage } from '../../src/text/language.js';

/** isMixedLanguage as first written: NFKC, a Unicode-script test, the words of the lower-cased text. */
function fullIsMixedLanguage(text: string): boolean {
  const folded = text.normalize('NFKC');
  if (!/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(folded)) return false;
  const acronyms = new Set(['pm', 'pmo', 'pmp', 'pmi', 'ipa', 'pjm', 'pjma', 'pmos', 'npmo', 'pmbok', 'dx', 'it']);
  return (folded.toLowerCase().match(/[a-z]{2,}/g) ?? []).some((w) => !acronyms.has(w));
}

// Acronyms and words in both widths and cases, letters at the ends of the ranges, kana and kanji at
// the ends of theirs, marks of no script (ー・「」★), and characters left to the full test.
const piece = fc.constantFrom(
  ...[
    'PMO',
    'pmbok',
    'NPMO',
    'ｐｍｏ',
    'ＰＭＯ',
    'Pjma',
    'it',
    'x',
    'Z',
    'a',
    'role',
    'ｒｏｌｅ',
    'pmboks',
    '@',
    '[',
    '`',
    '{',
  ],
  ...['ぁ', 'ん', 'ァ', 'ヶ', 'ー', '・', '一', '鿿', '「', '】', '★', '、', ' ', '\u3000', '0', '９'],
  ...['ｶﾞ', '\u3099', 'ゔ', 'ヷ', '豈', 'Ａ\u0301', 'ﬁ', '™', '\u200b', '\t'],
);

describe('telling a mixed-language message in one walk', () => {
  it('agrees with the full test on every message', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const text = pieces.join('');
        expect(isMixedLanguage(text)).toBe(fullIsMixedLanguage(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on each BMP character between a word and a kanji', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      for (const text of [`role${String.fromCharCode(code)}`, `PM${String.fromCharCode(code)}O 管理`]) {
        if (isMixedLanguage(text) !== fullIsMixedLanguage(text)) expect([code.toString(16), text]).toBe('agreeing');
      }
    }
  });
});
