import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import { type KatakanaRestorer, katakanaRestorer } from '../text/katakana.js';
import { RecentValues, remember } from '../text/memo.js';
import { foldKana, normalize } from '../text/normalize.js';
import { type Segment, Segmenter } from '../text/segment.js';
import { type SynonymRewriter, synonymRewriter } from '../text/synonyms.js';
import { features } from '../text/tokenize.js';
import { buildMatcherState, type LanguageIndex, OUT_OF_SCOPE, restoreIndex } from './build-state.js';
import { SentencePostings } from './sentence-postings.js';
import { takePrimedMatcherState } from './state.js';
import { TopScores } from './top-scores.js';
import { type MatchTrace, traceQuestion } from './trace.js';
import { TUNING } from './tuning.js';
import { TypoCorrector } from './typos.js';
import { cosine, weighFeatures } from './vectors.js';
import type { QueryRows } from './vocabulary.js';

export { buildMatcherState } from './build-state.js';

export interface Candidate {
  entryId: string;
  /** Combined similarity and classifier score (0..1.5; only comparisons between candidates mean anything). */
  score: number;
}

export interface MatchResult {
  lang: Lang;
  /** The question after normalization and synonym rewriting, kana-folded (what analytics groups by). */
  normalized: string;
  /** Best first; at most MAX_CANDIDATES. */
  candidates: Candidate[];
  /** IDF-weighted share of the question's words the knowledge knows at all, 0..1. */
  coverage: number;
  /** Calibrated confidence 0..1 that candidates[0] is right. */
  confidence: number;
  /** The "not our topic" class (knowledge/out-of-scope.yaml) won: helpdesk, HR, facilities. */
  declined?: boolean;
}

export interface MatchOptions {
  /** Only consider these entries (e.g. `/pmo cert <name>` looks among certifications). */
  among?: ReadonlySet<string>;
}

/** A question's prepared text and, once read, its features as vocabulary rows and its kana fold. */
interface PreparedQuestion {
  readonly text: string;
  features?: readonly number[];
  /** foldKana(text): MatchResult.normalized, and what the topic names are found in (phrases.ts). */
  folded?: string;
}

const MAX_CANDIDATES = 5;
/** The best entries of the question being ranked; reused, as ranking never runs inside itself. */
const top = new TopScores(MAX_CANDIDATES);
/** Name lists whose features are kept by their words: about two per entry and language, bounded against odd callers. */
const IGNORED_LIMIT = 1024;
const NOTHING_IGNORED: ReadonlySet<number> = new Set();
/** Prepared texts kept for reuse within one answer; small, because only the last few matter. */
const RECENT_LIMIT = 8;

export class Matcher {
  private readonly indexes: Record<Lang, LanguageIndex>;
  private readonly typos: Record<Lang, TypoCorrector>;
  private readonly rewrite: SynonymRewriter;
  private readonly restoreKatakana: KatakanaRestorer;
  private readonly segmenter: Segmenter;
  private readonly preparedNames: Record<Lang, ReadonlyMap<string, string>>;
  // Per language, the last few texts read (RecentValues: no hash of each fresh question string).
  // One memo for the prepared text and its features: one lookup per read, not one per memo.
  private readonly recent: Record<Lang, RecentValues<PreparedQuestion>> = {
    ja: new RecentValues(RECENT_LIMIT),
    en: new RecentValues(RECENT_LIMIT),
  };
  private readonly last: Record<Lang, { asked: string; prepared: PreparedQuestion } | undefined> = {
    ja: undefined,
    en: undefined,
  };
  private readonly ignored = new Map<string, ReadonlySet<number>>();
  private readonly postingsBySentences: Record<Lang, WeakMap<readonly string[], SentencePostings>> = {
    ja: new WeakMap(),
    en: new WeakMap(),
  };
  // Also by the list itself (an entry's `names`, the same array for every question): no key to build and hash.
  private readonly ignoredByList: Record<Lang, WeakMap<readonly string[], ReadonlySet<number>>> = {
    ja: new WeakMap(),
    en: new WeakMap(),
  };

  constructor(kb: KnowledgeBase) {
    // A prebuilt index when one was loaded for this knowledge; else built now (the costly part of start-up).
    const built = takePrimedMatcherState(kb) ?? buildMatcherState(kb);
    this.rewrite = synonymRewriter(built.reading.synonyms);
    this.restoreKatakana = katakanaRestorer(built.reading.katakana);
    this.preparedNames = built.reading.names;
    this.segmenter = new Segmenter(built.lexicon);
    this.typos = {
      ja: TypoCorrector.fromState(built.ja.typos, this.segmenter),
      en: TypoCorrector.fromState(built.en.typos, this.segmenter),
    };
    // Each language's index on its first question: a one-shot `ask` needs one of the two.
    this.indexes = onFirstUse({ ja: () => restoreIndex(built.ja), en: () => restoreIndex(built.en) });
  }

