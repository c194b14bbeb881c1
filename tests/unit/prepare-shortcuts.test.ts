import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isContent } from '../../src/match/feature-ids.js';
import { ExampleIndex } from '../../src/match/postings.js';
import { SentencePostings } from '../../src/match/sentence-postings.js';
import type { QueryRows } from '../../src/match/vocabulary.js';
import { Vocabulary } from '../../src/match/vocabulary.js';
import { fill } from '../../src/text/fill.js';
import { foldKana, PLAIN_VISIBLE, spacedWords } from '../../src/text/normalize.js';
import { PLAIN_CHUNKABLE } from '../../src/text/segment.js';
import { firstSeparator, NO_SEPARATOR_RUN } from '../../src/understand/smalltalk.js';

/**
 * Shortcuts of the preparation and scoring passes, each held to the full
 * computation it stands for: the expression or loop as first written.
 */

const NON_WORD = /[^\p{L}\p{N}★ ][^\p{L}\p{N}★]*| [^\p{L}\p{N}★]+/gu;
const CHUNKABLE = /^[\p{L}\p{N}★ ]*$/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}]/u;

// Letters, digits and ★ next to spaces, punctuation, emoji (surrogate pairs), lone surrogates and marks.
const spacedText = fc.string({
  unit: fc.constantFrom(
    ...[
      'a',
      'Z',
      '9',
      '★',
      'あ',
      'ー',
      '漢',
      ' ',
      '  ',
      '?',
      '、',
      '\t',
      '\u200b',
      '\u3099',
      '😀',
      '𠀋',
      '\ud800',
      '\udc00',
    ],
  ),
  maxLength: 16,
});

describe('word breaks of a normalized question', () => {
  it('puts one space for each run of other characters, exactly as the Unicode expression does', () => {
    fc.assert(
      fc.property(fc.oneof(spacedText, fc.string({ unit: 'grapheme', maxLength: 12 })), (text) => {
        expect(spacedWords(text)).toBe(text.replace(NON_WORD, ' '));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads every single BMP character as the Unicode expression does', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      if (spacedWords(text) !== text.replace(NON_WORD, ' ')) expect(code.toString(16)).toBe('the same break');
    }
  });
});

describe('character classes told by code ranges', () => {
  const everyBmpCharacter = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code));

  it('takes as ready to cut only characters the Unicode test takes', () => {
    const wrong = everyBmpCharacter.filter((c) => PLAIN_CHUNKABLE.test(c) && !CHUNKABLE.test(c));
    expect(wrong).toEqual([]);
    expect(PLAIN_CHUNKABLE.test('pmoの合格率 ★★ エキスパト')).toBe(true);
  });

  it('takes as visible only characters that are no control, format or private-use character', () => {
    const wrong = everyBmpCharacter.filter((c) => PLAIN_VISIBLE.test(c) && INVISIBLE.test(c));
    expect(wrong).toEqual([]);
    expect(PLAIN_VISIBLE.test('PMOの合格率は?')).toBe(true);
  });
});

/** Each entry's best cosine with the query, as the per-example computation does: sums in query order. */
function fullBestPerEntry(
  examples: readonly { entry: number; vector: Map<string, number> }[],
  terms: string[],
  query: QueryRows,
  entries: number,
): number[] {
  const best = new Array<number>(entries).fill(0);
  for (const { entry, vector } of examples) {
    let dot = 0;
    for (let t = 0; t < query.size; t++)
      dot += (query.weights[t] as number) * (vector.get(terms[query.rows[t] as number] as string) ?? 0);
    if (dot > (best[entry] as number)) best[entry] = dot;
  }
  return best;
}

