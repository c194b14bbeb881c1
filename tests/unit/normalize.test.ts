import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCharacters, foldKana, normalize } from '../../src/text/normalize.js';
import { plainSegmenter } from '../../src/text/segment.js';
import { buildSynonymRewriter } from '../../src/text/synonyms.js';
import { wordTokens } from '../../src/text/tokenize.js';
import { foldPhrase } from '../../src/understand/phrases.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { plainFold } from '../helpers/plain-fold.js';

/** normalize() as first written, for text that holds no filler phrase. */
function plainNormalize(text: string): string {
  return plainFold(text.slice(0, 600))
    .replace(/[’‘`]/g, "'")
    .replace(/'s(?![a-z])/g, '')
    .replace(/[^\p{L}\p{N}★]+/gu, ' ')
    .trim();
}

// ASCII and not, spaces of every kind, invisible and full-width characters; no letters that spell a filler.
const mixedText = fc.string({
  unit: fc.constantFrom(..."abxPMOSs1 -?!'’ \t\n\u3000\u200b\u0007ＰＭ★エキスパ－ｰトあ合格"),
  maxLength: 30,
});

describe('normalize', () => {
  it('folds full-width letters and case (ＰＭＯ → pmo)', () => {
    expect(normalize('ＰＭＯ')).toBe(normalize('pmo'));
    expect(normalize('ＰＭＯ')).toBe('pmo');
  });

  it('makes the long-vowel spellings of マネージャー equal', () => {
    const forms = ['マネージャ', 'マネージャー', 'マネジャー', 'マネジャ'].map(normalize);
    expect(new Set(forms).size).toBe(1);
  });

  it('treats a typed hyphen or dash inside katakana as the long-vowel mark', () => {
    for (const typo of ['エキスパ-ト', 'エキスパ‐ト', 'エキスパ－ト', 'ｴｷｽﾊﾟｰﾄ']) {
      expect(normalize(typo)).toBe(normalize('エキスパート'));
    }
  });

  it('folds hiragana and katakana together after normalization', () => {
    expect(foldKana(normalize('えきすぱーと'))).toBe(foldKana(normalize('エキスパート')));
  });

  it('strips Japanese question fillers', () => {
    const bare = normalize('PMP');
    for (const q of ['PMPって何?', 'PMPとは何ですか？', 'PMPを教えてください', 'PMPについて教えて', 'PMPってなに']) {
      expect(normalize(q)).toBe(bare);
    }
  });

  it('strips English question fillers and punctuation', () => {
    expect(normalize('Can you tell me about PMP?!')).toBe('pmp');
    expect(normalize('Please, tell me about PMP.')).toBe('pmp');
  });

  it('keeps the plural of an acronym apart from PMO-S', () => {
    expect(normalize('PMOs')).toBe('pmo');
    expect(normalize('PMO-S')).toBe('pmos');
  });

  it('drops invisible characters such as zero-width spaces', () => {
    expect(normalize('P\u200bM\u200dP')).toBe('pmp');
  });

  it('folds and splits exactly as every pass on every text did (ASCII and spacing shortcuts)', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expect(foldCharacters(text)).toBe(plainFold(text));
        expect(normalize(text)).toBe(plainNormalize(text));
        expect(foldPhrase(text)).toBe(foldKana(plainFold(text)).replace(/\s+/g, ' '));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tokenization', () => {
  it('splits Japanese into words without spaces', () => {
    const tokens = wordTokens(normalize('進捗管理能力が必要'), plainSegmenter);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toContain('進捗');
  });

  it('drops English stop words and stems the rest', () => {
    expect(wordTokens(normalize('What are the skills'), plainSegmenter)).toEqual(
      wordTokens(normalize('skill'), plainSegmenter),
    );
  });
});

describe('synonyms from the glossary', () => {
  const rewrite = buildSynonymRewriter(realKnowledge().glossary);

  it('rewrites プロマネ to the same form as PM', () => {
    expect(rewrite(normalize('プロマネ'))).toBe(rewrite(normalize('PM')));
  });

  it('rewrites 情報処理推進機構 and IPA to one term', () => {
    expect(rewrite(normalize('情報処理推進機構'))).toBe(rewrite(normalize('IPA')));
  });

  it('does not fire a Latin variant inside a longer word', () => {
    expect(rewrite(normalize('administrative'))).toBe('administrative');
  });
});