  /** Normalization + synonyms, exactly as the knowledge is indexed. */
  private prepare(text: string): string {
    return this.rewrite(normalize(text));
  }

  /** A question as the matcher reads it: normalized, typo-corrected, glossary-rewritten. */
  prepareQuestion(text: string, lang: Lang): string {
    return this.prepared(text, lang).text;
  }

  /** prepareQuestion() kana-folded (MatchResult.normalized), made once per prepared text: names and match() both read it. */
  foldedQuestion(text: string, lang: Lang): string {
    const prepared = this.prepared(text, lang);
    prepared.folded ??= foldKana(prepared.text);
    return prepared.folded;
  }

  /** The question's prepared form, kept for the rest of the answer: one answer reads the same text several times (match, names, sentence scores). */
  private prepared(text: string, lang: Lang): PreparedQuestion {
    // Most reads are of the text read last (the same string): told by one comparison, with no Map lookup.
    const last = this.last[lang];
    if (last !== undefined && last.asked === text) return last.prepared;
    const prepared = this.recent[lang].get(text, () => ({
      // A topic name's prepared form came with the state: every answer looks up all the names.
      text:
        this.preparedNames[lang].get(text) ??
        this.rewrite(this.typos[lang].correctText(this.restoreKatakana(normalize(text)))),
    }));
    this.last[lang] = { asked: text, prepared };
    return prepared;
  }

  /** Features of a prepared question as vocabulary rows, kept with it. */
  private questionFeatures(text: string, lang: Lang): readonly number[] {
    const prepared = this.prepared(text, lang);
    prepared.features ??= this.indexes[lang].featureIds.of(prepared.text, this.segmenter);
    return prepared.features;
  }

  /** The words of a prepared text, cut as the knowledge's own were. */
  segments(prepared: string): readonly Segment[] {
    return this.segmenter.segments(prepared);
  }

  /**
   * How well each sentence answers the question (TF-IDF cosine, 0..1), with
   * the question's `ignore` terms left out: the topic's own name says which
   * entry, not which sentence of it.
   */
  sentenceScores(question: string, lang: Lang, sentences: readonly string[], ignore: readonly string[] = []): number[] {
    const index = this.indexes[lang];
    const skip = this.ignoredFeatures(ignore, lang);
    const terms = this.questionFeatures(question, lang).filter((t) => !skip.has(t));
    const query = index.vocabulary.weighRows(terms);
    return this.sentencePostings(sentences, lang).scores(query, index.vocabulary);
  }

  /** The sentences' postings, kept with the list: an entry's sentences (precise.ts answerSentences) are the same list every time. */
  private sentencePostings(sentences: readonly string[], lang: Lang): SentencePostings {
    const known = this.postingsBySentences[lang].get(sentences);
    if (known) return known;
    const postings = new SentencePostings(sentences.map((sentence) => this.sentenceVector(sentence, lang)));
    this.postingsBySentences[lang].set(sentences, postings);
    return postings;
  }

  /** Features of the left-out names: the same few lists (entries' names) for every question. */
  private ignoredFeatures(ignore: readonly string[], lang: Lang): ReadonlySet<number> {
    if (ignore.length === 0) return NOTHING_IGNORED;
    const known = this.ignoredByList[lang].get(ignore);
    if (known) return known;
    // A list made afresh per call (a comparison's two sides' names) is found by its words.
    const key = `${lang}\u0000${ignore.join('\u0000')}`;
    const skip = remember(
      this.ignored,
      IGNORED_LIMIT,
      key,
      () => new Set(ignore.flatMap((t) => this.questionFeatures(t, lang))),
    );
    this.ignoredByList[lang].set(ignore, skip);
    return skip;
  }

  private sentenceVector(sentence: string, lang: Lang): QueryRows {
    const index = this.indexes[lang];
    let vector = index.sentenceCache.get(sentence);
    if (!vector) {
      vector = index.vocabulary.weigh(features(this.prepare(sentence), this.segmenter));
      // Answer sentences are few and fixed; the cache stays as small as the knowledge.
      if (index.sentenceCache.size < 5000) index.sentenceCache.set(sentence, vector);
    }
    return vector;
  }