describe('each entry’s best example', () => {
  const TERMS = ['pm', 'pmo', 'cert', 'exam', 'fee', 'role', 'skill', 'plan'];
  const vector = fc
    .uniqueArray(fc.tuple(fc.constantFrom(...TERMS), fc.double({ min: 0.01, max: 1, noNaN: true })), {
      selector: ([term]) => term,
      maxLength: TERMS.length,
    })
    .map((pairs) => new Map(pairs));
  // Few terms or most: the scoring reads the touched examples or all of them.
  const scene = fc.record({
    perEntry: fc.array(fc.array(vector, { maxLength: 5 }), { minLength: 1, maxLength: 6 }),
    query: vector,
  });

  it('is the per-example best cosine, bit for bit, whether few or most examples share a term', () => {
    const vocabulary = Vocabulary.build(new Map(TERMS.map((t) => [t, 1])), new Set(TERMS));
    fc.assert(
      fc.property(scene, ({ perEntry, query }) => {
        const examples = perEntry.flatMap((vectors, entry) => vectors.map((v) => ({ entry, vector: v })));
        const index = ExampleIndex.build(examples, perEntry.length, vocabulary);
        const rows = [...query.keys()].map((t) => vocabulary.rowOf.get(t) as number);
        const q: QueryRows = { rows, weights: [...query.values()], size: rows.length };
        const full = fullBestPerEntry(examples, TERMS, q, perEntry.length);
        // Twice: the reused arrays must hold nothing of the first question.
        expect([...index.bestPerEntry(q)]).toEqual(full);
        expect([...index.bestPerEntry(q)]).toEqual(full);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('how well each sentence of an answer matches', () => {
  const ROWS = 12;
  const vocabulary = Vocabulary.build(
    new Map(Array.from({ length: ROWS }, (_, i) => [`t${i}`, 1 + i / 10])),
    new Set(),
  );
  const rowsVector = fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: ROWS - 1 }), fc.double({ min: 0.01, max: 1, noNaN: true })), {
      selector: ([row]) => row,
      maxLength: ROWS,
    })
    .map((pairs): QueryRows => ({ rows: pairs.map(([r]) => r), weights: pairs.map(([, w]) => w), size: pairs.length }));

  it('is each sentence’s cosine with the question, bit for bit, larger or smaller than the question', () => {
    fc.assert(
      fc.property(fc.array(rowsVector, { maxLength: 6 }), rowsVector, (sentences, query) => {
        const postings = new SentencePostings(sentences);
        expect(postings.scores(query, vocabulary)).toEqual(sentences.map((s) => vocabulary.cosine(query, s)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('where a message’s opening ends', () => {
  const SEPARATOR = /[\p{P}\p{S}\p{Extended_Pictographic}]/u;
  const opening = fc.string({
    unit: fc.constantFrom(
      ...[
        'a',
        'Z',
        '0',
        ' ',
        'あ',
        'ア',
        '漢',
        '、',
        '?',
        '!',
        '★',
        '😀',
        '👍🏻',
        '𠀋',
        '\ud83d',
        '\ude00',
        '~',
        '#',
        '・',
      ],
    ),
    maxLength: 14,
  });

  it('is the first punctuation mark, symbol or pictograph, exactly as the Unicode search finds it', () => {
    fc.assert(
      fc.property(fc.oneof(opening, fc.string({ unit: 'grapheme', maxLength: 10 })), (text) => {
        expect(firstSeparator(text)).toBe(text.search(SEPARATOR));
      }),
      { numRuns: 5000 },
    );
  });

  it('skips by code range only characters that are never a separator', () => {
    const wrong = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => {
      NO_SEPARATOR_RUN.lastIndex = 0;
      return NO_SEPARATOR_RUN.test(c) && NO_SEPARATOR_RUN.lastIndex === 1 && SEPARATOR.test(c);
    });
    expect(wrong).toEqual([]);
  });
});

describe('katakana folded to hiragana', () => {
  const plainFoldKana = (text: string) =>
    text.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
  // Katakana at and past the ends of the folded range, hiragana, the long vowel, kanji, Latin, a surrogate pair.
  const kanaText = fc.string({
    unit: fc.constantFrom(...['ア', 'ァ', 'ヶ', 'ヷ', 'ヴ', 'ー', 'あ', '漢', 'p', ' ', '𠀋', '\u30a0', '\u30f7']),
    maxLength: 20,
  });

  it('turns each katakana letter into its hiragana and leaves every other character, as a replace per letter does', () => {
    fc.assert(
      fc.property(kanaText, (text) => {
        expect(foldKana(text)).toBe(plainFoldKana(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('folds a katakana run longer than one call may take arguments for', () => {
    const long = `あ${'エキスパート'.repeat(400)}漢`;
    expect(foldKana(long)).toBe(plainFoldKana(long));
  });
});

describe('kanji and katakana told apart for bigrams', () => {
  it('reads every BMP character, and astral ones, as the Unicode-script test does', () => {
    const CONTENT = /^[\p{Script=Han}\p{Script=Katakana}]$/u;
    const wrong: string[] = [];
    for (const code of [...Array.from({ length: 0x10000 }, (_, c) => c), 0x2000b, 0x1f600, 0x1b001]) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (isContent(code) !== CONTENT.test(String.fromCodePoint(code))) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

describe('placeholders filled in a UI string', () => {
  const plainFill = (template: string, values: Record<string, string | number>) =>
    template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
  const template = fc.string({
    unit: fc.constantFrom(
      ...['{', '}', 'topic', 'detail', 'x_1', ' ', 'の', '{topic}', '{detail}', '{nope}', '{}', '{{'],
    ),
    maxLength: 12,
  });
  const values = fc.dictionary(
    fc.constantFrom('topic', 'detail', 'x_1', 'toString'),
    fc.oneof(fc.string(), fc.integer()),
  );

  it('fills exactly as one replace over the template does, the same template again and again', () => {
    fc.assert(
      fc.property(template, values, (t, v) => {
        expect(fill(t, v)).toBe(plainFill(t, v));
        expect(fill(t, v)).toBe(plainFill(t, v));
      }),
      { numRuns: 3000 },
    );
  });
});
