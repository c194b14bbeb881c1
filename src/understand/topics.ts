import type { KnowledgeBase } from '../knowledge/load.js';
import { possessiveNames, spellings } from '../knowledge/names.js';
import type { Entry, Lang } from '../knowledge/schema.js';
import type { PhraseGroup } from '../text/phrase-group.js';
import { foldPhrase, PhraseSet } from './phrases.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text as the matcher sees it (normalized, typo-corrected, glossary-rewritten), so names meet their variants. */
export type Prepare = (text: string, lang: Lang) => string;
/** Prepare's text kana-folded, as the matcher keeps it (Matcher.foldedQuestion). */
export type PrepareFolded = Prepare;

export interface Comparison {
  /** The two entries asked about, in the order the question names them. */
  sides: [Entry, Entry];
  /** An entry that is itself this comparison (pm-vs-pmo for PM and PMO), when the knowledge has one. */
  answeredBy?: Entry | undefined;
  /** The pair as named, before an aspect replaced it (PM and PMO for career-pm and career-pmo). */
  named: [Entry, Entry];
  /** The question asks outright how they differ (違い, "difference"), not merely "which" or "or". */
  contrast: boolean;
}

/**
 * Which topics a question names (PMP, PMOエキスパート, "PMO expert") and
 * whether it asks to compare two of them. Names come from the entries'
 * `names`; comparison words from details.yaml.
 */
export class TopicNames {
  /** By language: which entry (or none) each prepared name names. */
  private readonly idByName: Record<Lang, Map<string, string>> = { ja: new Map(), en: new Map() };
  /** Each entry's names as prepared, by language and entry id. */
  private readonly preparedNames = new Map<string, string[]>();
  private readonly narrowing: RegExp | undefined;
  /** Built per language on first use: a one-shot `ask` reads one language, and preparing names is most of start-up. */
  private readonly names = new Map<Lang, PhraseSet>();
  private readonly cues: PhraseSet;
  private readonly contrasts: PhraseSet;
  private readonly ranking: PhraseSet;
  private readonly aspects: { category: string; words: PhraseSet }[];

