import type { SparseVector } from './vectors.js';

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
  private readonly postings = new Map<string, Postings>();
  private readonly entryOf: string[];
  // Reused between questions: one allocation for the index's lifetime, not one per question.
  private readonly dots: Float64Array;
  private readonly touched: number[] = [];

  constructor(examples: readonly { entryId: string; vector: SparseVector }[]) {
    this.entryOf = examples.map((e) => e.entryId);
    this.dots = new Float64Array(examples.length);
    const lists = new Map<string, { example: number; weight: number }[]>();
    examples.forEach(({ vector }, example) => {
      for (const [term, weight] of vector) {
        const list = lists.get(term) ?? [];
        list.push({ example, weight });
        lists.set(term, list);
      }
    });
    for (const [term, list] of lists) {
      this.postings.set(term, {
        examples: Int32Array.from(list, (p) => p.example),
        weights: Float64Array.from(list, (p) => p.weight),
      });
    }
  }

  /** The best cosine of the query against any one example, per entry (entries with no shared term are absent). */
  bestPerEntry(query: SparseVector, among?: ReadonlySet<string>): Map<string, number> {
    for (const [term, queryWeight] of query) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { examples, weights } = list;
      const dots = this.dots;
      for (let i = 0; i < examples.length; i++) {
        const example = examples[i] as number;
        const dot = dots[example] as number;
        if (dot === 0) this.touched.push(example);
        dots[example] = dot + queryWeight * (weights[i] as number);
      }
    }
    const best = new Map<string, number>();
    for (const example of this.touched) {
      const entryId = this.entryOf[example] ?? '';
      const score = this.dots[example] ?? 0;
      this.dots[example] = 0;
      if (among && !among.has(entryId)) continue;
      if (score > (best.get(entryId) ?? 0)) best.set(entryId, score);
    }
    this.touched.length = 0;
    return best;
  }
}
