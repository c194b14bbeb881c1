import { UNKNOWN_PAIR, UNKNOWN_TERM } from './feature-ids.js';
import type { VocabularyState } from './state.js';

/** A question's weighted terms as vocabulary rows, in the order its vector would hold them. */
export interface QueryRows {
  // Plain arrays: a question makes two of these, and a typed array costs several times as much to allocate and collect.
  rows: number[];
  /** L2-normalized, as a SparseVector's weights. */
  weights: number[];
  size: number;
}

/**
 * The terms of one language's knowledge, each with a row: its IDF, whether
 * the real entries use it, its postings and classifier weights are all found
 * by that row. A question's term is then looked up once, not once per index
 * (a dozen Map lookups of a fresh string each, per term, were a tenth of a
 * question's time). Rows follow the IDF map's order. The parts are stored in
 * the prebuilt index as they are (toState/fromState): a start from it builds
 * no Map of its own.
 */
export class Vocabulary {
  readonly rowOf: ReadonlyMap<string, number>;
  private readonly idf: Float64Array;
  private readonly inDomain: Uint8Array;
  readonly maxIdf: number;
  /** One vector's weights spread out by row, for cosine(); zero again after each use. */
  private readonly scratch: Float64Array;
  /** A question's term counts by row, for weigh(); zero again after each use. */
  private readonly counts: Int32Array;

  private constructor({ rowOf, idf, inDomain }: VocabularyState) {
    this.rowOf = rowOf;
    this.idf = idf;
    this.inDomain = inDomain;
    this.scratch = new Float64Array(idf.length);
    this.counts = new Int32Array(idf.length);
    let max = Number.NEGATIVE_INFINITY;
    for (const weight of idf) if (weight > max) max = weight;
    this.maxIdf = max;
  }

  static build(idf: ReadonlyMap<string, number>, domain: ReadonlySet<string>): Vocabulary {
    const rowOf = new Map<string, number>();
    const weights = new Float64Array(idf.size);
    const inDomain = new Uint8Array(idf.size);
    for (const [term, weight] of idf) {
      const row = rowOf.size;
      rowOf.set(term, row);
      weights[row] = weight;
      inDomain[row] = domain.has(term) ? 1 : 0;
    }
    return new Vocabulary({ rowOf, idf: weights, inDomain });
  }

  /** Throws when the parts do not fit together (a damaged prebuilt index). */
  static fromState(state: VocabularyState): Vocabulary {
    const { rowOf, idf, inDomain } = state;
    if (idf.length !== rowOf.size || inDomain.length !== rowOf.size) throw new Error('vocabulary parts differ in size');
    return new Vocabulary(state);
  }

  /** What the vocabulary holds, for the prebuilt index. */
  toState(): VocabularyState {
    return { rowOf: this.rowOf, idf: this.idf, inDomain: this.inDomain };
  }

  /** A term's IDF (undefined: the knowledge never uses it), so the vocabulary reads as the IDF map it was made from. */
  get(term: string): number | undefined {
    const row = this.rowOf.get(term);
    return row === undefined ? undefined : this.idf[row];
  }

  get size(): number {
    return this.rowOf.size;
  }

  /**
   * Exactly weigh(termCounts(features), idf), as rows: same weights, in the
   * same order (each term's first place). A term the knowledge never uses has
   * no IDF, so weight 0, and is left out as weigh() leaves it out.
   */
  weigh(features: readonly string[]): QueryRows {
    return this.weighRows(features.map((term) => this.rowOf.get(term) ?? UNKNOWN_TERM));
  }

  /** weigh() of features given as rows (feature-ids.ts: negative for a term the vocabulary lacks). */
  weighRows(features: readonly number[]): QueryRows {
    const { counts } = this;
    const rows: number[] = [];
    for (const row of features) {
      if (row < 0) continue;
      if (counts[row] === 0) rows.push(row);
      counts[row] = (counts[row] as number) + 1;
    }
    const weights: number[] = [];
    let norm = 0;
    for (const row of rows) {
      const w = (1 + Math.log(counts[row] as number)) * (this.idf[row] as number);
      counts[row] = 0;
      if (w <= 0) continue;
      rows[weights.length] = row;
      weights.push(w);
      norm += w * w;
    }
    rows.length = weights.length;
    norm = Math.sqrt(norm);
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
    return { rows, weights, size: weights.length };
  }

  /**
   * Exactly cosine() of the two vectors as SparseVectors: the smaller one's
   * terms in its order, each weight times the other's (0 when it lacks the
   * term), with the other read by row instead of by Map lookup.
   */
  cosine(a: QueryRows, b: QueryRows): number {
    const small = a.size <= b.size ? a : b;
    const large = small === a ? b : a;
    const scratch = this.scratch;
    for (let i = 0; i < large.size; i++) scratch[large.rows[i] as number] = large.weights[i] as number;
    let sum = 0;
    for (let i = 0; i < small.size; i++)
      sum += (small.weights[i] as number) * (scratch[small.rows[i] as number] as number);
    for (let i = 0; i < large.size; i++) scratch[large.rows[i] as number] = 0;
    return sum;
  }

  /**
   * Share of the question's information (IDF-weighted) the knowledge knows at
   * all. "What time is 3 PM in Tokyo" shares only "pm" with the domain, so even
   * a decent similarity on that one word must not read as confident. Features
   * are rows (feature-ids.ts), `isPair` tells which rows are word pairs.
   */
  coverage(features: readonly number[], isPair: Uint8Array): number {
    let known = 0;
    let total = 0;
    for (const row of features) {
      // Word pairs are mostly new combinations of known words; they say nothing about scope.
      if (row === UNKNOWN_PAIR || (row >= 0 && isPair[row] === 1)) continue;
      const w = row >= 0 && this.inDomain[row] === 1 ? this.idf[row] : undefined;
      known += w ?? 0;
      total += w ?? this.maxIdf;
    }
    return total === 0 ? 0 : known / total;
  }
}
