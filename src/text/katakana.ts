import { foldCharacters, foldKana } from './normalize.js';
import { PhraseTrie } from './phrase-trie.js';

// Shorter runs (ペア, チーム) collide with ordinary hiragana words too often.
const MIN_TERM_LENGTH = 3;
const KATAKANA_RUN = /[\u30A1-\u30F6]+/gu;
const HAS_HIRAGANA = /[\u3041-\u3096]/u;

export type KatakanaRestorer = (normalized: string) => string;

/**
 * People type katakana terms in hiragana (えきすぱーと, まねーじゃー) when the
 * IME does not convert. The segmenter then reads them as particles. This puts
 * back the katakana spelling of every term the knowledge uses, before
 * matching; hiragana that spells no known term is left alone.
 */
export function buildKatakanaRestorer(texts: readonly string[]): KatakanaRestorer {
  return katakanaRestorer(katakanaReadings(texts));
}

/** Every katakana term of the texts (three letters or more) by its hiragana reading: what the restorer puts back. */
export function katakanaReadings(texts: readonly string[]): Map<string, string> {
  const byReading = new Map<string, string>();
  for (const text of texts) {
    for (const run of foldCharacters(text).match(KATAKANA_RUN) ?? []) {
      if (run.length >= MIN_TERM_LENGTH) byReading.set(foldKana(run), run);
    }
  }
  return byReading;
}

/**
 * The restorer of katakanaReadings(); the prebuilt index keeps the readings,
 * as reading every knowledge text for them took some 7 % of a one-shot `ask`
 * (CPU profile).
 * Its trie is built on the first run that may hold a reading: most questions have none.
 */
export function katakanaRestorer(byReading: ReadonlyMap<string, string>): KatakanaRestorer {
  if (byReading.size === 0) return (s) => s;
  let trie: PhraseTrie | undefined;
  const readings = () => {
    trie ??= new PhraseTrie([...byReading.keys()].map((text) => ({ text, head: false, tail: false })));
    return trie;
  };
  const openings = openingPairs(byReading.keys());
  return (normalized) =>
    HAS_HIRAGANA.test(normalized) ? restoreRuns(normalized, { readings, byReading, openings }) : normalized;
}

const FIRST_HIRAGANA = 0x3041;
const HIRAGANA_LETTERS = 0x3096 - FIRST_HIRAGANA + 1;
const pairAt = (text: string, i: number) =>
  (text.charCodeAt(i) - FIRST_HIRAGANA) * HIRAGANA_LETTERS + text.charCodeAt(i + 1) - FIRST_HIRAGANA;

/** The two letters each reading opens with (readings are katakana folded to hiragana, three letters or more). */
function openingPairs(readings: Iterable<string>): Uint8Array {
  const pairs = new Uint8Array(HIRAGANA_LETTERS * HIRAGANA_LETTERS);
  for (const reading of readings) pairs[pairAt(reading, 0)] = 1;
  return pairs;
}

/** Whether a reading may start in the hiragana run [start, end): some two letters in a row open one. */
function mayHoldReading(text: string, start: number, end: number, openings: Uint8Array): boolean {
  for (let i = start; i + 1 < end; i++) if (openings[pairAt(text, i)] === 1) return true;
  return false;
}

interface Readings {
  readings: () => PhraseTrie;
  byReading: ReadonlyMap<string, string>;
  /** By openingPairs(): most runs ("について", "するための") open no reading anywhere, and need no trie walk. */
  openings: Uint8Array;
}

const isHiragana = (code: number) => code >= 0x3041 && code <= 0x3096;

/**
 * Each hiragana run of MIN_TERM_LENGTH or more with the known terms in it put
 * back in katakana; the text itself when none is (most questions): no string
 * is built per run, as a replace() with a callback did.
 */
function restoreRuns(text: string, { readings, byReading, openings }: Readings): string {
  let out = '';
  let from = 0;
  for (let start = 0; start < text.length; ) {
    if (!isHiragana(text.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < text.length && isHiragana(text.charCodeAt(end))) end++;
    if (end - start >= MIN_TERM_LENGTH && mayHoldReading(text, start, end, openings)) {
      const run = text.slice(start, end);
      const restored = readings().replace(run, (m) => ` ${byReading.get(m) ?? m} `);
      if (restored !== run) {
        out += text.slice(from, start) + restored;
        from = end;
      }
    }
    start = end;
  }
  return from === 0 ? text : out + text.slice(from);
}
