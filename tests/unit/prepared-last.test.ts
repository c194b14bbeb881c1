import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/knowledge/schema.js';
import { Matcher } from '../../src/match/matcher.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The matcher reads the text it read last with no memo lookup: whatever order
 * texts come in, repeated or not, each must read as a matcher that never saw
 * another text reads it.
 */
const kb = realKnowledge();
const matcher = new Matcher(kb);
const fresh = new Map<string, { prepared: string; match: unknown }>();
function alone(text: string, lang: Lang) {
  const key = `${lang}\u0000${text}`;
  let known = fresh.get(key);
  if (!known) {
    const own = new Matcher(kb);
    known = { prepared: own.prepareQuestion(text, lang), match: own.match(text, lang) };
    fresh.set(key, known);
  }
  return known;
}

const texts = [
  'PMOの役割は?',
  'ＰＭＰの受験料',
  'what does a PMO do',
  'pmoとpmの違い',
  'ぷろじぇくとまねーじゃー',
  'PMO',
];

describe('the text read last', () => {
  it('reads as it does alone, in any order and in either language', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...texts), fc.constantFrom<Lang>('ja', 'en'), fc.boolean()), {
          maxLength: 12,
        }),
        (asks) => {
          for (const [text, lang, copy] of asks) {
            // The same words as another string, too: the text is told by what it says.
            const asked = copy ? [...text].join('') : text;
            expect(matcher.prepareQuestion(asked, lang)).toBe(alone(text, lang).prepared);
            expect(matcher.match(asked, lang)).toEqual(alone(text, lang).match);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
