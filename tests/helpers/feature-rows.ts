import { expect } from 'vitest';
import type { FeatureIds } from '../../src/match/feature-ids.js';
import { UNKNOWN_PAIR, UNKNOWN_TERM } from '../../src/match/feature-ids.js';
import type { Vocabulary } from '../../src/match/vocabulary.js';
import type { Segmenter } from '../../src/text/segment.js';
import { features } from '../../src/text/tokenize.js';

/**
 * Asserts that the rows the matcher reads for `text` are, one for one, the
 * rows of the feature strings tokenize.ts makes of it: a known term its own
 * row, an unknown term or pair the matching "unknown" mark.
 */
export function expectRowsOfFeatureStrings(
  index: { featureIds: FeatureIds; vocabulary: Vocabulary },
  text: string,
  segmenter: Segmenter,
): void {
  const { featureIds, vocabulary } = index;
  const strings = features(text, segmenter);
  const rows = featureIds.of(text, segmenter);
  expect(rows.length).toBe(strings.length);
  rows.forEach((row, i) => {
    const term = strings[i] as string;
    const unknown = term.includes('+') ? UNKNOWN_PAIR : UNKNOWN_TERM;
    expect(row >= 0 ? featureIds.terms[row] : unknown).toBe(vocabulary.rowOf.has(term) ? term : unknown);
  });
}
