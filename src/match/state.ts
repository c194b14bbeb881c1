import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { Lexicon } from '../text/lexicon.js';
import { isPairSlots } from './pair-table.js';
import type { SparseVector } from './vectors.js';

/**
 * Everything the matcher derives from the knowledge, so a prebuilt index
 * (src/knowledge/cache.ts) can skip segmentation, IDF, classifier training
 * and the postings at start-up. The index is written with v8.serialize, so
 * typed arrays, Maps and Sets are stored as they are and read back without
 * conversion (several times faster than lists of pairs). Maps keep their
 * insertion order through it: scores sum terms in that order, so a restored
 * matcher adds the same floats in the same order and answers exactly alike.
 */

export interface ClassifierState {
  classes: number;
  /** Float32 past a size (see classifier.ts), else Float64: the exact bytes trained, one row of `classes` per term. */
  weights: Float64Array | Float32Array;
  /** Vocabulary row → row of `weights` (-1: a term never seen in training). */
  rows: Int32Array;
}

/** A language's terms (vocabulary.ts): term → row, and each row's IDF and "the real entries use it" (1) by row. */
export interface VocabularyState {
  /** In the IDF map's order. */
  rowOf: ReadonlyMap<string, number>;
  idf: Float64Array;
  inDomain: Uint8Array;
}

export interface TypoState {
  known: Set<string>;
  byDeletion: Map<string, string>;
  /** Correctable words by first character: the lists each fuse index searches. */
  groups: Map<string, string[]>;
  /** Corrections already looked up (null: none), so a start from the index repeats no fuse search. */
  memo: Map<string, string | null>;
}

/** An inverted index (postings.ts): each vocabulary row's examples and weights, end to end. */
export interface PostingsState {
  /** A vocabulary row's postings are [start[row], start[row + 1]). */
  start: Int32Array;
  examples: Int32Array;
  weights: Float64Array;
  /** The entry (index into entryIds) each example belongs to. */
  entryOf: Int32Array;
}

/** A question's features as rows (feature-ids.ts): which rows are word pairs, and the pair and bigram tables. */
export interface FeatureIdsState {
  isPair: Uint8Array;
  pairs: Int32Array;
  bigrams: Int32Array;
}

export interface LanguageState {
  /** Every term with its IDF and whether the real entries use it (coverage), by row. */
  vocabulary: VocabularyState;
  featureIds: FeatureIdsState;
  /** Postings of the example vectors. */
  examples: PostingsState;
  /** Postings of the entry vectors (one "example" per entry). */
  entryBags: PostingsState;
  entryVectors: Map<string, SparseVector>;
  entryIds: string[];
  classifier: ClassifierState;
  typos: TypoState;
}

export interface MatcherState extends Record<Lang, LanguageState> {
  /** The segmenter's words (text/lexicon.ts), learnt from the knowledge for both languages. */
  lexicon: Lexicon;
  reading: ReadingState;
}

/**
 * What a question is read with, as tables a start only turns back into
 * functions: reading every knowledge text for them (and the topic names
 * through the whole question pipeline) took a fifth of a one-shot `ask` (CPU
 * profile).
 */
export interface ReadingState {
  /** The katakana restorer's terms by hiragana reading (text/katakana.ts). */
  katakana: Map<string, string>;
  /** The glossary's variants, each to its canonical term (text/synonyms.ts). */
  synonyms: Map<string, string>;
  /** Each topic name's spelling (knowledge/names.ts) as a question of the language is prepared. */
  names: Record<Lang, Map<string, string>>;
}

/** What a language needs only to match (not to read a question): restored on its first question. */
export type IndexState = Omit<LanguageState, 'typos'>;
const INDEX_KEYS = [
  'vocabulary',
  'featureIds',
  'examples',
  'entryBags',
  'entryVectors',
  'entryIds',
  'classifier',
] as const;

/**
 * A language's state whose index parts are made by `load` when first read
 * (the prebuilt index keeps them serialized until a question needs them).
 */
export function deferredLanguageState(typos: TypoState, load: () => IndexState): LanguageState {
  let index: IndexState | undefined;
  const loaded = () => {
    index ??= load();
    return index;
  };
  const state = { typos } as LanguageState;
  for (const key of INDEX_KEYS) Object.defineProperty(state, key, { enumerable: true, get: () => loaded()[key] });
  return state;
}

