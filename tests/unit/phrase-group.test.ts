import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseGroup } from '../../src/text/phrase-group.js';
import { PhraseTrie, wordPhrase } from '../../src/text/phrase-trie.js';

/**
 * Phrase lists scanned together must each find exactly what their own trie
 * finds alone: the longest phrase at each place, then on after it, with
 * Latin phrases as whole words only.
 */

// Latin letters and digits (word boundaries), kana and kanji, spaces: phrases overlap and nest.
const letters = fc.constantFrom(...'abo1 のはPM管理かいぎ');
const phrase = fc.string({ unit: letters, minLength: 1, maxLength: 4 });
const lists = fc.array(fc.uniqueArray(phrase, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });
const text = fc.string({ unit: letters, maxLength: 30 });

describe('phrase lists scanned together', () => {
  it('find for each list exactly what its own trie finds', () => {
    fc.assert(
      fc.property(lists, fc.array(text, { minLength: 1, maxLength: 6 }), (phraseLists, texts) => {
        const group = new PhraseGroup();
        const members = phraseLists.map((list) => group.join(list) as number);
        const tries = phraseLists.map((list) => new PhraseTrie(list.map(wordPhrase)));
        // Several texts in turn, and the first again: a scan kept for one text is never another's.
        for (const t of [...texts, texts[0] as string]) {
          phraseLists.forEach((_, i) => {
            const alone = tries[i]?.hits(t).map((hit) => hit.phrase);
            expect(group.hitsOf(t, members[i] as number)).toEqual(alone);
          });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds in a message as written what it finds in the message folded, whichever was asked about before', () => {
    // Upper case folds to lower: the written and the folded text differ.
    const written = fc.string({ unit: fc.constantFrom(...'abO1 のはPm管理かいぎ'), maxLength: 20 });
    const fold = (t: string) => t.toLowerCase();
    fc.assert(
      fc.property(lists, fc.array(written, { minLength: 1, maxLength: 6 }), (phraseLists, texts) => {
        const group = new PhraseGroup();
        const members = phraseLists.map((list) => group.join(list) as number);
        const tries = phraseLists.map((list) => new PhraseTrie(list.map(wordPhrase)));
        // Texts in turn, each asked of every list, folded and as written mixed, and the first again.
        for (const t of [...texts, texts[0] as string]) {
          phraseLists.forEach((_, i) => {
            const alone = tries[i]?.hits(fold(t)).map((hit) => hit.phrase);
            const found =
              i % 2 === 0
                ? group.hitsOfWritten(t, fold, members[i] as number)
                : group.hitsOf(fold(t), members[i] as number);
            expect(found).toEqual(alone);
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('takes no more lists than it has bits for, so a list past them is scanned alone', () => {
    const group = new PhraseGroup();
    const joined = Array.from({ length: 40 }, (_, i) => group.join([`p${i}`]));
    expect(joined.filter((m) => m !== undefined)).toHaveLength(31);
    expect(group.hitsOf('p0 p30 p31', 30)).toEqual(['p30']);
  });
});
