import type { QueryRows, Vocabulary } from './vocabulary.js';

/**
 * An answer's sentences as postings: for each vocabulary row, the sentences
 * holding it and with what weight, back to back in typed arrays. A question
 * is scored against all of them in one pass over its few terms, where a
 * cosine per sentence spread each sentence's few dozen terms out and back
 * again. Built once per sentence list (the answers are few and fixed).
 */
export class SentencePostings {
  /** A row's postings are [start[k], start[k + 1]) for its k here. */
  private readonly slotOf = new Map<number, number>();
  private readonly start: Int32Array;
  private readonly sentences: Int32Array;
  private readonly weights: Float64Array;
  /** One score per sentence, reused by every question. */
  private readonly sums: Float64Array;

  constructor(private readonly vectors: readonly QueryRows[]) {
    const lists = new Map<number, { sentence: number; weight: number }[]>();
    vectors.forEach((vector, sentence) => {
      for (let i = 0; i < vector.size; i++) {
        const row = vector.rows[i] as number;
        const list = lists.get(row) ?? [];
        list.push({ sentence, weight: vector.weights[i] as number });
        lists.set(row, list);
      }
    });
    const flat = [...lists.values()].flat();
    this.sentences = Int32Array.from(flat, (p) => p.sentence);
    this.weights = Float64Array.from(flat, (p) => p.weight);
    this.start = new Int32Array(lists.size + 1);
    let k = 0;
    for (const [row, list] of lists) {
      this.slotOf.set(row, k);
      this.start[k + 1] = (this.start[k] as number) + list.length;
      k++;
    }
    this.sums = new Float64Array(vectors.length);
  }

  /**
   * Exactly `vocabulary.cosine(query, vector)` per sentence. Against a
   * sentence at least as large as the query, cosine() sums the query's terms
   * in the query's order, each times the sentence's weight or 0: the postings
   * add the same products in the same order, leaving out only the zeros
   * (adding +0 changes no sum). A sentence smaller than the query is summed
   * in its own order by cosine() itself.
   */
  scores(query: QueryRows, vocabulary: Vocabulary): number[] {
    const { sums, start, sentences, weights } = this;
    sums.fill(0);
    for (let t = 0; t < query.size; t++) {
      const k = this.slotOf.get(query.rows[t] as number);
      if (k === undefined) continue;
      const weight = query.weights[t] as number;
      const end = start[k + 1] as number;
      for (let i = start[k] as number; i < end; i++) {
        const sentence = sentences[i] as number;
        sums[sentence] = (sums[sentence] as number) + weight * (weights[i] as number);
      }
    }
    const scores: number[] = [];
    for (let s = 0; s < this.vectors.length; s++) {
      const vector = this.vectors[s] as QueryRows;
      scores.push(vector.size < query.size ? vocabulary.cosine(query, vector) : (sums[s] as number));
    }
    return scores;
  }
}
