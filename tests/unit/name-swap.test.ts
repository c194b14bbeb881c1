import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entry, Lang } from '../../src/knowledge/schema.js';
import { NameSwap } from '../../src/understand/name-swap.js';
import { realKnowledge } from '../helpers/knowledge.js';

/** NameSwap.into with every swap tried on every message: the full computation the shortcut must equal. */
function fullInto(entries: readonly Entry[]): (text: string, lang: Lang) => string | undefined {
  const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
  const escapeName = (name: string) => name.normalize('NFKC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = (name: string) => {
    if (japanese.test(name)) return new RegExp(escapeName(name), 'gu');
    const before = /\s/.test(name) ? '(?<![A-Za-z])' : String.raw`(?<![A-Za-z][\s-]*)`;
    return new RegExp(`${before}${escapeName(name)}(?![A-Za-z])`, 'giu');
  };
  const swapsInto = (lang: Lang) => {
    const own = (name: string) => japanese.test(name) === (lang === 'ja');
    const swaps: { from: string; to: string }[] = [];
    for (const entry of entries) {
      const to = entry.names.find((n) => own(n) && !/^[A-Z0-9-]+$/.test(n));
      if (to) for (const from of entry.names) if (!own(from) && !/^[A-Z0-9-]+$/.test(from)) swaps.push({ from, to });
    }
    swaps.sort((a, b) => b.from.length - a.from.length);
    return swaps.map(({ from, to }) => ({ re: pattern(from), to }));
  };
  const swaps = { ja: swapsInto('ja'), en: swapsInto('en') };
  return (text, lang) => {
    let swapped = text.normalize('NFKC');
    for (const { re, to } of swaps[lang]) swapped = swapped.replace(re, to);
    return swapped === text.normalize('NFKC') ? undefined : swapped;
  };
}

const { entries } = realKnowledge();
const swap = new NameSwap(entries);
const full = fullInto(entries);
const names = entries.flatMap((e) => e.names);

// Topic names of both languages in any case, beside letters, hyphens and Japanese that may or may not make them words.
const message = fc
  .array(
    fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(...names).map((n) => n.toUpperCase()),
      fc.constantFrom(' ', 'x', '-', 'の', 'って何?', 'ＰＭＯ', 'what is '),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

describe('topic names swapped into the message’s language', () => {
  it('swaps exactly as trying every swap on every message does', () => {
    fc.assert(
      fc.property(message, fc.constantFrom<Lang>('ja', 'en'), (text, lang) => {
        expect(swap.into(text, lang)).toBe(full(text, lang));
      }),
      { numRuns: 3000 },
    );
  });
});
