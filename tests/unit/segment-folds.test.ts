import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMatcherState } from '../../src/match/build-state.js';
import { foldKana } from '../../src/text/normalize.js';
import { Segmenter } from '../../src/text/segment.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * An unknown stretch is kana-folded only when it is katakana: every segment
 * must still hold its text kana-folded, and the run it was cut from must be
 * told exactly (scripts at the ends of their ranges, runs of one character).
 */
const segmenter = new Segmenter(buildMatcherState(realKnowledge()).lexicon);

// Kana, kanji and Latin at and past the ends of their ranges, marks, ★, the katakana middle dot and long vowel.
const characters = fc.constantFrom(
  ...'ぁんゖ\u3097゛ゝゟ゠ァヶヷヺ・ーヿ\u31f0ㇿ一鿿々〆㐀豈azAZ09★ 、。ｶﾞ',
  ...'プロジェクト管理資格試験のはマネジャ',
);

describe('segments of unknown stretches', () => {
  it('hold their text kana-folded, and join up to the text again', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 30 }), (text) => {
        const segments = segmenter.segments(text);
        expect(segments.map((s) => s.text).join('')).toBe(text);
        for (const s of segments) expect(s.folded).toBe(foldKana(s.text));
      }),
      { numRuns: 5000 },
    );
  });
});
