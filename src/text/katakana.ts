import { foldCharacters, foldKana } from './normalize.js';
import { PhraseTrie } from './phrase-trie.js';

// Shorter runs (ペア, チーム) collide with ordinary hiragana words too often.
const MIN_TERM_LENGTH = 3;
const KATAKANA_RUN = /[\u30A1-\u30F6]+/gu;
const HIRAGANA_RUN = /[\u3041-\u3096]+/gu;
const HAS_HIRAGANA = /[\u3041-\u3096]/u;

export type KatakanaRestorer = (normalized: string) => string;

/**
 * People type katakana terms in hiragana (えきすぱーと, まねーじゃー) when the
 * IME does not convert. The segmenter then reads them as particles. This puts
 * back the katakana spelling of every term the knowledge uses, before
 * matching; hiragana that spells no known term is left alone.
 */
export function buildKatakanaRestorer(texts: readonly string[]): KatakanaRestorer {
  const byReading = new Map<string, string>();
  for (const text of texts) {
    for (const run of foldCharacters(text).match(KATAKANA_RUN) ?? []) {
      if (run.length >= MIN_TERM_LENGTH) byReading.set(foldKana(run), run);
    }
  }
  if (byReading.size === 0) return (s) => s;
  const readings = new PhraseTrie([...byReading.keys()].map((text) => ({ text, head: false, tail: false })));
  // An English question holds no hiragana: a test, not a replace walking it for none.
  return (normalized) =>
    HAS_HIRAGANA.test(normalized)
      ? normalized.replace(HIRAGANA_RUN, (run) =>
          run.length < MIN_TERM_LENGTH ? run : readings.replace(run, (m) => ` ${byReading.get(m) ?? m} `),
        )
      : normalized;
}
