import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameTexts } from '../../src/knowledge/names.js';
import { buildMatcherState, knowledgeTexts } from '../../src/match/build-state.js';
import { normalize } from '../../src/text/normalize.js';
import { plainSegmenter, Segmenter } from '../../src/text/segment.js';
import { buildSynonymRewriter } from '../../src/text/synonyms.js';
import { realKnowledge } from '../helpers/knowledge.js';

const kb = realKnowledge();
const { lexicon } = buildMatcherState(kb);
const segmenter = new Segmenter(lexicon);
const rewrite = buildSynonymRewriter(kb.glossary);
const prepare = (text: string) => rewrite(normalize(text));

const icu = new Intl.Segmenter('ja', { granularity: 'word' });
const icuWords = (text: string) => [...icu.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
const words = (text: string, by: Segmenter = segmenter) =>
  by.segments(text).flatMap((s) => (s.isWordLike ? [s.text] : []));
const rejoined = (text: string, by: Segmenter = segmenter) => by.segments(text).reduce((out, s) => out + s.text, '');
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

// Kana, kanji, Latin letters, digits, ★ and spaces: what normalize() leaves of a question.
const normalizedText = fc.string({
  unit: fc.constantFrom(
    ...'あいうえおかきくけこのはがをにでとってするプロジェクトマネジャエキスパト管理試験合格率資格仕事何違いabcpmo019★  ',
  ),
  maxLength: 40,
});

describe('Japanese segmentation with the knowledge’s lexicon', () => {
  it('cuts nearly every text of the knowledge as Intl.Segmenter did when the words were learnt', () => {
    expect(lexicon.words.size).toBeGreaterThan(500);
    const texts = knowledgeTexts(kb)
      .map(prepare)
      .filter((text) => JAPANESE.test(text));
    const same = texts.filter((text) => words(text).join('|') === icuWords(text).join('|'));
    expect(same.length / texts.length).toBeGreaterThan(0.93);
  });

  it('cuts a topic’s name inside a question as it cuts the name itself, so question and knowledge share its words', () => {
    // A glossary term keeps the cut Intl.Segmenter gave it alone (English reads as before), not this one.
    const terms = new Set(lexicon.terms.keys());
    const names = nameTexts(kb)
      .map(prepare)
      .filter((name) => JAPANESE.test(name) && !terms.has(name));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      for (const question of [`${name}について知りたい`, `${name}の資格は`, `${name}って何`]) {
        expect(words(prepare(question)).slice(0, words(name).length)).toEqual(words(name));
      }
    }
  });

  it('cuts the glossary’s terms exactly as Intl.Segmenter does, as the index was built with them', () => {
    for (const { canonical } of kb.glossary.synonyms) {
      const term = normalize(canonical);
      expect(words(term)).toEqual(icuWords(term));
    }
  });

  it('keeps katakana compounds, particles and verbs apart in a plain question', () => {
    expect(words(prepare('プロジェクトマネージャーの役割は何ですか'))).toEqual(['pm', 'の', '役割', 'は', '何']);
    expect(words(prepare('PMOアドミニストレーターに向いている人'))).toContain('アドミニストレタ');
    expect(words(prepare('進捗管理の進め方'))).toEqual(expect.arrayContaining(['進捗', '管理', 'の']));
  });

  it('gives back the whole text and never throws, whatever the characters', () => {
    fc.assert(
      fc.property(fc.oneof(normalizedText, fc.string({ maxLength: 40, unit: 'binary' })), (text) => {
        expect(rejoined(text)).toBe(text);
        expect(rejoined(text, plainSegmenter)).toBe(text);
        expect(rejoined(normalize(text))).toBe(normalize(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts a long run of kana or kanji it does not know without stalling', () => {
    const long = '漢'.repeat(5000) + 'あ'.repeat(5000);
    const started = performance.now();
    expect(rejoined(long)).toBe(long);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('text without kana or kanji (English)', () => {
  it('finds exactly the words Intl.Segmenter finds, so English answers do not change', () => {
    const latin = fc.string({ unit: fc.constantFrom(...'abcdefxyz019★é  '), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(latin, fc.string({ maxLength: 40 }).map(normalize)), (text) => {
        fc.pre(!JAPANESE.test(text));
        expect(words(text)).toEqual(icuWords(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads text that is not normalized (punctuation, apostrophes) as Intl.Segmenter does', () => {
    for (const text of ["can't stop", '3.5 pmo', 'ＰＭＯ\u0301 x']) expect(words(text)).toEqual(icuWords(text));
  });
});
