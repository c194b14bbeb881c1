import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/knowledge/schema.js';
import { buildMatcherState, knowledgeTexts, restoreIndex } from '../../src/match/build-state.js';
import { UNKNOWN_PAIR, UNKNOWN_TERM } from '../../src/match/feature-ids.js';
import { normalize } from '../../src/text/normalize.js';
import { Segmenter } from '../../src/text/segment.js';
import { features } from '../../src/text/tokenize.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * A lexicon word's row is kept by its number in its segmenter: read by one
 * segmenter and then another, whose words are numbered otherwise, the same
 * index must still give each the row of the feature tokenize.ts makes.
 */
const kb = realKnowledge();
const state = buildMatcherState(kb);
const indexes = { ja: restoreIndex(state.ja), en: restoreIndex(state.en) };
const full = new Segmenter(state.lexicon);
// Every other word, and in reverse: the same words numbered differently, and words of one missing in the other.
const words = [...state.lexicon.words].filter((_, i) => i % 2 === 0).reverse();
const half = new Segmenter({ words: new Map(words), terms: state.lexicon.terms });

const questionText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'プロジェクトマネジャ管理試験合格率資格のはがをってabc pm★'),
      fc.constantFrom(...knowledgeTexts(kb).slice(0, 300)),
    ),
    { maxLength: 6 },
  )
  .map((parts) => normalize(parts.join('')));

describe('features of lexicon words, by their number', () => {
  it('are the rows of the feature strings whichever segmenter cut the text, turn and turn about', () => {
    fc.assert(
      fc.property(questionText, fc.constantFrom<Lang>('ja', 'en'), fc.boolean(), (text, lang, useHalf) => {
        const segmenter = useHalf ? half : full;
        const { featureIds, vocabulary } = indexes[lang];
        const strings = features(text, segmenter);
        const rows = featureIds.of(text, segmenter);
        expect(rows.length).toBe(strings.length);
        rows.forEach((row, i) => {
          const term = strings[i] as string;
          const unknown = term.includes('+') ? UNKNOWN_PAIR : UNKNOWN_TERM;
          expect(row >= 0 ? featureIds.terms[row] : unknown).toBe(vocabulary.rowOf.has(term) ? term : unknown);
        });
      }),
      { numRuns: 1500 },
    );
  });
});