  /** @param folded the prepared text kana-folded, kept by the matcher: the names' fold of most questions */
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly prepare: Prepare,
    group?: PhraseGroup,
    private readonly folded?: PrepareFolded,
  ) {
    const { contrast, comparison } = kb.details ?? { contrast: { ja: [], en: [] }, comparison: { ja: [], en: [] } };
    this.contrasts = new PhraseSet([...contrast.ja, ...contrast.en], group);
    this.cues = new PhraseSet([...contrast.ja, ...contrast.en, ...comparison.ja, ...comparison.en], group);
    const narrowing = kb.details?.narrowing;
    const words = narrowing ? [...narrowing.ja, ...narrowing.en].map((w) => escapeRegExp(foldPhrase(w))) : [];
    this.narrowing =
      words.length > 0 ? new RegExp(`(?:^|[^a-z])(?:${words.join('|')})\\s*(?:(?:a|an|the)\\s+)?`, 'gu') : undefined;
    const ranking = kb.details?.ranking;
    this.ranking = new PhraseSet(ranking ? [...ranking.ja, ...ranking.en] : [], group);
    this.aspects = Object.entries(kb.details?.aspects ?? {}).flatMap(([category, words]) =>
      words ? [{ category, words: new PhraseSet(words, group) }] : [],
    );
  }

  /** Entries the question names, first mention first, each once. */
  named(text: string, lang: Lang): Entry[] {
    return this.namedIn(this.prepare(text, lang), lang, this.folded?.(text, lang));
  }

  /** Every entry's names in `lang` as prepared, and which entry (or none) each one names. */
  private namesIn(lang: Lang): PhraseSet {
    const built = this.names.get(lang);
    if (built) return built;
    const prepared: string[] = [];
    const add = (name: string, id: string) => {
      const key = this.prepare(name, lang);
      prepared.push(key);
      if (!this.idByName[lang].has(key)) this.idByName[lang].set(key, id);
      return key;
    };
    for (const entry of this.kb.entries) {
      this.preparedNames.set(
        `${lang}:${entry.id}`,
        entry.names.flatMap(spellings).map((name) => add(name, entry.id)),
      );
    }
    if (lang === 'en') for (const name of possessiveNames(this.kb)) add(name, NOT_A_TOPIC);
    const names = new PhraseSet(prepared);
    this.names.set(lang, names);
    return names;
  }

  /** As `named`, for text the matcher already prepared (saves normalizing it twice); `kanaFolded` is foldKana(prepared). */
  namedIn(prepared: string, lang: Lang, kanaFolded?: string): Entry[] {
    const names = this.namesIn(lang).findOriginal(prepared, kanaFolded);
    const idByName = this.idByName[lang];
    const named: Entry[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      const id = idByName.get(name);
      // NOT_A_TOPIC ('') is a name that names nothing (a possessive phrase).
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const entry = this.kb.byId.get(id);
      if (entry) named.push(entry);
    }
    return named;
  }

  /** The categories the text names an aspect of ("which certification…": certifications). */
  aspectsAsked(text: string): string[] {
    return this.aspects.filter(({ words }) => words.has(text)).map(({ category }) => category);
  }

  /** Prepared text with every topic name taken out: what else the message says. */
  withoutNames(prepared: string, lang: Lang): string {
    return this.namesIn(lang).remove(prepared);
  }

  /**
   * Two named topics plus a comparison word ("違い", "or", "which") make a
   * comparison. When the two are broad roles and the question names an aspect
   * of them (`aspects` in details.yaml: キャリア, skills…), the comparison is
   * between that aspect of both roles: career-pm with career-pmo.
   */
  comparison(text: string, named: readonly Entry[]): Comparison | undefined {
    const overview = this.overviewOf(named);
    if (overview) return overview;
    if (named.length < 2) return undefined;
    const pair = pickPair(named);
    if (!pair || isRoleAndItsOwnPart(pair) || !this.asksToCompare(text, pair)) return undefined;
    const role = this.narrowedRole(text, pair);
    if (role) return { sides: pair, answeredBy: role, named: pair, contrast: false };
    const aspect = this.aspectOf(pair, text);
    const sides = aspect ?? pair;
    const [a, b] = sides;
    const answeredBy =
      sharedTopic(named, pair) ??
      (aspect ? undefined : this.aspectOverview(pair, text)) ??
      this.kb.entries.find((e) => e.compares?.includes(a.id) && e.compares.includes(b.id));
    return { sides, answeredBy, named: pair, contrast: this.contrasts.has(text) };
  }

  /**
   * "pmo = just admin? or more than that": a broad role asked to be no more than the other
   * topic (a narrowing word right before its name) is answered by the role's own entry.
   */
  private narrowedRole(text: string, [a, b]: [Entry, Entry]): Entry | undefined {
    const [role, part] = a.category === 'basics' ? [a, b] : [b, a];
    if (!this.narrowing || role.category !== 'basics' || part.category === 'basics') return undefined;
    // Most comparisons hold no narrowing word at all: no need to prepare the text in both languages.
    if (this.followers(foldPhrase(text)).length === 0) return undefined;
    const narrowed = (['ja', 'en'] as const).some((lang) => {
      const prepared = foldPhrase(this.prepare(text, lang));
      this.namesIn(lang);
      const names = (this.preparedNames.get(`${lang}:${part.id}`) ?? []).map(foldPhrase);
      return this.followers(prepared).some((rest) => names.some((name) => rest.startsWith(name)));
    });
    return narrowed ? role : undefined;
  }

  /** What follows each narrowing word in the text. */
  private followers(prepared: string): string[] {
    if (!this.narrowing) return [];
    return [...prepared.matchAll(this.narrowing)].map((m) => prepared.slice((m.index ?? 0) + m[0].length));
  }

  /** A comparison word, or a ranking word ("better", 後に) between two topics of one kind. */
  private asksToCompare(text: string, [a, b]: [Entry, Entry]): boolean {
    return this.cues.has(text) || (a.category === b.category && this.ranking.has(text));
  }

  /**
   * "pmo admin / expert / manager... what's the deal with those": three or
   * more topics that one entry lists (`related`) are asked of that entry.
   */
  private overviewOf(named: readonly Entry[]): Comparison | undefined {
    const specific = named.filter((e) => e.category !== 'basics');
    const [a, b] = specific;
    if (!a || !b || specific.length < 3) return undefined;
    const answeredBy = this.kb.entries.find((e) => specific.every((s) => e.related.includes(s.id)));
    return answeredBy && { sides: [a, b], answeredBy, named: [a, b], contrast: false };
  }

  /**
   * A topic's entry of the aspect's category: itself, the entry `about` it (career-pm
   * for the PM), or the one it lists ("PMO manager vs portfolio manager careers": career-pmo).
   */
  private aspectEntry(side: Entry, category: string): Entry | undefined {
    if (side.category === category) return side;
    const about = this.kb.entries.find((e) => e.about === side.id && e.category === category);
    if (about || side.category === 'basics') return about;
    const listed = side.related.flatMap((id) => this.kb.byId.get(id) ?? []).filter((e) => e.category === category);
    return listed.length === 1 ? listed[0] : undefined;
  }

  /**
   * "Which certifications are there for each, PM or PMO?": an aspect with no entry
   * about each broad role is answered by the entry of its kind listing the most of
   * that kind (the certification overview), not by PM vs PMO.
   */
  private aspectOverview([a, b]: [Entry, Entry], text: string): Entry | undefined {
    if (a.category !== 'basics' || b.category !== 'basics') return undefined;
    const category = this.aspects.find(({ words }) => words.has(text))?.category;
    if (!category) return undefined;
    const ownKind = (e: Entry) => e.related.filter((id) => this.kb.byId.get(id)?.category === category).length;
    const [best] = this.kb.entries
      .filter((e) => e.category === category && ownKind(e) >= 2)
      .sort((x, y) => ownKind(y) - ownKind(x));
    return best;
  }

  private aspectOf([a, b]: [Entry, Entry], text: string): [Entry, Entry] | undefined {
    // "PMO-S or PMP for a PMO career?" compares two certifications, whatever for.
    if (a.category === b.category && a.category !== 'basics') return undefined;
    for (const { category, words } of this.aspects) {
      if (!words.has(text)) continue;
      const of = (side: Entry) => this.aspectEntry(side, category);
      const [x, y] = [of(a), of(b)];
      if (x && y && x !== y) return [x, y];
    }
    return undefined;
  }
}

