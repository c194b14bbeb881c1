import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';

/**
 * Everything the matcher derives from the knowledge, in a JSON-safe shape, so
 * a prebuilt index (src/knowledge/cache.ts) can skip segmentation, IDF and
 * classifier training at start-up. Maps are kept as entry lists in their
 * insertion order: scores sum terms in that order, so a restored matcher adds
 * the same floats in the same order and answers exactly alike.
 */
export type Pairs<V> = [string, V][];

export interface ClassifierState {
  classes: number;
  /** Row order of the weight matrix. */
  terms: string[];
  float32: boolean;
  /** The weights' bytes, base64: exact, and far faster to read than numbers in JSON. */
  weights: string;
}

export interface TypoState {
  known: string[];
  byDeletion: Pairs<string>;
  /** Correctable words by first character: the lists each fuse index searches. */
  groups: Pairs<string[]>;
}

export interface LanguageState {
  domain: string[];
  idf: Pairs<number>;
  examples: { entryId: string; vector: Pairs<number> }[];
  entryVectors: Pairs<Pairs<number>>;
  entryIds: string[];
  classifier: ClassifierState;
  typos: TypoState;
}

export type MatcherState = Record<Lang, LanguageState>;

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

export function pairsOf<V>(map: ReadonlyMap<string, V>): Pairs<V> {
  return [...map];
}

export function bytesToBase64(array: Float64Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

export function base64ToFloats(text: string, float32: boolean): Float64Array | Float32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into a fresh, aligned buffer: Buffer's pool offset need not be a multiple of 8.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return float32 ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer);
}
