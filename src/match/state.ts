import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
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
  /** Row order of the weight matrix. */
  terms: string[];
  /** Float32 past a size (see classifier.ts), else Float64: the exact bytes trained. */
  weights: Float64Array | Float32Array;
}

export interface TypoState {
  known: Set<string>;
  byDeletion: Map<string, string>;
  /** Correctable words by first character: the lists each fuse index searches. */
  groups: Map<string, string[]>;
  /** Corrections already looked up (null: none), so a start from the index repeats no fuse search. */
  memo: Map<string, string | null>;
}

/** An inverted index (postings.ts): each term's examples and weights, end to end. */
export interface PostingsState {
  /** Term → slot; the slot's postings are [starts[slot], starts[slot + 1]). */
  slots: Map<string, number>;
  starts: Int32Array;
  examples: Int32Array;
  weights: Float64Array;
  /** The entry each example belongs to. */
  entryOf: string[];
}

export interface LanguageState {
  domain: Set<string>;
  idf: Map<string, number>;
  /** Postings of the example vectors. */
  examples: PostingsState;
  /** Postings of the entry vectors (one "example" per entry). */
  entryBags: PostingsState;
  entryVectors: Map<string, SparseVector>;
  entryIds: string[];
  classifier: ClassifierState;
  typos: TypoState;
}

export type MatcherState = Record<Lang, LanguageState>;

/** What a language needs only to match (not to read a question): restored on its first question. */
export type IndexState = Omit<LanguageState, 'typos'>;
const INDEX_KEYS = ['domain', 'idf', 'examples', 'entryBags', 'entryVectors', 'entryIds', 'classifier'] as const;

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

function isPostings(value: unknown): value is PostingsState {
  if (!isObject(value) || !(value.slots instanceof Map) || !(value.starts instanceof Int32Array)) return false;
  const total = value.starts[value.slots.size];
  return (
    value.starts.length === value.slots.size + 1 &&
    value.examples instanceof Int32Array &&
    value.examples.length === total &&
    value.weights instanceof Float64Array &&
    value.weights.length === total &&
    Array.isArray(value.entryOf)
  );
}

function isClassifier(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.terms) || typeof value.classes !== 'number') return false;
  const { weights } = value;
  const floats = weights instanceof Float64Array || weights instanceof Float32Array;
  return floats && weights.length === value.terms.length * value.classes;
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
  if (!isObject(value)) return false;
  return (
    value.idf instanceof Map &&
    value.entryVectors instanceof Map &&
    value.domain instanceof Set &&
    Array.isArray(value.entryIds) &&
    isPostings(value.examples) &&
    isPostings(value.entryBags) &&
    isClassifier(value.classifier)
  );
}
