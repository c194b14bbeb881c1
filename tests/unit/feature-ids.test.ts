import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/knowledge/schema.js';
import { buildMatcherState, knowledgeTexts, restoreIndex } from '../../src/match/build-state.js';
import { FeatureIds } from '../../src/match/feature-ids.js';
import { termCounts, weigh } from '../../src/match/vectors.js';
import { normalize } from '../../src/text/normalize.js';
import { Segmenter } from '../../src/text/segment.js';
import { features } from '../../src/text/tokenize.js';
import { expectRowsOfFeatureStrings } from '../helpers/feature-rows.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The matcher reads a question's features as vocabulary rows, without the
 * strings tokenize.ts makes of them: each must be the row of exactly the
 * feature the full computation makes, so scores and coverage stay the same.
 */
const kb = realKnowledge();
const state = buildMatcherState(kb);
const segmenter = new Segmenter(state.lexicon);
const indexes = { ja: restoreIndex(state.ja), en: restoreIndex(state.en) };

/** Coverage as the matcher computed it from the feature strings. */
function coverageOfStrings(terms: readonly string[], lang: Lang): number {
  const { vocabulary } = indexes[lang];
  let known = 0;
  let total = 0;
  const { inDomain } = vocabulary.toState();
  for (const t of terms) {
    if (t.includes('+')) continue;
    const row = vocabulary.rowOf.get(t);
    const w = row !== undefined && inDomain[row] === 1 ? vocabulary.get(t) : undefined;
    known += w ?? 0;
    total += w ?? vocabulary.maxIdf;
  }
  return total === 0 ? 0 : known / total;
}

// Kanji, katakana (folded in bigrams), kana, Latin words, digits, ★, an astral kanji and a lone surrogate.
const questionText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...'プロジェクトマネジャエキスパト管理試験合格率資格仕事違い進捗のはがをってabc pm 1★𠮷々ヴ\ud800',
      ),
      fc.constantFrom(...knowledgeTexts(kb).slice(0, 400)),
    ),
    { maxLength: 8 },
  )
  .map((parts) => normalize(parts.join('')));

describe('features as vocabulary rows', () => {
  it('are the rows of the features tokenize.ts makes, one for one, with pairs told apart', () => {
    fc.assert(
      fc.property(questionText, fc.constantFrom<Lang>('ja', 'en'), (text, lang) => {
        expectRowsOfFeatureStrings(indexes[lang], text, segmenter);
      }),
      { numRuns: 2000 },
    );
  });

  it('weigh and cover a question exactly as its feature strings do', () => {
    fc.assert(
      fc.property(questionText, fc.constantFrom<Lang>('ja', 'en'), (text, lang) => {
        const { featureIds, vocabulary } = indexes[lang];
        const strings = features(text, segmenter);
        const rows = featureIds.of(text, segmenter);
        const query = vocabulary.weighRows(rows);
        const byTerm = [...weigh(termCounts(strings), vocabulary)];
        expect(query.rows.map((row, i) => [featureIds.terms[row], query.weights[i]])).toEqual(byTerm);
        expect(vocabulary.coverage(rows, featureIds.isPair)).toBe(coverageOfStrings(strings, lang));
      }),
      { numRuns: 1000 },
    );
  });

  it('are read alike from the tables kept in the state (the prebuilt index) as from the vocabulary itself', () => {
    const fromVocabulary = {
      ja: new FeatureIds(indexes.ja.vocabulary.rowOf),
      en: new FeatureIds(indexes.en.vocabulary.rowOf),
    };
    fc.assert(
      fc.property(questionText, fc.constantFrom<Lang>('ja', 'en'), (text, lang) => {
        expect(indexes[lang].featureIds.of(text, segmenter)).toEqual(fromVocabulary[lang].of(text, segmenter));
      }),
      { numRuns: 1000 },
    );
    expect(indexes.en.featureIds.terms).toEqual(fromVocabulary.en.terms);
    expect(indexes.ja.featureIds.isPair).toEqual(fromVocabulary.ja.isPair);
  });

  it('reads the questions of the knowledge itself with hardly any feature unknown', () => {
    const { featureIds } = indexes.ja;
    const rows = kb.entries.flatMap((e) => e.ja.questions).flatMap((q) => featureIds.of(normalize(q), segmenter));
    expect(rows.filter((row) => row >= 0).length / rows.length).toBeGreaterThan(0.9);
  });
});