const NOT_A_TOPIC = '';

/**
 * Prefers two topics of one kind ("IPA or PMP for a PM?" compares the
 * certifications, not PM with PMP), then two specific topics over the broad
 * PM / PMO roles ("PMの進捗管理とPMOエキスパート" compares progress tracking
 * with the PMO expert).
 */
function pickPair(named: readonly Entry[]): [Entry, Entry] | undefined {
  const specific = named.filter((e) => e.category !== 'basics');
  return sameKind(specific) ?? firstTwo(specific) ?? sameKind(named) ?? firstTwo(named);
}

/**
 * "How is communication different for a PM and a PMO?" compares the two
 * broad roles on one named topic: that topic's entry answers for both.
 */
function sharedTopic(named: readonly Entry[], pair: [Entry, Entry]): Entry | undefined {
  const specific = named.filter((e) => e.category !== 'basics');
  return pair.every((e) => e.category === 'basics') && specific.length === 1 ? specific[0] : undefined;
}

/**
 * "Does the PM set the project goals, or is that the client's job?" names the
 * PM and one of the PM's own duties: it asks about the duty, not to compare
 * the two. Ownership is read from `related`, either way round.
 */
function isRoleAndItsOwnPart([a, b]: [Entry, Entry]): boolean {
  const [role, part] = a.category === 'basics' ? [a, b] : [b, a];
  if (role.category !== 'basics' || part.category === 'basics') return false;
  return role.related.includes(part.id) || part.related.includes(role.id);
}

function sameKind(entries: readonly Entry[]): [Entry, Entry] | undefined {
  for (const [i, a] of entries.entries()) {
    const b = entries.slice(i + 1).find((e) => e.category === a.category);
    if (b) return [a, b];
  }
  return undefined;
}

function firstTwo([a, b]: readonly Entry[]): [Entry, Entry] | undefined {
  return a && b ? [a, b] : undefined;
}
