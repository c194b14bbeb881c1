import Fuse from 'fuse.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Entry, Lang } from '../knowledge/schema.js';
import { normalize } from '../text/normalize.js';
import { buildSynonymRewriter, type SynonymRewriter } from '../text/synonyms.js';
import { japaneseBigrams, wordTokens } from '../text/tokenize.js';
import { FUSE_OPTIONS, type FuseDoc, VOCABULARY_FUSE_OPTIONS } from './fuse-options.js';
import { cosine, inverseDocumentFrequency, type SparseVector, termCounts, weigh } from './vectors.js';

export interface Candidate {
  entryId: string;
  /** Combined lexical + fuzzy similarity, 0..1. */
  score: number;
}

export interface MatchResult {
  lang: Lang;
  /** The question after normalization and synonym rewriting (what analytics groups by). */
  normalized: string;
  /** Best first; at most MAX_CANDIDATES. */
  candidates: Candidate[];
  /** Calibrated probability-like confidence that candidates[0] is right. */
  confidence: number;
}

export interface MatchOptions {
  /** Only consider these entries (e.g. `/pmo cert <name>` looks among certifications). */
  among?: ReadonlySet<string>;
}

const MAX_CANDIDATES = 5;
// Weights of the three signals, chosen on the dev set (see docs/matching.md):
// the closest example question dominates, the whole entry's vocabulary helps
// paraphrases, and fuse.js rescues typos.
const WEIGHT_BEST_EXAMPLE = 0.55;
const WEIGHT_ENTRY_BAG = 0.25;
const WEIGHT_FUZZY = 0.2;

interface Doc {
  entryId: string;
  vector: SparseVector;
}

interface LanguageIndex {
  idf: Map<string, number>;
  maxIdf: number;
  docs: Doc[];
  entryVectors: Map<string, SparseVector>;
  fuse: Fuse<FuseDoc>;
  vocabularyFuse: Fuse<string>;
}

export class Matcher {
  private readonly indexes: Record<Lang, LanguageIndex>;
  private readonly rewrite: SynonymRewriter;

  constructor(private readonly kb: KnowledgeBase) {
    this.rewrite = buildSynonymRewriter(kb.glossary);
    this.indexes = { ja: this.buildIndex('ja'), en: this.buildIndex('en') };
  }

  /** Normalization + synonyms, exactly as questions are indexed. */
  prepare(text: string): string {
    return this.rewrite(normalize(text));
  }

  match(text: string, lang: Lang, options: MatchOptions = {}): MatchResult {
    const index = this.indexes[lang];
    const normalized = this.prepare(text);
    const terms = this.queryFeatures(normalized, index);
    const query = weigh(termCounts(terms), index.idf);
    if (query.size === 0) return { lang, normalized, candidates: [], confidence: 0 };
    const fuzzy = this.fuzzyScores(normalized, index);
    const candidates = this.rank(query, fuzzy, index, options.among);
    const top = candidates[0]?.score ?? 0;
    return { lang, normalized, candidates, confidence: calibrate(top, coverage(terms, index)) };
  }

