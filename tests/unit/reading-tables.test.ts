import { describe, expect, it } from 'vitest';
import { nameTexts } from '../../src/knowledge/names.js';
import { buildMatcherState, knowledgeTexts } from '../../src/match/build-state.js';
import { Matcher } from '../../src/match/matcher.js';
import { primeMatcherState } from '../../src/match/state.js';
import { buildKatakanaRestorer, katakanaReadings, katakanaRestorer } from '../../src/text/katakana.js';
import { buildSynonymRewriter, synonymRewriter } from '../../src/text/synonyms.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The tables a start reads questions with (match/state.ts ReadingState) come
 * with the matcher's state and the prebuilt index instead of being worked out
 * from the knowledge at every start: they must read every text exactly as
 * the work they stand for did.
 */
const kb = realKnowledge();
const state = buildMatcherState(kb);

/** A matcher from the same state without the prepared names: it prepares each name through the whole pipeline. */
function matcherPreparingNames(): Matcher {
  const names = { ja: new Map<string, string>(), en: new Map<string, string>() };
  primeMatcherState(kb, { ...state, reading: { ...state.reading, names } });
  return new Matcher(kb);
}

describe('reading tables kept with the matcher state', () => {
  it('hold every topic name as the question pipeline prepares it, in both languages', () => {
    const matcher = matcherPreparingNames();
    const texts = nameTexts(kb);
    expect(texts.length).toBeGreaterThan(100);
    for (const lang of ['ja', 'en'] as const) {
      const table = state.reading.names[lang];
      expect([...table.keys()].sort()).toEqual([...new Set(texts)].sort());
      const differing = texts.filter((name) => table.get(name) !== matcher.prepareQuestion(name, lang));
      expect(differing).toEqual([]);
    }
    // Names the pipeline changes (a glossary variant rewritten, a katakana term restored): the table is no copy of its keys.
    expect(texts.filter((name) => state.reading.names.en.get(name) !== name).length).toBeGreaterThan(10);
  });

  it('restore katakana from the kept readings as from the knowledge texts', () => {
    const restore = katakanaRestorer(state.reading.katakana);
    const fromTexts = buildKatakanaRestorer(knowledgeTexts(kb));
    expect(state.reading.katakana).toEqual(katakanaReadings(knowledgeTexts(kb)));
    // Normalized as questions reach it: long vowel marks are gone.
    for (const typed of ['pmoえきすぱとになるには', 'まねじゃのしごと', 'ありがとう', 'ぷろじぇくとのりすく']) {
      expect(restore(typed)).toBe(fromTexts(typed));
    }
    expect(restore('pmoえきすぱとになるには')).not.toBe('pmoえきすぱとになるには');
  });

  it('rewrite glossary variants from the kept table as from the glossary', () => {
    const rewrite = synonymRewriter(state.reading.synonyms);
    const fromGlossary = buildSynonymRewriter(kb.glossary);
    expect(state.reading.synonyms.size).toBeGreaterThan(50);
    for (const variant of state.reading.synonyms.keys()) {
      const text = `what is ${variant} here`;
      expect(rewrite(text)).toBe(fromGlossary(text));
      expect(rewrite(text)).not.toBe(text);
    }
  });
});
