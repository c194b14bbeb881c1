import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier } from '../../src/match/classifier.js';
import { TopScores } from '../../src/match/top-scores.js';
import { TypoCorrector } from '../../src/match/typos.js';
import type { QueryRows } from '../../src/match/vocabulary.js';
import { PLAIN_WORD_RUN } from '../../src/text/normalize.js';
import { plainSegmenter } from '../../src/text/segment.js';

/**
 * Shortcuts of a warm answer (round 6b), each held to the full computation it
 * stands for: the loop or expression as first written.
 */

/** The classifier's logits term by term, each logit read and written back per term, then softmax. */
function fullPredict(classes: number, weights: Float64Array | Float32Array, rows: Int32Array, query: QueryRows) {
  const logits = new Float64Array(classes);
  for (let t = 0; t < query.size; t++) {
    const row = rows[query.rows[t] as number] ?? -1;
    if (row < 0) continue;
    const x = query.weights[t] as number;
    for (let c = 0; c < classes; c++) logits[c] = (logits[c] as number) + (weights[row * classes + c] as number) * x;
  }
  const max = Math.max(...logits);
  const exps = [...logits].map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

describe('class probabilities of a question', () => {
  const VOCABULARY = 12;
  const model = fc.integer({ min: 1, max: 9 }).chain((classes) =>
    fc.record({
      classes: fc.constant(classes),
      // Terms 0..7 were seen in training (rows in any order), the others were not.
      rows: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8 }).map((order) => {
        const rows = new Int32Array(VOCABULARY).fill(-1);
        order.forEach((weightRow, term) => {
          rows[term] = weightRow;
        });
        return rows;
      }),
      weights: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
        minLength: 8 * classes,
        maxLength: 8 * classes,
      }),
      float32: fc.boolean(),
    }),
  );
  // Up to a dozen terms: four at a time, and what is left over one at a time.
  const query = fc.uniqueArray(fc.integer({ min: 0, max: VOCABULARY - 1 }), { maxLength: VOCABULARY }).chain((rows) =>
    fc.record({
      rows: fc.constant(rows),
      weights: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), {
        minLength: rows.length,
        maxLength: rows.length,
      }),
    }),
  );

  it('is the term-by-term sum of the weights, bit for bit, whatever the number of terms', () => {
    fc.assert(
      fc.property(model, fc.array(query, { minLength: 1, maxLength: 3 }), (m, questions) => {
        const weights = m.float32 ? Float32Array.from(m.weights) : Float64Array.from(m.weights);
        const classifier = SoftmaxClassifier.fromState({ classes: m.classes, weights, rows: m.rows });
        // Several questions through one model: the arrays it reuses must hold nothing of the one before.
        for (const q of questions) {
          const rows: QueryRows = { rows: q.rows, weights: q.weights, size: q.rows.length };
          expect([...classifier.predict(rows)]).toEqual(fullPredict(m.classes, weights, m.rows, rows));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('takes questions longer than any before', () => {
    const rows = new Int32Array(200).map((_, i) => i % 3);
    const weights = Float64Array.from({ length: 6 }, (_, i) => i / 7);
    const classifier = SoftmaxClassifier.fromState({ classes: 2, weights, rows });
    const long: QueryRows = { rows: [...rows.keys()], weights: [...rows].map((r) => 1 / (r + 2)), size: 200 };
    expect([...classifier.predict(long)]).toEqual(fullPredict(2, weights, rows, long));
  });
});

describe('runs of letters a normalized question skips whole', () => {
  it('holds only characters that are letters or digits to the Unicode test', () => {
    const WORD_CHARACTER = /^[\p{L}\p{N}★]$/u;
    const whole = new RegExp(`^(?:${PLAIN_WORD_RUN.source})$`);
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (whole.test(c) && !WORD_CHARACTER.test(c)) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(whole.test('pmoの合格率はエキスパト')).toBe(true);
  });
});

describe('the best few entries of a question', () => {
  // Few distinct values, so ties are common; zero and below are never offered, as in ranking.
  const scores = fc.array(fc.constantFrom(0.1, 0.2, 0.25, 0.5, 0.9, 1.2), { maxLength: 30 });

  it('are the first five of a stable sort by score, best first, question after question', () => {
    const top = new TopScores(5);
    fc.assert(
      fc.property(fc.array(scores, { minLength: 1, maxLength: 3 }), (questions) => {
        for (const list of questions) {
          top.clear();
          list.forEach((score, i) => {
            top.offer(i, score);
          });
          const kept = Array.from({ length: top.size }, (_, k) => [top.index(k), top.score(k)]);
          const sorted = list.map((score, i) => [i, score]).sort((a, b) => (b[1] as number) - (a[1] as number));
          expect(kept).toEqual(sorted.slice(0, 5));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('typos corrected in a one-chunk question', () => {
  const corrector = new TypoCorrector(
    ['certification administrator expert schedule', 'すけじゅーる まねじめんと の 資格'],
    plainSegmenter,
  );
  // Known words, their typos, particles and kanji, with no space: the question is one chunk.
  const chunk = fc
    .array(
      fc.constantFrom(
        'certificaton',
        'adminstrator',
        'expret',
        'pmo',
        'すけじゅうる',
        'まねじめんと',
        'の',
        '資格',
        'は',
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.join(''));

  it('is corrected exactly as the same chunk split off from the rest of a question', () => {
    fc.assert(
      fc.property(chunk, (text) => {
        expect(corrector.correctText(text)).toBe(corrector.correctText(`${text} `).slice(0, -1));
      }),
      { numRuns: 500 },
    );
    expect(corrector.correctText('certificaton')).toBe('certification');
  });
});
