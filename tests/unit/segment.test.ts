import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/text/normalize.js';
import { segments } from '../../src/text/segment.js';

const icu = new Intl.Segmenter('ja', { granularity: 'word' });
const wordsOf = (text: string) => [...icu.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
const ourWords = (text: string) => segments(text).flatMap((s) => (s.isWordLike ? [s.text] : []));
const rejoined = (text: string) => segments(text).reduce((out, s) => out + s.text, '');

// Kana, kanji, Latin letters, digits, ★ and spaces: what normalize() leaves of a question.
const normalizedText = fc.string({
  unit: fc.constantFrom(
    ...'あいうえおかきくけこのはがをにでとってするプロジェクトマネジャエキスパト管理試験合格率資格仕事何違いabcpmo019★  ',
  ),
  maxLength: 40,
});

describe('segmentation chunk by chunk', () => {
  it('finds exactly the words Intl.Segmenter finds in the whole text, so answers do not change', () => {
    fc.assert(
      fc.property(fc.oneof(normalizedText, fc.string({ maxLength: 40 }).map(normalize)), (text) => {
        expect(ourWords(text)).toEqual(wordsOf(text));
        expect(rejoined(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads text that is not normalized (punctuation, apostrophes) as the segmenter does', () => {
    for (const text of ["can't stop", '3.5 pmo', 'プロマネ、どう？', 'ＰＭＯ\u0301 x']) {
      expect(ourWords(text)).toEqual(wordsOf(text));
    }
  });
});