/** The index parts of a language's state, e.g. to store them apart from its typo corrector. */
export function indexPartOf(state: LanguageState): IndexState {
  const { typos: _typos, ...index } = state;
  return index;
}

/** Matcher state loaded from the prebuilt index for a knowledge base; the matcher uses it instead of building. */
const primed = new WeakMap<KnowledgeBase, MatcherState>();

export function primeMatcherState(kb: KnowledgeBase, state: MatcherState): void {
  primed.set(kb, state);
}

/** Taken once: the matcher keeps its own index, and the state's arrays should not stay in memory beside it. */
export function takePrimedMatcherState(kb: KnowledgeBase): MatcherState | undefined {
  const state = primed.get(kb);
  primed.delete(kb);
  return state;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Every number of `values` lies in [0, below), or [-1, below) when -1 means none. */
function allWithin(values: Int32Array, below: number, allowNone = false): boolean {
  const lowest = allowNone ? -1 : 0;
  for (const value of values) if (value < lowest || value >= below) return false;
  return true;
}

function isPostings(value: unknown, rows: number, entries: number): value is PostingsState {
  if (!isObject(value) || !(value.start instanceof Int32Array) || value.start.length !== rows + 1) return false;
  const { start, examples, weights, entryOf } = value;
  const total = start[rows];
  return (
    examples instanceof Int32Array &&
    examples.length === total &&
    weights instanceof Float64Array &&
    weights.length === total &&
    entryOf instanceof Int32Array &&
    allWithin(examples, entryOf.length) &&
    allWithin(entryOf, entries)
  );
}

function isVocabulary(value: unknown): value is VocabularyState {
  if (!isObject(value) || !(value.rowOf instanceof Map)) return false;
  const { rowOf, idf, inDomain } = value;
  return (
    idf instanceof Float64Array &&
    idf.length === rowOf.size &&
    inDomain instanceof Uint8Array &&
    inDomain.length === rowOf.size
  );
}

function isClassifier(value: unknown, rows: number): boolean {
  if (!isObject(value) || typeof value.classes !== 'number' || !(value.rows instanceof Int32Array)) return false;
  const { classes, weights } = value;
  const floats = weights instanceof Float64Array || weights instanceof Float32Array;
  return (
    floats &&
    classes > 0 &&
    weights.length % classes === 0 &&
    value.rows.length === rows &&
    allWithin(value.rows, weights.length / classes, true)
  );
}

const isStringMap = (value: unknown): value is Map<string, string> =>
  value instanceof Map && [...value].every(([k, v]) => typeof k === 'string' && typeof v === 'string');

export function isReadingState(value: unknown): value is ReadingState {
  if (!isObject(value) || !isObject(value.names)) return false;
  const { katakana, synonyms, names } = value;
  return isStringMap(katakana) && isStringMap(synonyms) && isStringMap(names.ja) && isStringMap(names.en);
}

function isFeatureIds(value: unknown, rows: number): value is FeatureIdsState {
  if (!isObject(value) || !(value.isPair instanceof Uint8Array) || value.isPair.length !== rows) return false;
  return isPairSlots(value.pairs, rows) && isPairSlots(value.bigrams, rows);
}

export function isTypoState(value: unknown): value is TypoState {
  if (!isObject(value)) return false;
  const maps = [value.byDeletion, value.groups, value.memo];
  return maps.every((map) => map instanceof Map) && value.known instanceof Set;
}

/**
 * A cheap check of a language's index parts from a prebuilt index, before
 * the matcher is built from them: the fields and containers the matcher
 * reads are there and their sizes agree, so building cannot throw later (the
 * checksum has already ruled out damage; this rules out a body of another shape).
 */
export function isIndexState(value: unknown): value is IndexState {
  if (!isObject(value) || !isVocabulary(value.vocabulary) || !Array.isArray(value.entryIds)) return false;
  const rows = value.vocabulary.rowOf.size;
  const entries = value.entryIds.length;
  return (
    value.entryVectors instanceof Map &&
    isFeatureIds(value.featureIds, rows) &&
    isPostings(value.examples, rows, entries) &&
    isPostings(value.entryBags, rows, entries) &&
    isClassifier(value.classifier, rows)
  );
}
