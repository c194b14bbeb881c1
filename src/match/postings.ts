import type { SparseVector } from './vectors.js';

interface Posting {
  example: number;
  weight: number;
}

/**
 * Inverted index over the example vectors: a question is scored only against
 * the examples that share a term with it, in one pass over its few terms,
 * instead of a cosine against every example (the matcher's old hot spot).
 * Scores are identical to the per-example cosine.
 */
export class ExampleIndex {
  private readonly postings = new Map<string, Posting[]>();
  private readonly entryOf: string[];
  // Reused between questions: one allocation for the index's lifetime, not one per question.
  private readonly dots: Float64Array;
  private readonly touched: number[] = [];

  constructor(examples: readonly { entryId: string; vector: SparseVector }[]) {
    this.entryOf = examples.map((e) => e.entryId);
    this.dots = new Float64Array(examples.length);
    examples.forEach(({ vector }, example) => {
      for (const [term, weight] of vector) {
        const list = this.postings.get(term) ?? [];
        list.push({ example, weight });
        this.postings.set(term, list);
      }
    });
  }

  /** The best cosine of the query against any one example, per entry (entries with no shared term are absent). */
  bestPerEntry(query: SparseVector, among?: ReadonlySet<string>): Map<string, number> {
    for (const [term, queryWeight] of query) {
      for (const { example, weight } of this.postings.get(term) ?? []) {
        if (this.dots[example] === 0) this.touched.push(example);
        this.dots[example] = (this.dots[example] ?? 0) + queryWeight * weight;
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
