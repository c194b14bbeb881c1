import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMatcherState } from '../../src/match/build-state.js';
import { Segmenter } from '../../src/text/segment.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The segmenter answers the text it cut last with no second cut: whatever
 * order texts come in, repeated or not, as the same string or an equal one,
 * each must be cut as a segmenter that never saw another text cuts it.
 */
const { lexicon } = buildMatcherState(realKnowledge());
const segmenter = new Segmenter(lexicon);
const alone = (text: string) => new Segmenter(lexicon).segments(text);

const texts = ['pmoの役割', 'プロジェクト マネジャ の 仕事', 'what does a pmo do', 'pmp', '資格★★', '', '  ', 'ｶﾞ!'];

describe('the text cut last', () => {
  it('is cut as it is alone, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...texts), fc.boolean()), { maxLength: 10 }), (asks) => {
        for (const [text, copy] of asks) {
          const asked = copy ? [...text].join('') : text;
          expect(segmenter.segments(asked)).toEqual(alone(text));
        }
      }),
      { numRuns: 300 },
    );
  });
});