  /** How `text` is read, step by step, and which of its terms weigh most for `entryId` (`why`, `ask --explain`). */
  trace(text: string, lang: Lang, entryId?: string): MatchTrace {
    const index = this.indexes[lang];
    const typos = this.typos[lang];
    return traceQuestion(text, {
      restore: this.restoreKatakana,
      correct: (t, onCorrect) => typos.correctText(t, onCorrect),
      rewrite: this.rewrite,
      segmenter: this.segmenter,
      idf: index.vocabulary,
      entry: entryId ? index.entryVectors.get(entryId) : undefined,
    });
  }

  match(text: string, lang: Lang, options: MatchOptions = {}): MatchResult {
    const index = this.indexes[lang];
    const read = this.prepared(text, lang);
    const prepared = read.text;
    read.features ??= index.featureIds.of(prepared, this.segmenter);
    const terms = read.features;
    const query = index.vocabulary.weighRows(terms);
    read.folded ??= foldKana(prepared);
    const normalized = read.folded;
    if (query.size === 0) return { lang, normalized, candidates: [], coverage: 0, confidence: 0 };
    const ranked = rank(query, terms, index, options.among);
    const candidates = ranked.filter((c) => c.entryId !== OUT_OF_SCOPE);
    const known = index.vocabulary.coverage(terms, index.featureIds.isPair);
    const declined = ranked[0]?.entryId === OUT_OF_SCOPE;
    const confidence = calibrate(candidates, known);
    return {
      lang,
      normalized,
      candidates,
      coverage: known,
      confidence: declined ? Math.min(confidence, TUNING.outOfScopeConfidenceCap) : confidence,
      declined,
    };
  }
}

/** An object whose every property is made on its first read, then kept as a plain value. */
function onFirstUse<K extends string, V>(makers: Record<K, () => V>): Record<K, V> {
  const made = {} as Record<K, V>;
  for (const key of Object.keys(makers) as K[]) {
    Object.defineProperty(made, key, {
      configurable: true,
      enumerable: true,
      get: () => {
        const value = makers[key]();
        Object.defineProperty(made, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return made;
}

function rank(
  query: QueryRows,
  terms: readonly number[],
  index: LanguageIndex,
  among: ReadonlySet<string> | undefined,
): Candidate[] {
  const bestExample = index.examples.bestPerEntry(query);
  const entryBag = bagCosines(query, terms, index);
  const probabilities = index.classifier.predict(query);
  top.clear();
  for (let i = 0; i < index.entryIds.length; i++) {
    if (among && !among.has(index.entryIds[i] as string)) continue;
    const score =
      TUNING.weights.bestExample * (bestExample[i] ?? 0) +
      TUNING.weights.entryBag * (entryBag[i] ?? 0) +
      TUNING.weights.classifier * (probabilities[i] ?? 0);
    if (score > 0) top.offer(i, score);
  }
  const candidates: Candidate[] = [];
  for (let k = 0; k < top.size; k++)
    candidates.push({ entryId: index.entryIds[top.index(k)] as string, score: top.score(k) });
  return candidates;
}

/**
 * The query's cosine with each entry's bag of words, by entry index. Through
 * the postings when the query is the smaller vector (the usual case): the
 * products are summed in the query's term order, as `cosine` sums them, so
 * scores are bit-identical.
 */
function bagCosines(query: QueryRows, terms: readonly number[], index: LanguageIndex): Float64Array {
  if (query.size <= index.smallestBag) return index.entryBags.bestPerEntry(query);
  // The terms the knowledge lacks weigh nothing and leave the others' order as it was.
  const known = terms.flatMap((row) => (row >= 0 ? [index.featureIds.terms[row] as string] : []));
  const vector = weighFeatures(known, index.vocabulary);
  return Float64Array.from(index.entryIds, (id) => {
    const bag = index.entryVectors.get(id);
    return bag ? cosine(vector, bag) : 0;
  });
}

// Logistic calibration chosen on the dev set (docs/matching.md): evidence is
// the top score plus a share of its lead over the runner-up, scaled by how
// much of the question the knowledge knows. The midpoint is where answering
// and declining were equally often right; 0.5 confidence sits there.
const CALIBRATION = TUNING.calibration;

function calibrate(candidates: readonly Candidate[], known: number): number {
  const top = candidates[0]?.score ?? 0;
  const margin = top - (candidates[1]?.score ?? 0);
  const evidence = (top + CALIBRATION.marginWeight * margin) * known;
  return 1 / (1 + Math.exp(-CALIBRATION.slope * (evidence - CALIBRATION.midpoint)));
}
