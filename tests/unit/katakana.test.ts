import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knowledgeTexts } from '../../src/match/build-state.js';
import { buildKatakanaRestorer } from '../../src/text/katakana.js';
import { foldCharacters, foldKana } from '../../src/text/normalize.js';
import { PhraseTrie } from '../../src/text/phrase-trie.js';
import { realKnowledge } from '../helpers/knowledge.js';

/** The restorer as a replace() over each hiragana run: the full computation the shortcut must equal. */
function fullRestorer(texts: readonly string[]): (normalized: string) => string {
  const byReading = new Map<string, string>();
  for (const text of texts) {
    for (const run of foldCharacters(text).match(/[\u30A1-\u30F6]+/gu) ?? []) {
      if (run.length >= 3) byReading.set(foldKana(run), run);
    }
  }
  const readings = new PhraseTrie([...byReading.keys()].map((text) => ({ text, head: false, tail: false })));
  return (normalized) =>
    normalized.replace(/[\u3041-\u3096]+/gu, (run) =>
      run.length < 3 ? run : readings.replace(run, (m) => ` ${byReading.get(m) ?? m} `),
    );
}

const texts = knowledgeTexts(realKnowledge());
const restore = buildKatakanaRestorer(texts);
const full = fullRestorer(texts);

// Hiragana spellings of the knowledge's katakana terms, particles, kanji, Latin letters, spaces, an astral kanji.
const question = fc
  .array(
    fc.constantFrom(
      'えきすぱと',
      'まねじゃ',
      'りすく',
      'すきる',
      'こすと',
      'すぺしゃりすと',
      'の',
      'について',
      'ぷろじぇくと',
      '管理',
      'pmo',
      ' ',
      '𠮷',
      'ゔ',
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

describe('katakana restored in hiragana questions', () => {
  it('restores exactly as a replace() over every hiragana run', () => {
    fc.assert(
      fc.property(fc.oneof(question, fc.string({ maxLength: 12 })), (text) => {
        expect(restore(text)).toBe(full(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('puts a known term back in katakana and leaves other hiragana alone', () => {
    expect(restore('えきすぱとのしごと')).toContain('エキスパト');
    expect(restore('ありがとう')).toBe('ありがとう');
  });
});
