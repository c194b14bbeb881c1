import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/match/matcher.js';
import { foldKana } from '../../src/text/normalize.js';
import { foldPreparedPhrase } from '../../src/understand/phrases.js';
import { TopicNames } from '../../src/understand/topics.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { plainFold } from '../helpers/plain-fold.js';

/**
 * The topic names are found in a prepared question's kana fold, which the
 * matcher keeps, instead of folding the prepared text again: the two must
 * be the same string for every text the shortcut takes, and every other
 * text must be folded the full way.
 */

/** phrases.ts foldPhrase() as first written: the character fold, katakana to hiragana, one space per run. */
const fullPhraseFold = (text: string) => foldKana(plainFold(text)).replace(/\s+/g, ' ');

// What prepared questions are made of, and what sits at and past the edges of the shortcut's ranges:
// upper case, long vowel and hyphen, ゔゕゖ and ヵヶヷ, full-width letters, runs and ends of spaces.
const characters = fc.constantFrom(...'あかゔゕゖアガヴヵヶヷーｶ一龥豈々abcPMOs09 -\u3000★');

describe("a prepared question's phrase fold", () => {
  it('is its kana fold where the shortcut takes it, and the full fold everywhere', () => {
    fc.assert(
      fc.property(fc.string({ unit: characters, maxLength: 14 }), (text) => {
        expect(foldPreparedPhrase(text, foldKana(text))).toBe(fullPhraseFold(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the same topics as folding the prepared question again, for questions as people type them', () => {
    const kb = realKnowledge();
    const matcher = new Matcher(kb);
    const shortcut = new TopicNames(
      kb,
      (t, l) => matcher.prepareQuestion(t, l),
      undefined,
      (t, l) => matcher.foldedQuestion(t, l),
    );
    const full = new TopicNames(kb, (t, l) => matcher.prepareQuestion(t, l));
    const words = fc.constantFrom(
      ...['PMO', 'ＰＭＰ', 'プロマネ', 'ぷろじぇくとまねーじゃー', 'PMOスペシャリスト', 'エキスパート', 'pmo-s'],
      ...['の', 'と', 'って', '違い', '資格', ' ', '?', 'what is', 'admin', 'IPA', 'PJM-A', '★★'],
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 6 }), fc.constantFrom('ja', 'en' as const), (parts, lang) => {
        const text = parts.join('');
        expect(shortcut.named(text, lang).map((e) => e.id)).toEqual(full.named(text, lang).map((e) => e.id));
      }),
      { numRuns: 400 },
    );
  });
});
