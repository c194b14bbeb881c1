import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Phrase, PhraseTrie } from '../../src/text/phrase-trie.js';
import { foldPhrase, PhraseSet } from '../../src/understand/phrases.js';

/** What PhraseSet did before its trie: one regular expression, longest phrase first, Latin ends as word boundaries. */
function reference(phrases: readonly string[]): RegExp {
  const keys = [...new Set(phrases.map(foldPhrase).filter(Boolean))].sort((a, b) => b.length - a.length);
  const alternatives = keys.map((key) => {
    const body = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    const head = /^[a-z0-9]/.test(key) ? '(?<![a-z0-9])' : '';
    const tail = /[a-z0-9]$/.test(key) ? '(?![a-z0-9])' : '';
    return `${head}${body}${tail}`;
  });
  return new RegExp(alternatives.join('|'), 'gu');
}

/** The synonym rewriter's expression before its trie: longest first, each variant with its own boundaries. */
function boundedAlternation(phrases: readonly Phrase[]): RegExp {
  const first = new Map<string, Phrase>();
  for (const p of phrases) if (!first.has(p.text)) first.set(p.text, p);
  const alternatives = [...first.values()]
    .sort((a, b) => b.text.length - a.text.length)
    .map(({ text, head, tail }) => {
      const body = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `${head ? '(?<![a-z0-9])' : ''}${body}${tail ? '(?![a-z0-9])' : ''}`;
    });
  return new RegExp(alternatives.join('|'), 'g');
}

// Few letters, so phrases overlap, nest and sit inside words often.
const text = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'abo1 あいアイ合格.ー'), maxLength });

describe('phrase lists', () => {
  it('find and remove exactly what the longest-first regular expression found', () => {
    fc.assert(
      fc.property(fc.array(text(5), { minLength: 1, maxLength: 12 }), text(30), (phrases, message) => {
        const set = new PhraseSet(phrases);
        const pattern = reference(phrases);
        if (pattern.source === '(?:)') return;
        const folded = foldPhrase(message);
        expect(set.find(message)).toEqual([...folded.matchAll(pattern)].map((m) => m[0]));
        expect(set.remove(message)).toBe(folded.replace(pattern, ' '));
      }),
      { numRuns: 3000 },
    );
  });

  it('as a trie (glossary variants, katakana readings) replace what the longest-first expression replaced', () => {
    const phrase = fc.record({ text: text(5).filter(Boolean), head: fc.boolean(), tail: fc.boolean() });
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 12 }), text(30), (phrases, message) => {
        const trie = new PhraseTrie(phrases);
        const expected = message.replace(boundedAlternation(phrases), (m) => `<${m}>`);
        expect(trie.replace(message, (m) => `<${m}>`)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('match whole Latin words only, and the longest phrase at a place', () => {
    const set = new PhraseSet(['ok', 'pass rate', 'pass', '合格', '合格率']);
    expect(set.find('book a pass rate, ok?')).toEqual(['pass rate', 'ok']);
    expect(set.find('合格率は?')).toEqual(['合格率']);
    expect(set.has('bookkeeping')).toBe(false);
  });
});
