import type { SparseVector } from './vectors.js';
import type { QueryRows, Vocabulary } from './vocabulary.js';

/** One term's examples and its weight in each, side by side in typed arrays. */
interface Postings {
  examples: Int32Array;
  weights: Float64Array;
}

/**
 * Inverted index over the example vectors: a question is scored only against
 * the examples that share a term with it, in one pass over its few terms,
 * instead of a cosine against every example (the matcher's old hot spot).
 * Scores are identical to the per-example cosine.
 */
export class ExampleIndex {
  /** By vocabulary row; a term no example uses has none. */
  private readonly postings: (Postings | undefined)[];
  private readonly entryOf: Int32Array;
  // Reused between questions: one allocation for the index's lifetime, not one per question.
  private readonly dots: Float64Array;
  private readonly touched: Int32Array;
  private readonly best: Float64Array;

  /** @param examples each example's entry, as an index into the entry list of `entries` */
  constructor(examples: readonly { entry: number; vector: SparseVector }[], entries: number, vocabulary: Vocabulary) {
    this.postings = new Array<Postings | undefined>(vocabulary.size).fill(undefined);
    this.entryOf = Int32Array.from(examples, (e) => e.entry);
    this.dots = new Float64Array(examples.length);
    this.touched = new Int32Array(examples.length);
    this.best = new Float64Array(entries);
    const lists = new Map<string, { example: number; weight: number }[]>();
    examples.forEach(({ vector }, example) => {
      for (const [term, weight] of vector) {
        const list = lists.get(term) ?? [];
        list.push({ example, weight });
        lists.set(term, list);
      }
    });
    for (const [term, list] of lists) {
      const row = vocabulary.rowOf.get(term);
      // A term outside the vocabulary has no IDF, so no question ever weighs it.
      if (row === undefined) continue;
      this.postings[row] = {
        examples: Int32Array.from(list, (p) => p.example),
        weights: Float64Array.from(list, (p) => p.weight),
      };
    }
  }

  /**
   * The best cosine of the query against any one example, per entry index (0
   * for an entry sharing no term). The array is reused: it holds this
   * question's scores until the next call.
   */
  bestPerEntry(query: QueryRows): Float64Array {
    const { dots, touched, best, entryOf } = this;
    let count = 0;
    for (let t = 0; t < query.size; t++) {
      const list = this.postings[query.rows[t] as number];
      if (!list) continue;
      const queryWeight = query.weights[t] as number;
      const { examples, weights } = list;
      for (let i = 0; i < examples.length; i++) {
        const example = examples[i] as number;
        const dot = dots[example] as number;
        if (dot === 0) touched[count++] = example;
        dots[example] = dot + queryWeight * (weights[i] as number);
      }
    }
    best.fill(0);
    for (let i = 0; i < count; i++) {
      const example = touched[i] as number;
      const entry = entryOf[example] as number;
      const score = dots[example] as number;
      dots[example] = 0;
      if (score > (best[entry] as number)) best[entry] = score;
    }
    return best;
  }
}
