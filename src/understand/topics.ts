import type { KnowledgeBase } from '../knowledge/load.js';
import type { Entry, Lang } from '../knowledge/schema.js';
import { PhraseSet } from './phrases.js';

/** Text as the matcher sees it (normalized, typo-corrected, glossary-rewritten), so names meet their variants. */
export type Prepare = (text: string, lang: Lang) => string;

export interface Comparison {
  /** The two entries asked about, in the order the question names them. */
  sides: [Entry, Entry];
  /** An entry that is itself this comparison (pm-vs-pmo for PM and PMO), when the knowledge has one. */
  answeredBy?: Entry | undefined;
}

/**
 * Which topics a question names (PMP, PMOエキスパート, "PMO expert") and
 * whether it asks to compare two of them. Names come from the entries'
 * `names`; comparison words from details.yaml.
 */
export class TopicNames {
  private readonly idByName = new Map<string, string>();
  private readonly names: Record<Lang, PhraseSet>;
  private readonly cues: PhraseSet;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly prepare: Prepare,
  ) {
    const prepared: Record<Lang, string[]> = { ja: [], en: [] };
    for (const entry of kb.entries) {
      for (const lang of ['ja', 'en'] as const) {
        for (const name of entry.names) {
          const key = prepare(name, lang);
          prepared[lang].push(key);
          if (!this.idByName.has(`${lang}:${key}`)) this.idByName.set(`${lang}:${key}`, entry.id);
        }
      }
    }
    this.names = { ja: new PhraseSet(prepared.ja), en: new PhraseSet(prepared.en) };
    this.cues = new PhraseSet([...(kb.details?.comparison.ja ?? []), ...(kb.details?.comparison.en ?? [])]);
  }

  /** Entries the question names, first mention first, each once. */
  named(text: string, lang: Lang): Entry[] {
    const ids = this.names[lang]
      .findOriginal(this.prepare(text, lang))
      .flatMap((name) => this.idByName.get(`${lang}:${name}`) ?? []);
    return [...new Set(ids)].flatMap((id) => this.kb.byId.get(id) ?? []);
  }

  /** Two named topics plus a comparison word ("違い", "or", "which") make a comparison. */
  comparison(text: string, lang: Lang): Comparison | undefined {
    if (!this.cues.has(text)) return undefined;
    const pair = pickPair(this.named(text, lang));
    if (!pair) return undefined;
    const [a, b] = pair;
    const answeredBy = this.kb.entries.find((e) => e.compares?.includes(a.id) && e.compares.includes(b.id));
    return { sides: pair, answeredBy };
  }
}

/** Prefers two topics of one kind ("IPA or PMP for a PM?" compares the certifications, not PM with PMP). */
function pickPair(named: readonly Entry[]): [Entry, Entry] | undefined {
  for (const [i, a] of named.entries()) {
    const b = named.slice(i + 1).find((e) => e.category === a.category);
    if (b) return [a, b];
  }
  const [a, b] = named;
  return a && b ? [a, b] : undefined;
}
