import type { QueryRows, Vocabulary } from './vocabulary.js';

/**
 * An answer's sentences as postings: for each vocabulary row, the sentences
 * holding it and with what weight, back to back in typed arrays. A question
 * is scored against all of them in one pass over its few terms, where a
 * cosine per sentence spread each sentence's few dozen terms out and back
 * again. Built once per sentence list (the answers are few and fixed).
 */
/** An empty slot: vocabulary rows are never negative. */
const NO_ROW = -1;

export class SentencePostings {
  /**
   * A row's postings are [start[k], start[k + 1]) for its k, found here: open addressing over
   * (row, k) pairs side by side, one cache line per lookup where a Map took several.
   */
  private readonly slots: Int32Array;
  private readonly shift: number;
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
    // At most half full, so a probe ends after a step or two.
    const bits = Math.max(2, Math.ceil(Math.log2(2 * lists.size + 1)));
    this.shift = 32 - bits;
    this.slots = new Int32Array(2 << bits).fill(NO_ROW);
    let k = 0;
    for (const [row, list] of lists) {
      this.place(row, k);
      this.start[k + 1] = (this.start[k] as number) + list.length;
      k++;
    }
    this.sums = new Float64Array(vectors.length);
  }

  private place(row: number, k: number): void {
    const mask = (this.slots.length >>> 1) - 1;
    let at = this.home(row);
    while (this.slots[2 * at] !== NO_ROW) at = (at + 1) & mask;
    this.slots[2 * at] = row;
    this.slots[2 * at + 1] = k;
  }

  /** The row's k, or -1 when no sentence holds it. */
  private slotOf(row: number): number {
    const { slots } = this;
    const mask = (slots.length >>> 1) - 1;
    for (let at = this.home(row); ; at = (at + 1) & mask) {
      const found = slots[2 * at] as number;
      if (found === row) return slots[2 * at + 1] as number;
      if (found === NO_ROW) return -1;
    }
  }

  private home(row: number): number {
    return Math.imul(row, 0x9e3779b1) >>> this.shift;
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
      const k = this.slotOf(query.rows[t] as number);
      if (k < 0) continue;
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