  private rank(
    query: SparseVector,
    fuzzy: Map<string, number>,
    index: LanguageIndex,
    among: ReadonlySet<string> | undefined,
  ): Candidate[] {
    const bestExample = new Map<string, number>();
    for (const doc of index.docs) {
      if (among && !among.has(doc.entryId)) continue;
      const s = cosine(query, doc.vector);
      if (s > (bestExample.get(doc.entryId) ?? 0)) bestExample.set(doc.entryId, s);
    }
    const scored: Candidate[] = [];
    for (const [entryId, vector] of index.entryVectors) {
      if (among && !among.has(entryId)) continue;
      const score =
        WEIGHT_BEST_EXAMPLE * (bestExample.get(entryId) ?? 0) +
        WEIGHT_ENTRY_BAG * cosine(query, vector) +
        WEIGHT_FUZZY * (fuzzy.get(entryId) ?? 0);
      if (score > 0) scored.push({ entryId, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES);
  }

  /** Word tokens (with typo correction against the domain vocabulary) plus Japanese bigrams. */
  private queryFeatures(normalized: string, index: LanguageIndex): string[] {
    const words = wordTokens(normalized).map((w) => correctTypo(w, index));
    return [...words, ...japaneseBigrams(normalized)];
  }

  private fuzzyScores(normalized: string, index: LanguageIndex): Map<string, number> {
    const best = new Map<string, number>();
    // Bitap cost grows with pattern length; the head of a question carries its topic.
    for (const hit of index.fuse.search(normalized.slice(0, 64), { limit: 40 })) {
      const s = 1 - (hit.score ?? 1);
      if (s > (best.get(hit.item.entryId) ?? 0)) best.set(hit.item.entryId, s);
    }
    return best;
  }

  private buildIndex(lang: Lang): LanguageIndex {
    const perEntry = this.kb.entries.map((entry) => ({
      entry,
      texts: searchableTexts(entry, lang).map((t) => this.prepare(t)),
    }));
    const bags = perEntry.map(({ entry, texts }) =>
      termCounts([...texts, this.prepare(entry[lang].answer)].flatMap(allFeatures)),
    );
    const idf = inverseDocumentFrequency(bags);
    const docs = perEntry.flatMap(({ entry, texts }) =>
      texts.map((t) => ({ entryId: entry.id, vector: weigh(termCounts(allFeatures(t)), idf) })),
    );
    const entryVectors = new Map(perEntry.map(({ entry }, i) => [entry.id, weigh(bags[i] ?? new Map(), idf)]));
    const fuseDocs = perEntry.flatMap(({ entry, texts }) => texts.map((text) => ({ entryId: entry.id, text })));
    const vocabulary = [...idf.keys()].filter((t) => /^[a-z][a-z0-9]{3,}$/.test(t));
    return {
      idf,
      maxIdf: Math.max(...idf.values()),
      docs,
      entryVectors,
      fuse: new Fuse(fuseDocs, FUSE_OPTIONS),
      vocabularyFuse: new Fuse(vocabulary, VOCABULARY_FUSE_OPTIONS),
    };
  }
}

function searchableTexts(entry: Entry, lang: Lang): string[] {
  const side = entry[lang];
  return [side.title, ...side.questions, ...side.keywords];
}

function allFeatures(normalized: string): string[] {
  return [...wordTokens(normalized), ...japaneseBigrams(normalized)];
}

function correctTypo(word: string, index: LanguageIndex): string {
  if (index.idf.has(word) || !/^[a-z]{5,}$/.test(word)) return word;
  const [hit] = index.vocabularyFuse.search(word, { limit: 1 });
  return hit ? hit.item : word;
}

/**
 * Share of the question's information (IDF-weighted) the knowledge knows at
 * all. "What time is 3 PM in Tokyo" shares only "pm" with the domain, so even
 * a decent cosine on that one word must not read as confident.
 */
function coverage(terms: readonly string[], index: LanguageIndex): number {
  let known = 0;
  let total = 0;
  for (const t of terms) {
    const w = index.idf.get(t);
    known += w ?? 0;
    total += w ?? index.maxIdf;
  }
  return total === 0 ? 0 : known / total;
}

// Logistic calibration fitted on the dev set: a raw score of CALIBRATION_MIDPOINT
// is a coin flip; see docs/matching.md for how to refit after big knowledge edits.
const CALIBRATION_MIDPOINT = 0.3;
const CALIBRATION_SLOPE = 14;

function calibrate(score: number, known: number): number {
  const evidence = score * Math.sqrt(known);
  return 1 / (1 + Math.exp(-CALIBRATION_SLOPE * (evidence - CALIBRATION_MIDPOINT)));
}
