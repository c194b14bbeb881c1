import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Lang } from '../../src/knowledge/schema.js';
import { buildMatcherState, knowledgeTexts, restoreIndex } from '../../src/match/build-state.js';
import { normalize } from '../../src/text/normalize.js';
import { Segmenter } from '../../src/text/segment.js';
import { expectRowsOfFeatureStrings } from '../helpers/feature-rows.js';
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
        expectRowsOfFeatureStrings(indexes[lang], text, useHalf ? half : full);
      }),
      { numRuns: 1500 },
    );
  });
});
