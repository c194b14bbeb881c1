import type { Entry, Lang } from '../knowledge/schema.js';

const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
// Acronyms (PM, PMP, PJM-A) read the same in both languages: nothing to swap.
const ACRONYM = /^[A-Z0-9-]+$/;

interface Swap {
  pattern: RegExp;
  to: string;
  /** The name replaced, NFKC-folded and escaped for a regular expression. */
  name: string;
}

/**
 * A message mixing the two languages names a topic in the other language's
 * words: 「progress managementってPMに必要?」, "what is PMOエキスパート?". The
 * examples of the message's own language know that topic under its own name,
 * so the name is put back into that language (進捗管理, "PMO expert") for one
 * more reading of the message.
 */
export class NameSwap {
  /** By language, made on its first message: a one-shot `ask` reads one of the two. */
  private readonly swaps = new Map<Lang, LanguageSwaps>();

  constructor(private readonly entries: readonly Entry[]) {}

  /** The text with other-language topic names in `lang`, or undefined when it names none. */
  into(text: string, lang: Lang): string | undefined {
    const { swaps, anyName } = this.swapsInto(lang);
    const folded = text.normalize('NFKC');
    // A swap only ever replaces a name it finds, so with none found first, none is found later either.
    if (!anyName?.test(folded)) return undefined;
    let swapped = folded;
    for (const { pattern, to } of swaps) swapped = swapped.replace(pattern, to);
    return swapped === folded ? undefined : swapped;
  }

  private swapsInto(lang: Lang): LanguageSwaps {
    let made = this.swaps.get(lang);
    if (!made) {
      const swaps = swapsInto(lang, this.entries);
      made = { swaps, anyName: anyOf(swaps) };
      this.swaps.set(lang, made);
    }
    return made;
  }
}

interface LanguageSwaps {
  swaps: Swap[];
  /** Any name a swap replaces, in any case: a message with none of them needs no swap tried. */
  anyName: RegExp | undefined;
}

/** Every swap's name without its word boundaries, case-insensitive: it finds whatever a swap's own pattern finds, and more. */
function anyOf(swaps: readonly Swap[]): RegExp | undefined {
  return swaps.length > 0 ? new RegExp(swaps.map((s) => s.name).join('|'), 'iu') : undefined;
}

function swapsInto(lang: Lang, entries: readonly Entry[]): Swap[] {
  const ownScript = (name: string) => JAPANESE_SCRIPT.test(name) === (lang === 'ja');
  const swaps: { from: string; to: string }[] = [];
  for (const entry of entries) {
    const to = entry.names.find((n) => ownScript(n) && !ACRONYM.test(n));
    if (!to) continue;
    for (const from of entry.names) if (!ownScript(from) && !ACRONYM.test(from)) swaps.push({ from, to });
  }
  // Longest first: "PMO administrator" before "administrator".
  swaps.sort((a, b) => b.from.length - a.from.length);
  return swaps.map(({ from, to }) => ({ pattern: wordPattern(from), to, name: escaped(from) }));
}

function escaped(name: string): string {
  return name.normalize('NFKC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(name: string): RegExp {
  if (JAPANESE_SCRIPT.test(name)) return new RegExp(escaped(name), 'gu');
  // Latin names are whole words only ("admin" not inside "administration"), and a one-word name
  // not right after another word: "portfolio manager" is no PMO manager.
  const before = /\s/.test(name) ? '(?<![A-Za-z])' : String.raw`(?<![A-Za-z][\s-]*)`;
  return new RegExp(`${before}${escaped(name)}(?![A-Za-z])`, 'giu');
}
